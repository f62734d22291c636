import Foundation

/// Values given on the command line (nil = not given).
public struct FlagSettings: Sendable, Equatable {
    public var redis: String?
    public var passwordFile: String?
    public var actorPrefix: String?
    public var keyPrefix: String?
    public var bullPrefix: String?
    public var nodePrefix: String?
    public var context: String?
    public var config: String?
    public var timeout: Double?

    public init() {}
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

    public var context: Context? { contextName.flatMap { config.context(named: $0) } }
    public var llm: LLMSettings { context?.llm ?? LLMSettings() }
    public var health: HealthThresholds { config.health ?? HealthThresholds() }

    public static let defaultRedisURL = "redis://127.0.0.1:6379"
    public static let defaultActorPrefix = "loom:actor"
    public static let defaultBullPrefix = "bull"
    public static let defaultNodePrefix = "loom:node"
    public static let defaultTimeout = 5.0

    /// Resolves settings; throws a usage error for a missing context, unreadable password file or bad config.
    /// `lenient` ignores a context that does not exist (the `config` commands must work to repair that).
    public static func resolve(flags: FlagSettings, environment env: [String: String], lenient: Bool = false) throws(CoreError) -> Settings {
        let configPath = Self.configPath(flags: flags, environment: env)
        let config = try ConfigStore.load(path: configPath,
            mustExist: !lenient && configPathIsExplicit(flags: flags, environment: env))
        var warnings: [String] = []

        var sources: [String: String] = [:]
        let contextName: String?
        if let name = flags.context {
            contextName = name
            sources["context"] = "flag"
        } else if let name = env["LOOMCTL_CONTEXT"].nonEmpty {
            contextName = name
            sources["context"] = "env LOOMCTL_CONTEXT"
        } else {
            contextName = config.currentContext
            sources["context"] = "config file"
        }
        var ctx: Context?
        if let contextName {
            ctx = config.context(named: contextName)
            if ctx == nil && !lenient && (flags.context != nil || env["LOOMCTL_CONTEXT"] != nil || config.currentContext != nil) {
                throw CoreError.contextNotFound(contextName, in: config, path: configPath)
            }
        }

        func pick(_ key: String, flag: String?, envNames: [String], context: String?, fallback: String) -> String {
            if let flag { sources[key] = "flag"; return flag }
            for name in envNames { if let v = env[name].nonEmpty { sources[key] = "env \(name)"; return v } }
            if let context { sources[key] = "context \(contextName ?? "")"; return context }
            sources[key] = "default"
            return fallback
        }

        let redisURL = pick("redis", flag: flags.redis, envNames: ["LOOMCTL_REDIS_URL", "REDIS_URL"], context: ctx?.redis,
            fallback: defaultRedisURL)
        let actorPrefix = pick("actorPrefix", flag: flags.actorPrefix, envNames: ["LOOMCTL_ACTOR_PREFIX"],
            context: ctx?.actorPrefix, fallback: defaultActorPrefix)
        let keyPrefix = pick("keyPrefix", flag: flags.keyPrefix, envNames: ["LOOMCTL_KEY_PREFIX"], context: ctx?.keyPrefix,
            fallback: "")
        let bullPrefix = pick("bullPrefix", flag: flags.bullPrefix, envNames: ["LOOMCTL_BULL_PREFIX"], context: ctx?.bullPrefix,
            fallback: defaultBullPrefix)
        let nodePrefix = pick("nodePrefix", flag: flags.nodePrefix, envNames: ["LOOMCTL_NODE_PREFIX"], context: ctx?.nodePrefix,
            fallback: defaultNodePrefix)
        let timeoutText = pick("timeout", flag: flags.timeout.map { String($0) }, envNames: ["LOOMCTL_TIMEOUT"],
            context: ctx?.timeout.map { String($0) }, fallback: String(defaultTimeout))
        guard let timeout = Double(timeoutText), timeout > 0, timeout <= 3600 else {
            throw CoreError.usage("invalid timeout '\(timeoutText)' (\(sources["timeout"] ?? "")): expected seconds between 0 and 3600")
        }

        // A password on the command line is visible to every local user in `ps` and /proc.
        if let flag = flags.redis, Self.urlHasPassword(flag) {
            warnings.append("the --redis URL holds a password, which other local users can read in ps; "
                + "use --password-file PATH or LOOMCTL_REDIS_PASSWORD instead")
        }
        var password: String?
        if let file = flags.passwordFile {
            if let w = ConfigStore.permissionWarning(path: file, what: "password file") { warnings.append(w) }
            password = try readSecretFile(file)
            sources["password"] = "flag --password-file"
        } else if let pw = env["LOOMCTL_REDIS_PASSWORD"].nonEmpty {
            password = pw
            sources["password"] = "env LOOMCTL_REDIS_PASSWORD"
        } else if let file = ctx?.passwordFile {
            if let w = ConfigStore.permissionWarning(path: file, what: "password file") { warnings.append(w) }
            password = try readSecretFile(file)
            sources["password"] = "context password-file"
        }

        return Settings(redisURL: redisURL, redisPassword: password, actorPrefix: actorPrefix, keyPrefix: keyPrefix,
            bullPrefix: bullPrefix, nodePrefix: nodePrefix, timeout: timeout, configPath: configPath, config: config,
            contextName: ctx?.name, sources: sources, warnings: warnings)
    }

    /// `--config`, then `LOOMCTL_CONFIG`, then the XDG default.
    public static func configPath(flags: FlagSettings, environment env: [String: String]) -> String {
        flags.config ?? env["LOOMCTL_CONFIG"].nonEmpty ?? ConfigStore.defaultPath(environment: env)
    }

    /// Whether the config file was named by the user (`--config`, `LOOMCTL_CONFIG`): then it must exist.
    public static func configPathIsExplicit(flags: FlagSettings, environment env: [String: String]) -> Bool {
        flags.config != nil || env["LOOMCTL_CONFIG"].nonEmpty != nil
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
