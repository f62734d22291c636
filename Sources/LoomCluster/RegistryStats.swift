import LoomCore
import LoomRedis

/// `actors stats`: Loom's getStats() (counts by type and status) plus workers, liveness and
/// an anomalies section, so bad data is visible instead of silently skipped.
public struct RegistryStats: Sendable {
    public struct Count: Sendable {
        public var total = 0
        public var live = 0
        public var stale: Int { total - live }
    }

    public var total = Count()
    public var byType: [String: Count] = [:]
    public var byStatus: [String: Int] = [:]
    public var byWorker: [String: Count] = [:]
    public var anomalyCounts: [Anomaly.Kind: Int] = [:]
    /// The first few anomalies of each kind, as examples.
    public var anomalyExamples: [Anomaly] = []
    public static let examplesPerKind = 5

    /// The `byWorker`/`byType`/`byStatus` key for records without that field.
    public static let missingField = "<none>"

    public init() {}

    public mutating func add(_ r: ActorRecord, key: String = "") {
        total.total += 1
        if r.isLive { total.live += 1 }
        let t = r.type ?? Self.missingField
        byType[t, default: Count()].total += 1
        if r.isLive { byType[t, default: Count()].live += 1 }
        byStatus[r.status ?? Self.missingField, default: 0] += 1
        let w = r.workerId ?? Self.missingField
        byWorker[w, default: Count()].total += 1
        if r.isLive { byWorker[w, default: Count()].live += 1 }
        if !r.problems.isEmpty {
            record(Anomaly(kind: .badRecord, id: r.id, key: key, detail: r.problems.joined(separator: "; ")))
        }
    }

    public mutating func record(_ a: Anomaly) {
        let n = anomalyCounts[a.kind, default: 0]
        anomalyCounts[a.kind] = n + 1
        if n < Self.examplesPerKind { anomalyExamples.append(a) }
    }

    public var anomalyTotal: Int { anomalyCounts.values.reduce(0, +) }

    /// Gathers stats over the whole registry in one streaming pass plus one SCAN for unindexed keys.
    public static func collect(_ registry: ActorRegistry, progress: (Int) -> Void = { _ in }) throws -> RegistryStats {
        var stats = RegistryStats()
        try registry.list(filter: ActorFilter(), onAnomaly: { stats.record($0) }) { batch in
            for r in batch { stats.add(r, key: registry.keys.actorHash(r.id)) }
            progress(stats.total.total)
            try Task.checkCancellation()
            return true
        }
        try registry.scanUnindexed { stats.record($0) }
        return stats
    }

    public func json() -> JSONValue {
        func count(_ c: Count) -> JSONValue {
            .object([("total", .int(Int64(c.total))), ("live", .int(Int64(c.live))), ("stale", .int(Int64(c.stale)))])
        }
        return .object([
            ("totalActors", .int(Int64(total.total))),
            ("live", .int(Int64(total.live))),
            ("stale", .int(Int64(total.stale))),
            ("actorsByType", .object(byType.sorted { $0.key < $1.key }.map { ($0.key, count($0.value)) })),
            ("actorsByStatus", .object(byStatus.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ("actorsByWorker", .object(byWorker.sorted { $0.key < $1.key }.map { ($0.key, count($0.value)) })),
            ("anomalies", .object([
                ("total", .int(Int64(anomalyTotal))),
                ("byKind", .object(Anomaly.Kind.allCases.map { ($0.rawValue, .int(Int64(anomalyCounts[$0, default: 0]))) })),
                ("examples", .array(anomalyExamples.map { $0.json() })),
            ])),
        ])
    }
}
