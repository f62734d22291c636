import LoomCore
import LoomRing
import LoomKeyspace

/// The numbers behind `ring show`: each node's points and share of the hash space, and — when
/// actors are fed in — how many it should own (ring owner) against how many it hosts (workerId).
public struct RingReport: Sendable {
    public struct Line: Sendable {
        public var node: NodeRecord
        public var points: Int
        public var sharePercent: Double
        public var idealPercent: Double
        public var shouldOwn: Int?
        public var hosts: Int?
    }

    public var state: RingState
    public var source: NodeSource
    public var lines: [Line]
    /// nil when no actors were counted (offline without --keys).
    public var actors: Int?
    public var misplaced: Int?
    /// Busiest eligible node's should-own over its capacity-weighted fair share.
    public var imbalance: Double?
    /// Actors on workerIds that are not nodes of the ring.
    public var unknownWorkers: [(String, Int)] = []

    /// Builds the report; `feed` calls its argument once per actor (id, workerId).
    public static func build(_ cluster: ClusterRing, feed: (((String, String?) -> Void) throws -> Void)?) throws -> RingReport {
        let shares = cluster.ring?.shares() ?? []
        var counter = cluster.ring.flatMap { cluster.eligibleCount > 0 ? OwnershipCounter(ring: $0) : nil }
        var hostsOnly: [String: Int] = [:]
        var total = 0
        if let feed {
            try feed { id, worker in
                total += 1
                if counter != nil {
                    counter!.add(actorId: id, workerId: worker)
                } else if let worker {
                    hostsOnly[worker, default: 0] += 1
                }
            }
            try counter?.finish()
        }
        let hosts = counter?.hosts ?? hostsOnly
        var lines: [Line] = []
        for (i, node) in cluster.nodes.enumerated() {
            let share = i < shares.count ? shares[i] : nil
            lines.append(Line(node: node, points: share?.points ?? 0, sharePercent: share?.percent ?? 0, idealPercent: share?.idealPercent ?? 0,
                shouldOwn: feed == nil ? nil : (counter?.shouldOwn[i] ?? 0), hosts: feed == nil ? nil : hosts[node.id] ?? 0))
        }
        let known = Set(cluster.nodes.map(\.id))
        return RingReport(
            state: cluster.state, source: cluster.source, lines: lines, actors: feed == nil ? nil : total,
            misplaced: feed == nil ? nil : (counter?.misplaced ?? total),
            imbalance: feed == nil || counter == nil || total == 0 ? nil : counter!.imbalance,
            unknownWorkers: hosts.filter { !known.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public func json() -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("epoch", .int(state.epoch)), ("algorithm", .string(state.config.algorithm.rawValue)),
            ("seed", .int(Int64(state.config.seed))), ("pointsPerCapacity", .int(Int64(state.config.pointsPerCapacity))),
            ("loadFactor", JSONValue(state.config.loadFactor)), ("updatedAt", .string(state.updatedAt)), ("updatedBy", .string(state.updatedBy)),
            ("source", .string(source.rawValue)), ("eligibleNodes", .int(Int64(lines.filter(\.node.isEligible).count))),
            ("actors", JSONValue(actors)), ("misplaced", JSONValue(misplaced)), ("imbalance", JSONValue(imbalance)),
        ]
        m.append(("nodes", .array(lines.map { l in
            var o = l.node.json().objectValue ?? []
            o += [("points", .int(Int64(l.points))), ("sharePercent", .double(l.sharePercent)), ("idealPercent", .double(l.idealPercent)),
                ("shouldOwn", JSONValue(l.shouldOwn)), ("hosts", JSONValue(l.hosts))]
            return .object(o)
        })))
        m.append(("unknownWorkers", .object(unknownWorkers.map { ($0.0, .int(Int64($0.1))) })))
        return .object(m)
    }
}
