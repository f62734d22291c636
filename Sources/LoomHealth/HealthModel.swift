import LoomCore

/// healthy < degraded < unhealthy; a report's status is its worst check.
public enum HealthStatus: String, Sendable, Comparable, CaseIterable {
    case healthy, degraded, unhealthy

    public static func < (a: HealthStatus, b: HealthStatus) -> Bool { a.rank < b.rank }

    var rank: Int {
        switch self {
        case .healthy: return 0
        case .degraded: return 1
        case .unhealthy: return 2
        }
    }
}

/// The five areas `loomctl health` covers; each is also a drill-down subcommand.
public enum HealthCategory: String, Sendable, CaseIterable {
    case redis, nodes, actors, breakers, queues
    /// The Cosmos DB account (only when a context configures `cosmos:`; checked over HTTP, not Redis).
    case cosmos
}

/// One check: a status with a one-line reason and structured details for `-o json`.
public struct CheckResult: Sendable {
    public var category: HealthCategory
    /// `redis.ping`, `node/worker-1`, `queue/actor-order-processor`, …
    public var name: String
    public var status: HealthStatus
    public var reason: String
    public var details: JSONValue

    public init(_ category: HealthCategory, _ name: String, _ status: HealthStatus, _ reason: String, details: JSONValue = .object([])) {
        self.category = category
        self.name = name
        self.status = status
        self.reason = reason
        self.details = details
    }

    public func json() -> JSONValue {
        .object([("category", .string(category.rawValue)), ("name", .string(name)), ("status", .string(status.rawValue)),
            ("reason", .string(reason)), ("details", details)])
    }
}

/// All checks of one run, with the overall verdict.
public struct HealthReport: Sendable {
    public var checks: [CheckResult]
    public var timestamp: String
    /// How the actor registry was read (`mode` exact or sampled, sample size, confidence); nil when it was not.
    public var sampling: JSONValue?
    /// The same as one line for tables.
    public var samplingSummary: String?

    public init(checks: [CheckResult], timestamp: String = Timestamp.iso(millis: Timestamp.nowMillis()), sampling: JSONValue? = nil,
        samplingSummary: String? = nil)
    {
        self.checks = checks
        self.timestamp = timestamp
        self.sampling = sampling
        self.samplingSummary = samplingSummary
    }

    public var status: HealthStatus { checks.map(\.status).max() ?? .healthy }

    public func status(of category: HealthCategory) -> HealthStatus {
        checks.filter { $0.category == category }.map(\.status).max() ?? .healthy
    }

    public func json() -> JSONValue {
        var counts: [(String, JSONValue)] = []
        for s in HealthStatus.allCases { counts.append((s.rawValue, .int(Int64(checks.filter { $0.status == s }.count)))) }
        let categories = HealthCategory.allCases.filter { c in checks.contains { $0.category == c } }
        var fields: [(String, JSONValue)] = [
            ("status", .string(status.rawValue)),
            ("timestamp", .string(timestamp)),
            ("summary", .object(counts)),
            ("categories", .object(categories.map { ($0.rawValue, .string(status(of: $0).rawValue)) })),
        ]
        if let sampling { fields.append(("sampling", sampling)) }
        fields.append(("checks", .array(checks.map { $0.json() })))
        return .object(fields)
    }
}

/// Thresholds, defaulting to Loom's own rules (docs/health.md); the config file's `health:` overrides.
public struct HealthRules: Sendable {
    /// PING p90 above this is degraded (Loom: 100 ms).
    public var pingDegradedMs: Double = 100
    public var pingSamples: Int = 10
    public var memoryDegradedPercent: Double = 90
    /// More than this share of a type's actors stale is degraded.
    public var staleDegradedPercent: Double = 10
    /// A queue backlog above this is degraded (Loom's planned scale-up threshold).
    public var backlogDegraded: Int = 1000
    public var probeTimeoutMs: Int = 2000
    /// Replica lag (seconds since last master I/O) above this is degraded.
    public var replicationLagDegradedSeconds: Int = 10

    public init() {}

    public init(_ t: HealthThresholds) {
        if let v = t.pingDegradedMs { pingDegradedMs = v }
        if let v = t.memoryDegradedPercent { memoryDegradedPercent = v }
        if let v = t.staleDegradedPercent { staleDegradedPercent = v }
        if let v = t.backlogDegraded { backlogDegraded = v }
        if let v = t.probeTimeoutMs { probeTimeoutMs = v }
    }
}
