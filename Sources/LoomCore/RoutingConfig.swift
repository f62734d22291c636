/// The config file's `routing:` block (top level, or in a context where it overrides the top
/// level key by key): the nearest-zone order for `actors route --strategy zone`, and custom route
/// strategies made of declared filters and weighted scores. Nothing here is code: the fields and
/// operators are a closed list checked by `CustomRoutingStrategy` (docs/routing.md).
///
/// ```yaml
/// routing:
///   nearest-zones:
///     eu-1: [eu-2, us-1]
///   strategies:
///     - name: eu-cool
///       filters:
///         - {field: node.zone, op: in, values: [eu-1, eu-2]}
///       scores:
///         - {field: node.cpu, weight: 1}
///         - {field: messageCount, weight: 0.01}
/// ```
public struct RoutingSettings: Codable, Sendable, Equatable {
    /// For each zone, the other zones from nearest to farthest.
    public var nearestZones: [String: [String]]?
    public var strategies: [RoutingStrategySpec]?

    public init(nearestZones: [String: [String]]? = nil, strategies: [RoutingStrategySpec]? = nil) {
        self.nearestZones = nearestZones
        self.strategies = strategies
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case nearestZones = "nearest-zones"
        case strategies
    }

    /// `self` with every key it leaves unset taken from `base` (context over top level).
    public func over(_ base: RoutingSettings?) -> RoutingSettings {
        RoutingSettings(nearestZones: nearestZones ?? base?.nearestZones, strategies: strategies ?? base?.strategies)
    }
}

/// One custom strategy: candidates must pass every filter (in order); the survivors are ranked by
/// the weighted sum of the score fields, LOWER first (a negative weight prefers larger values).
public struct RoutingStrategySpec: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?
    public var filters: [RoutingFilterSpec]?
    public var scores: [RoutingScoreSpec]?

    public init(name: String, description: String? = nil, filters: [RoutingFilterSpec]? = nil, scores: [RoutingScoreSpec]? = nil) {
        self.name = name
        self.description = description
        self.filters = filters
        self.scores = scores
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, description, filters, scores }
}

public struct RoutingFilterSpec: Codable, Sendable, Equatable {
    public var field: String
    public var op: String
    public var value: String?
    public var values: [String]?

    public init(field: String, op: String, value: String? = nil, values: [String]? = nil) {
        self.field = field
        self.op = op
        self.value = value
        self.values = values
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case field, op, value, values }
}

public struct RoutingScoreSpec: Codable, Sendable, Equatable {
    public var field: String
    public var weight: Double

    public init(field: String, weight: Double) {
        self.field = field
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case field, weight }
}

extension Settings {
    /// The effective `routing:` block: the context's keys over the top level's.
    public var routing: RoutingSettings { (context?.routing ?? RoutingSettings()).over(config.routing) }
}

extension ConfigSchema {
    /// Checks a `routing:` map (at `path`) and its nested lists against their CodingKeys.
    static func checkRouting(_ any: Any?, path: String) throws {
        guard let routing = any as? [String: Any] else { return }
        try check(routing, known: keys(RoutingSettings.CodingKeys.self), path: path)
        for (i, item) in ((routing["strategies"] as? [Any]) ?? []).enumerated() {
            guard let s = item as? [String: Any] else { continue }
            let p = "\(path).strategies.\(i)"
            try check(s, known: keys(RoutingStrategySpec.CodingKeys.self), path: p)
            for (j, f) in ((s["filters"] as? [Any]) ?? []).enumerated() {
                if let f = f as? [String: Any] { try check(f, known: keys(RoutingFilterSpec.CodingKeys.self), path: "\(p).filters.\(j)") }
            }
            for (j, f) in ((s["scores"] as? [Any]) ?? []).enumerated() {
                if let f = f as? [String: Any] { try check(f, known: keys(RoutingScoreSpec.CodingKeys.self), path: "\(p).scores.\(j)") }
            }
        }
    }
}

/// A context's `cosmos:` block: the Cosmos DB account `health cosmos` checks. The key itself is
/// never in the config: a key file (base64 master key, one line) or an Entra token read from the
/// environment variable named by `token-env`.
public struct CosmosSettings: Codable, Sendable, Equatable {
    /// Account endpoint, e.g. `https://myaccount.documents.azure.com:443/`.
    public var endpoint: String
    public var keyFile: String?
    public var tokenEnv: String?

    public init(endpoint: String, keyFile: String? = nil, tokenEnv: String? = nil) {
        self.endpoint = endpoint
        self.keyFile = keyFile
        self.tokenEnv = tokenEnv
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case endpoint
        case keyFile = "key-file"
        case tokenEnv = "token-env"
    }
}

extension Settings {
    /// The current context's `cosmos:` block, if any.
    public var cosmos: CosmosSettings? { context?.cosmos }
}
