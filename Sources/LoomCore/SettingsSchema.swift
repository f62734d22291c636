/// The name of one setting a command line, the environment or a context can give.
public enum SettingKey: String, CaseIterable, Sendable {
    case redis, passwordFile, actorPrefix, keyPrefix, bullPrefix, nodePrefix, context, config, timeout
    case output, color, noHeaders, yes, verbose
}

/// One setting, declared once: its flag, environment variables, config-file key, default, how its
/// value is shown, and how `loomctl shell`'s own flag reaches the lines typed in the shell.
public struct SettingDescriptor: Sendable {
    /// What the value is, which decides parsing, redaction and the YAML type.
    public enum Kind: Sendable, Equatable {
        case text
        /// A Redis URL: shown with its password redacted.
        case redisURL
        /// The flag and context name a file; the environment variable holds the secret itself.
        case secretFile
        case path
        case seconds
        /// An enumerated word (`-o`, `--color`), checked by the CLI.
        case choice
        /// A switch that takes no value.
        case flag
    }

    /// How the shell passes its own flag on to every line: through the lines' environment, the
    /// session (which `use` and `set` change), or not at all.
    public enum HandOff: Sendable, Equatable { case environment, session, none }

    public let key: SettingKey
    /// `--redis`.
    public let flag: String
    /// `-o`, if there is one.
    public let short: String?
    /// Read in this order; the first is where the shell hands the value on.
    public let environment: [String]
    /// The key in a context of the config file (`password-file`); nil when contexts cannot set it.
    public let contextKey: String?
    /// The built-in value (nil: none, or computed, like the config path).
    public let defaultValue: String?
    public let kind: Kind
    public let handOff: HandOff
    /// Whether `Settings.resolve` resolves it (connection) or the CLI does (presentation).
    public let isConnection: Bool

    public var takesValue: Bool { kind != .flag }
    /// The key used in `Settings.sources` (`config view`).
    public var sourceName: String { kind == .secretFile ? "password" : key.rawValue }
    /// Every spelling on the command line.
    public var names: [String] { [flag] + (short.map { [$0] } ?? []) }

    /// The value as `config view` and traces may show it.
    public func redacted(_ value: String) -> String {
        switch kind {
        case .redisURL: return Redact.url(value)
        case .secretFile: return Redact.secret(value)
        default: return value
        }
    }
}

/// The table every setting is declared in (docs/configuration.md). Flag parsing glue, environment
/// lookup, config-file keys, defaults, redaction and the shell's hand-off all follow from it;
/// `GlobalOptions` declares the matching ArgumentParser properties (a test checks they agree).
public enum SettingsSchema {
    public static let all: [SettingDescriptor] = [
        .init(key: .redis, flag: "--redis", short: nil, environment: ["LOOMCTL_REDIS_URL", "REDIS_URL"], contextKey: "redis",
            defaultValue: "redis://127.0.0.1:6379", kind: .redisURL, handOff: .environment, isConnection: true),
        .init(key: .passwordFile, flag: "--password-file", short: nil, environment: ["LOOMCTL_REDIS_PASSWORD"],
            contextKey: "password-file", defaultValue: nil, kind: .secretFile, handOff: .environment, isConnection: true),
        .init(key: .actorPrefix, flag: "--actor-prefix", short: nil, environment: ["LOOMCTL_ACTOR_PREFIX"], contextKey: "actor-prefix",
            defaultValue: "loom:actor", kind: .text, handOff: .environment, isConnection: true),
        .init(key: .keyPrefix, flag: "--key-prefix", short: nil, environment: ["LOOMCTL_KEY_PREFIX"], contextKey: "key-prefix",
            defaultValue: "", kind: .text, handOff: .environment, isConnection: true),
        .init(key: .bullPrefix, flag: "--bull-prefix", short: nil, environment: ["LOOMCTL_BULL_PREFIX"], contextKey: "bull-prefix",
            defaultValue: "bull", kind: .text, handOff: .environment, isConnection: true),
        .init(key: .nodePrefix, flag: "--node-prefix", short: nil, environment: ["LOOMCTL_NODE_PREFIX"], contextKey: "node-prefix",
            defaultValue: "loom:node", kind: .text, handOff: .environment, isConnection: true),
        .init(key: .context, flag: "--context", short: nil, environment: ["LOOMCTL_CONTEXT"], contextKey: nil,
            defaultValue: nil, kind: .text, handOff: .session, isConnection: true),
        .init(key: .config, flag: "--config", short: nil, environment: ["LOOMCTL_CONFIG"], contextKey: nil,
            defaultValue: nil, kind: .path, handOff: .environment, isConnection: true),
        .init(key: .timeout, flag: "--timeout", short: nil, environment: ["LOOMCTL_TIMEOUT"], contextKey: "timeout",
            defaultValue: "5.0", kind: .seconds, handOff: .environment, isConnection: true),
        .init(key: .output, flag: "--output", short: "-o", environment: ["LOOMCTL_OUTPUT"], contextKey: nil,
            defaultValue: "table", kind: .choice, handOff: .session, isConnection: false),
        .init(key: .noHeaders, flag: "--no-headers", short: nil, environment: [], contextKey: nil,
            defaultValue: nil, kind: .flag, handOff: .none, isConnection: false),
        .init(key: .color, flag: "--color", short: nil, environment: [], contextKey: nil,
            defaultValue: "auto", kind: .choice, handOff: .session, isConnection: false),
        .init(key: .yes, flag: "--yes", short: "-y", environment: ["LOOMCTL_YES"], contextKey: nil,
            defaultValue: nil, kind: .flag, handOff: .environment, isConnection: false),
        .init(key: .verbose, flag: "--verbose", short: "-v", environment: [], contextKey: nil,
            defaultValue: nil, kind: .flag, handOff: .none, isConnection: false),
    ]

    public static subscript(_ key: SettingKey) -> SettingDescriptor {
        // `all` lists every key (SettingsSchemaTests checks), so this never fails.
        all.first { $0.key == key }!
    }

    /// The descriptor a command-line spelling (`-o`, `--redis`) names.
    public static func descriptor(named name: String) -> SettingDescriptor? {
        all.first { $0.names.contains(name) }
    }

    /// Spellings of the settings that take a value, and of the switches.
    public static let valueOptions: Set<String> = Set(all.filter(\.takesValue).flatMap(\.names))
    public static let flagOptions: Set<String> = Set(all.filter { !$0.takesValue }.flatMap(\.names))

    /// The settings a context of the config file can hold, in file order.
    public static var contextSettings: [SettingDescriptor] { all.filter { $0.contextKey != nil } }
}
