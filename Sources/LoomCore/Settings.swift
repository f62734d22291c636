import Foundation

/// Values given on the command line (absent = not given), by `SettingsSchema` key; a switch
/// that is on holds "1".
public struct FlagSettings: Sendable, Equatable {
    public var values: [SettingKey: String] = [:]

    public init() {}

    /// From `--flag value` pairs as written on a line (the shell's completion reads them so).
    public init(commandLine options: [String: String]) {
        for (name, value) in options {
            if let d = SettingsSchema.descriptor(named: name), d.isConnection { values[d.key] = value }
        }
    }

    public subscript(_ key: SettingKey) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }
}

/// Everything a command needs to know about where and how to connect, resolved once with the
/// precedence flag > environment > current context > built-in default.
public struct Settings: Sendable {
    public var redisURL: String
    /// Password from --password-file, LOOMCTL_REDIS_PASSWORD or the context's password-file; nil = use the URL's.
    public var redisPassword: String?
    public var actorPrefix: String
    public var keyPrefix: String
    public var bullPrefix: String
    public var nodePrefix: String
    public var timeout: Double
    public var configPath: String
    public var config: ConfigFile
    public var contextName: String?
    /// Where each setting came from (`flag`, `env LOOMCTL_REDIS_URL`, `context prod`, `default`).
    public var sources: [String: String]
    public var warnings: [String]
    /// Every resolved connection setting as text, by schema key (the password under `.passwordFile`).
    public var values: [SettingKey: String]

    public var context: Context? { contextName.flatMap { config.context(named: $0) } }
    public var llm: LLMSettings { context?.llm ?? LLMSettings() }
    public var health: HealthThresholds { config.health ?? HealthThresholds() }

    public static var defaultRedisURL: String { SettingsSchema[.redis].defaultValue ?? "" }
    public static var defaultActorPrefix: String { SettingsSchema[.actorPrefix].defaultValue ?? "" }
    public static var defaultBullPrefix: String { SettingsSchema[.bullPrefix].defaultValue ?? "" }
    public static var defaultNodePrefix: String { SettingsSchema[.nodePrefix].defaultValue ?? "" }
    public static var defaultTimeout: Double { SettingsSchema[.timeout].defaultValue.flatMap(Double.init) ?? 5 }

    /// Resolves settings; throws a usage error for a missing context, unreadable password file or bad config.
    /// `lenient` ignores a context that does not exist (the `config` commands must work to repair that).
    public static func resolve(flags: FlagSettings, environment env: [String: String], lenient: Bool = false) throws(CoreError) -> Settings {
        let configPath = Self.configPath(flags: flags, environment: env)
        let config = try ConfigStore.load(path: configPath,
            mustExist: !lenient && configPathIsExplicit(flags: flags, environment: env))
        var warnings: [String] = []

        var sources: [String: String] = [:]
        let contextName: String?
        let contextEnv = SettingsSchema[.context].environment
        if let name = flags[.context] {
            contextName = name
            sources["context"] = "flag"
        } else if let (variable, name) = firstSet(contextEnv, in: env) {
            contextName = name
            sources["context"] = "env \(variable)"
        } else {
            contextName = config.currentContext
            sources["context"] = "config file"
        }
        var ctx: Context?
        if let contextName {
            ctx = config.context(named: contextName)
            let named = flags[.context] != nil || contextEnv.contains { env[$0] != nil } || config.currentContext != nil
            if ctx == nil && !lenient && named {
                throw CoreError.contextNotFound(contextName, in: config, path: configPath)
            }
        }

        // flag > environment > context > default, for every plain connection setting of the schema.
        var values: [SettingKey: String] = [:]
        for d in SettingsSchema.all where d.isConnection && d.contextKey != nil && d.kind != .secretFile {
            if let flag = flags[d.key] {
                sources[d.sourceName] = "flag"
                values[d.key] = flag
            } else if let (variable, value) = firstSet(d.environment, in: env) {
                sources[d.sourceName] = "env \(variable)"
                values[d.key] = value
            } else if let value = ctx?[d.key] {
                sources[d.sourceName] = "context \(contextName ?? "")"
                values[d.key] = value
            } else {
                sources[d.sourceName] = "default"
                values[d.key] = d.defaultValue ?? ""
            }
        }
        let timeoutText = values[.timeout] ?? ""
        guard let timeout = Double(timeoutText), timeout > 0, timeout <= 3600 else {
            throw CoreError.usage("invalid timeout '\(timeoutText)' (\(sources["timeout"] ?? "")): expected seconds between 0 and 3600")
        }

        // A password on the command line is visible to every local user in `ps` and /proc.
        if let flag = flags[.redis], Self.urlHasPassword(flag) {
            let pw = SettingsSchema[.passwordFile]
            warnings.append("the \(SettingsSchema[.redis].flag) URL holds a password, which other local users can read in ps; "
                + "use \(pw.flag) PATH or \(pw.environment.joined(separator: " or ")) instead")
        }
        let secret = SettingsSchema[.passwordFile]
        var password: String?
        if let file = flags[secret.key] {
            if let w = ConfigStore.permissionWarning(path: file, what: "password file") { warnings.append(w) }
            password = try readSecretFile(file)
            sources[secret.sourceName] = "flag \(secret.flag)"
        } else if let (variable, pw) = firstSet(secret.environment, in: env) {
            password = pw
            sources[secret.sourceName] = "env \(variable)"
        } else if let file = ctx?[secret.key] {
            if let w = ConfigStore.permissionWarning(path: file, what: "password file") { warnings.append(w) }
            password = try readSecretFile(file)
            sources[secret.sourceName] = "context \(secret.contextKey ?? "")"
        }
        if let password { values[secret.key] = password }

        return Settings(redisURL: values[.redis] ?? "", redisPassword: password, actorPrefix: values[.actorPrefix] ?? "",
            keyPrefix: values[.keyPrefix] ?? "", bullPrefix: values[.bullPrefix] ?? "", nodePrefix: values[.nodePrefix] ?? "",
            timeout: timeout, configPath: configPath, config: config, contextName: ctx?.name, sources: sources,
            warnings: warnings, values: values)
    }

    /// The first of `names` set (non-empty) in `env`, with its value.
    static func firstSet(_ names: [String], in env: [String: String]) -> (String, String)? {
        for name in names { if let v = env[name].nonEmpty { return (name, v) } }
        return nil
    }

    /// The resolved connection settings as the environment variables that carry them to a child
    /// process (never argv, where `ps` shows them): the first variable of each schema entry.
    public var handOffEnvironment: [String: String] {
        var env: [String: String] = [:]
        for d in SettingsSchema.all where d.isConnection && d.handOff == .environment {
            if let v = values[d.key], let name = d.environment.first { env[name] = v }
        }
        return env
    }

    /// `--config`, then `LOOMCTL_CONFIG`, then the XDG default.
    public static func configPath(flags: FlagSettings, environment env: [String: String]) -> String {
        flags[.config] ?? firstSet(SettingsSchema[.config].environment, in: env)?.1 ?? ConfigStore.defaultPath(environment: env)
    }

    /// Whether the config file was named by the user (`--config`, `LOOMCTL_CONFIG`): then it must exist.
    public static func configPathIsExplicit(flags: FlagSettings, environment env: [String: String]) -> Bool {
        flags[.config] != nil || firstSet(SettingsSchema[.config].environment, in: env) != nil
    }

    /// Whether a Redis URL carries a password in its userinfo or query (structurally, even when malformed).
    static func urlHasPassword(_ url: String) -> Bool {
        Redact.url(url) != url
    }

    /// Reads a one-line secret file. Trailing line ends are removed byte-wise: `\r\n` is one Swift
    /// Character, so a CRLF file written on Windows must not keep its `\r` (it would fail AUTH).
    public static func readSecretFile(_ path: String) throws(CoreError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CoreError.usage("cannot read password file \(path)")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Optional where Wrapped == String {
    /// nil for nil or "" (an empty variable counts as unset).
    public var nonEmpty: String? {
        switch self {
        case .some(let s) where !s.isEmpty: return s
        default: return nil
        }
    }
}
