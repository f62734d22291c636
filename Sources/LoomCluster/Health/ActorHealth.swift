import LoomCore
import LoomRedis

/// Actor checks: per type live vs stale, and the registry anomalies Loom leaves behind.
public struct ActorHealth: Sendable {
    public let registry: ActorRegistry
    public let rules: HealthRules

    public init(registry: ActorRegistry, rules: HealthRules) {
        self.registry = registry
        self.rules = rules
    }

    /// `downNodes`: node ids known to be down (agent status or failed probes); actors still hosted there are unhealthy.
    public func run(stats precomputed: RegistryStats? = nil, downNodes: Set<String> = []) throws -> [CheckResult] {
        let stats = try precomputed ?? RegistryStats.collect(registry)
        var out: [CheckResult] = []
        for (type, c) in stats.byType.sorted(by: { $0.key < $1.key }) {
            let pct = c.total == 0 ? 0 : Double(c.stale) / Double(c.total) * 100
            let status: HealthStatus = c.live == 0 && c.total > 0 ? .unhealthy : pct > rules.staleDegradedPercent ? .degraded : .healthy
            out.append(CheckResult(.actors, "actors/\(type)", status,
                String(format: "%d live, %d stale (%.1f%%; degraded above %.0f%%)", c.live, c.stale, pct, rules.staleDegradedPercent),
                details: .object([("type", .string(type)), ("total", .int(Int64(c.total))), ("live", .int(Int64(c.live))),
                    ("stale", .int(Int64(c.stale))), ("stalePercent", .double((pct * 10).rounded() / 10))])))
        }
        if stats.total.total == 0 {
            out.append(CheckResult(.actors, "actors", .healthy, "no actors registered"))
        }
        let anomalies = stats.anomalyTotal
        var byKind: [(String, JSONValue)] = []
        for k in Anomaly.Kind.allCases { byKind.append((k.rawValue, .int(Int64(stats.anomalyCounts[k, default: 0])))) }
        let summary = Anomaly.Kind.allCases.compactMap { k in stats.anomalyCounts[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
        out.append(CheckResult(.actors, "actors.registry", anomalies > 0 ? .degraded : .healthy,
            anomalies > 0 ? "\(anomalies) anomalies (\(summary)); fix with loomctl actors cleanup" : "no anomalies",
            details: .object([("anomalies", .int(Int64(anomalies))), ("byKind", .object(byKind))])))
        if !downNodes.isEmpty {
            let hosted = stats.byWorker.filter { downNodes.contains($0.key) }
            let total = hosted.values.reduce(0) { $0 + $1.total }
            out.append(CheckResult(.actors, "actors.on-down-nodes", total > 0 ? .unhealthy : .healthy,
                total > 0 ? "\(total) actors hosted on down nodes (\(hosted.keys.sorted().joined(separator: ", ")))" : "no actors on down nodes",
                details: .object(hosted.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value.total))) })))
        }
        return out
    }
}
