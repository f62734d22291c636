import LoomCore
import LoomRedis

/// `actors route`: which actor Loom's `ActorRouter.routeToType` would pick (contract §1.7).
public struct ActorRouter: Sendable {
    public enum Strategy: String, Sendable, CaseIterable {
        case leastMessages = "least-messages"
        case roundRobin = "round-robin"
        case random
    }

    public struct Decision: Sendable {
        public var type: String
        public var strategy: Strategy
        public var chosen: ActorRecord?
        public var candidates: Int
        public var busySkipped: Int
        /// Every actor was busy, so Loom's rule falls back to all of them.
        public var fellBackToBusy: Bool
        public var cursor: Int64?
        public var applied: Bool

        /// Loom's logical address `actor:{id}` (not a Redis key).
        public var address: String? { chosen.map { "actor:\($0.id)" } }

        public func json() -> JSONValue {
            .object([
                ("type", .string(type)), ("strategy", .string(strategy.rawValue)),
                ("actorId", JSONValue(chosen?.id)), ("address", JSONValue(address)), ("workerId", JSONValue(chosen?.workerId)),
                ("messageCount", JSONValue(chosen?.messageCount)), ("candidates", .int(Int64(candidates))),
                ("busySkipped", .int(Int64(busySkipped))), ("fellBackToBusy", .bool(fellBackToBusy)),
                ("cursor", JSONValue(cursor)), ("applied", .bool(applied)),
            ])
        }
    }

    public let registry: ActorRegistry
    public init(registry: ActorRegistry) { self.registry = registry }

    /// Picks like Loom, with two fixes: round-robin keeps a real cursor in Redis (Loom always
    /// returns the first element), and nothing changes unless `apply` is set, in which case the
    /// chosen actor gets Loom's side effects (HINCRBY messageCount, heartbeat).
    public func route(type: String, strategy: Strategy, apply: Bool) throws -> Decision {
        let members = try registry.redis.command(["SMEMBERS", registry.keys.typeSet(type)]).array?.compactMap(\.string) ?? []
        var actors: [ActorRecord] = []
        var start = 0
        while start < members.count {
            let slice = Array(members[start..<min(start + registry.batchSize, members.count)])
            actors += try registry.fetch(ids: slice, source: registry.keys.typeSet(type), parseMetadata: false, onAnomaly: { _ in })
            start += slice.count
        }
        let idle = actors.filter { $0.status != "busy" }
        let pool = idle.isEmpty ? actors : idle
        var decision = Decision(type: type, strategy: strategy, chosen: nil, candidates: pool.count,
            busySkipped: actors.count - idle.count, fellBackToBusy: idle.isEmpty && !actors.isEmpty, cursor: nil, applied: false)
        guard !pool.isEmpty else { return decision }
        switch strategy {
        case .leastMessages:
            // Ties go to the earlier element, as Loom's reduce does (SMEMBERS order).
            decision.chosen = pool.reduce(pool[0]) { ($1.messageCount ?? .max) < ($0.messageCount ?? .max) ? $1 : $0 }
        case .random:
            decision.chosen = pool.randomElement()
        case .roundRobin:
            let ordered = pool.sorted { $0.id < $1.id }
            let key = registry.keys.routeCursor(type)
            let cursor = apply ? (try registry.redis.command(["INCR", key]).int ?? 1) - 1
                : (try registry.redis.command(["GET", key]).int ?? 0)
            decision.cursor = cursor
            decision.chosen = ordered[Int(cursor % Int64(ordered.count))]
        }
        if apply, let chosen = decision.chosen {
            _ = try registry.redis.command(["HINCRBY", registry.keys.actorHash(chosen.id), "messageCount", "1"])
            try registry.heartbeat(chosen.id)
            decision.applied = true
        }
        return decision
    }
}
