import Foundation
import Yams

/// `~/.config/loomctl/config.yaml`: named contexts, like a kubeconfig.
///
/// ```yaml
/// current-context: prod
/// contexts:
///   - name: prod
///     redis: redis://ops@redis.prod:6379/0
///     password-file: /run/secrets/redis
///     actor-prefix: loom:actor
///     bull-prefix: loom-prod
/// ```
public struct ConfigFile: Codable, Sendable, Equatable {
    public var currentContext: String?
    public var contexts: [Context]
    /// Health thresholds and other tunables shared by all contexts (see docs/configuration.md).
    public var health: HealthThresholds?
    /// Route strategies and zone order shared by all contexts (docs/routing.md).
    public var routing: RoutingSettings?

    public init(currentContext: String? = nil, contexts: [Context] = [], health: HealthThresholds? = nil, routing: RoutingSettings? = nil) {
        self.currentContext = currentContext
        self.contexts = contexts
        self.health = health
        self.routing = routing
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case currentContext = "current-context"
        case contexts
        case health
        case routing
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currentContext = try c.decodeIfPresent(String.self, forKey: .currentContext)
        contexts = try c.decodeIfPresent([Context].self, forKey: .contexts) ?? []
        health = try c.decodeIfPresent(HealthThresholds.self, forKey: .health)
        routing = try c.decodeIfPresent(RoutingSettings.self, forKey: .routing)
    }

    public func context(named name: String) -> Context? { contexts.first { $0.name == name } }

    /// Inserts or replaces a context by name.
    public mutating func upsert(_ context: Context) {
        if let i = contexts.firstIndex(where: { $0.name == context.name }) {
            contexts[i] = context
        } else {
            contexts.append(context)
        }
    }
}

/// One named cluster: where its Redis is and how its keys are laid out. Its connection keys
/// (`redis`, `password-file`, …) are the `contextKey`s of `SettingsSchema`, not declared here.
public struct Context: Codable, Sendable, Equatable {
    public var name: String
    /// The connection settings this context sets, as written (a timeout as its decimal text).
    public var settings: [SettingKey: String]
    public var llm: LLMSettings?
    /// Overrides the top-level `routing:` key by key.
    public var routing: RoutingSettings?
    /// The Cosmos DB account `health cosmos` checks (docs/health.md).
    public var cosmos: CosmosSettings?

    public init(name: String, settings: [SettingKey: String] = [:], llm: LLMSettings? = nil) {
        self.name = name
        self.settings = settings
        self.llm = llm
    }

    public subscript(_ key: SettingKey) -> String? {
        get { settings[key] }
        set { settings[key] = newValue }
    }

    /// The keys that are the context's own, besides the schema's connection settings.
    static let ownKeys = ["name", "llm", "routing", "cosmos"]
    /// Every key a context may hold, for ConfigSchema.checkKeys.
    static var knownKeys: Set<String> { Set(ownKeys + SettingsSchema.contextSettings.compactMap(\.contextKey)) }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        name = try c.decode(String.self, forKey: Key("name"))
        settings = [:]
        for d in SettingsSchema.contextSettings {
            guard let key = d.contextKey else { continue }
            if d.kind == .seconds {
                if let v = try c.decodeIfPresent(Double.self, forKey: Key(key)) { settings[d.key] = String(v) }
            } else if let v = try c.decodeIfPresent(String.self, forKey: Key(key)) {
                settings[d.key] = v
            }
        }
        llm = try c.decodeIfPresent(LLMSettings.self, forKey: Key("llm"))
        routing = try c.decodeIfPresent(RoutingSettings.self, forKey: Key("routing"))
        cosmos = try c.decodeIfPresent(CosmosSettings.self, forKey: Key("cosmos"))
    }

    /// Keys in schema order, so a saved file reads as it always has.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: Key("name"))
        for d in SettingsSchema.contextSettings {
            guard let key = d.contextKey, let v = settings[d.key] else { continue }
            if d.kind == .seconds, let seconds = Double(v) {
                try c.encode(seconds, forKey: Key(key))
            } else {
                try c.encode(v, forKey: Key(key))
            }
        }
        try c.encodeIfPresent(llm, forKey: Key("llm"))
        try c.encodeIfPresent(routing, forKey: Key("routing"))
        try c.encodeIfPresent(cosmos, forKey: Key("cosmos"))
    }
}

/// LLM defaults for a context; keys themselves stay in the environment or a key file.
public struct LLMSettings: Codable, Sendable, Equatable {
    public var provider: String?
    public var model: String?
    public var baseURL: String?
    public var azureEndpoint: String?
    public var azureAPIVersion: String?
    public var apiKeyFile: String?
    public var fallback: [String]?
    public var budgetUSD: Double?
    public var cacheTTL: Int?
    public var prices: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, model, fallback, prices
        case baseURL = "base-url"
        case azureEndpoint = "azure-endpoint"
        case azureAPIVersion = "azure-api-version"
        case apiKeyFile = "api-key-file"
        case budgetUSD = "budget-usd"
        case cacheTTL = "cache-ttl"
    }
}

/// Thresholds for `loomctl health` (defaults follow Loom's own rules; docs/health.md).
public struct HealthThresholds: Codable, Sendable, Equatable {
    public var pingDegradedMs: Double?
    public var memoryDegradedPercent: Double?
    public var staleDegradedPercent: Double?
    public var backlogDegraded: Int?
    public var probeTimeoutMs: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case pingDegradedMs = "ping-degraded-ms"
        case memoryDegradedPercent = "memory-degraded-percent"
        case staleDegradedPercent = "stale-degraded-percent"
        case backlogDegraded = "backlog-degraded"
        case probeTimeoutMs = "probe-timeout-ms"
    }
}

/// Reading and writing the config file, with clear errors and a permission warning.
public enum ConfigStore {
    /// `$XDG_CONFIG_HOME/loomctl/config.yaml`, falling back to `~/.config/loomctl/config.yaml`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/loomctl/config.yaml" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/loomctl/config.yaml"
    }

    /// Loads the file; a malformed one, an unknown key, or one that exists but cannot be read
    /// (a symlink loop, a dangling link, no permission) is a usage error (exit 2): falling back to
    /// the default Redis would act on the wrong cluster. A missing file is an empty config only at
    /// the default path; a file the user named (`mustExist`) must be there.
    public static func load(path: String, mustExist: Bool = false) throws(CoreError) -> ConfigFile {
        var st = stat()
        if stat(path, &st) != 0 {
            let why = errno
            var lst = stat()
            let isLink = lstat(path, &lst) == 0
            if why == ENOENT && !isLink && !mustExist { return ConfigFile() }
            throw CoreError.config("cannot read config file \(path): \(String(cString: strerror(why)))",
                hint: mustExist && why == ENOENT ? "check the config file path, or create the file" : nil)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CoreError.config("cannot read config file \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return ConfigFile() }
        do {
            try ConfigSchema.checkKeys(yaml: text)
            return try YAMLDecoder().decode(ConfigFile.self, from: text)
        } catch let e as ConfigSchema.UnknownKey {
            throw CoreError.config("config file \(path) is not valid: unknown key '\(e.path)'",
                hint: e.known.isEmpty ? nil : "known keys there: \(e.known.joined(separator: ", "))")
        } catch {
            throw CoreError.config("config file \(path) is not valid: \(describe(error))",
                hint: "fix the YAML or point the config file path at another file")
        }
    }

    /// Group/other-readable secret files may leak: warn (returns the warning).
    public static func permissionWarning(path: String, what: String = "config file") -> String? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
            let perms = attrs[.posixPermissions] as? Int
        else { return nil }
        if perms & 0o077 != 0 {
            return "\(what) \(path) is readable by group or others (mode \(String(perms, radix: 8))); run: chmod 600 \(path)"
        }
        return nil
    }

    /// Writes atomically with mode 0600 (a crash never leaves half a file).
    public static func save(_ config: ConfigFile, path: String) throws(CoreError) {
        do {
            let dir = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let text = try YAMLEncoder().encode(config)
            let tmp = path + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CoreError.config("cannot write \(tmp)")
            }
            if rename(tmp, path) != 0 {
                unlink(tmp)
                throw CoreError.config("cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch let e as CoreError {
            throw e
        } catch {
            throw CoreError(.other, code: "config_write", "cannot write config file \(path): \(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx),
            DecodingError.dataCorrupted(let ctx):
            let path = ctx.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return (path.isEmpty ? "" : "at \(path): ") + ctx.debugDescription
        case DecodingError.keyNotFound(let key, let ctx):
            let path = (ctx.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return "missing \(path)"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "parse error"
        }
    }
}

/// The config file's key schema, taken from the `CodingKeys` of each section so that a key is
/// declared once. A misspelt key (`redsi:`) is an error, not a silently ignored line.
enum ConfigSchema {
    struct UnknownKey: Error {
        var path: String
        var known: [String]
    }

    static func keys<K: CodingKey & CaseIterable>(_: K.Type) -> Set<String> { Set(K.allCases.map(\.stringValue)) }

    static func checkKeys(yaml: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any] else { return }
        try check(root, known: keys(ConfigFile.CodingKeys.self), path: "")
        if let contexts = root["contexts"] as? [Any] {
            for (i, item) in contexts.enumerated() {
                guard let ctx = item as? [String: Any] else { continue }
                let where_ = "contexts.\(i)"
                try check(ctx, known: Context.knownKeys, path: where_)
                if let llm = ctx["llm"] as? [String: Any] {
                    try check(llm, known: keys(LLMSettings.CodingKeys.self), path: where_ + ".llm")
                }
                try checkRouting(ctx["routing"], path: where_ + ".routing")
                if let cosmos = ctx["cosmos"] as? [String: Any] {
                    try check(cosmos, known: keys(CosmosSettings.CodingKeys.self), path: where_ + ".cosmos")
                }
            }
        }
        if let health = root["health"] as? [String: Any] {
            try check(health, known: keys(HealthThresholds.CodingKeys.self), path: "health")
        }
        try checkRouting(root["routing"], path: "routing")
    }

    static func check(_ map: [String: Any], known: Set<String>, path: String) throws {
        for key in map.keys.sorted() where !known.contains(key) {
            throw UnknownKey(path: path.isEmpty ? key : "\(path).\(key)", known: known.sorted())
        }
    }
}
