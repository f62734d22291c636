import LoomCore
import LoomRedis
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// `actors route`: which actor Loom's `ActorRouter.routeToType` would pick (contract §1.7).
public struct ActorRouter: Sendable {
    public enum Strategy: String, Sendable, CaseIterable {
        case leastMessages = "least-messages"
        case roundRobin = "round-robin"
        case random
        /// loomctl's: lowest node CPU/memory (``NodeAwareRouting/nodeLoad(_:)``).
        case nodeLoad = "node-load"
        /// loomctl's: nodes in a zone, then the nearest zones, then anywhere (``NodeAwareRouting/zone(_:zone:nearest:)``).
        case zone
        /// loomctl's: a strategy declared in the config's `routing:` block.
        case custom

        /// Strategies that rank candidates with node records (and explain the ranking).
        public var isNodeAware: Bool { self == .nodeLoad || self == .zone || self == .custom }
    }

    /// Inputs of the node-aware strategies.
    public struct NodeAwareOptions: Sendable {
        public var zone: String?
        public var nearestZones: [String]
        public var custom: CustomRoutingStrategy?
        public init(zone: String? = nil, nearestZones: [String] = [], custom: CustomRoutingStrategy? = nil) {
            self.zone = zone
            self.nearestZones = nearestZones
            self.custom = custom
        }
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
        /// Node-aware strategies: every candidate ranked, and why the winner won.
        public var ranking: NodeAwareRouting.Ranking?
        /// The custom strategy's name, or the zone asked for.
        public var detail: String?

        /// Loom's logical address `actor:{id}` (not a Redis key).
        public var address: String? { chosen.map { "actor:\($0.id)" } }

        public func json() -> JSONValue {
            let base: [(String, JSONValue)] = [
                ("type", .string(type)), ("strategy", .string(strategy.rawValue)),
                ("actorId", JSONValue(chosen?.id)), ("address", JSONValue(address)), ("workerId", JSONValue(chosen?.workerId)),
                ("messageCount", JSONValue(chosen?.messageCount)), ("candidates", .int(Int64(candidates))),
                ("busySkipped", .int(Int64(busySkipped))), ("fellBackToBusy", .bool(fellBackToBusy)),
                ("cursor", JSONValue(cursor)), ("applied", .bool(applied)),
            ]
            guard let r = ranking else { return .object(base) }
            return .object(base + [("strategyDetail", JSONValue(detail)), ("reason", .string(r.reason)), ("ranked", r.candidatesJSON()),
                ("excluded", r.excludedJSON())])
        }
    }

    public let registry: ActorRegistry
    public init(registry: ActorRegistry) { self.registry = registry }

    /// Without `apply`: a preview of Loom's `routeToType` (contract §1.7, §10 item 8d), in the
    /// order Redis returns the type set: least-messages takes the minimum (ties to the earlier
    /// member), round-robin the FIRST candidate (Loom keeps no cursor), random any. Nothing is written.
    ///
    /// With `apply`: loomctl's own pick. Round-robin rotates through the candidates sorted by id
    /// with a cursor kept in Redis; the chosen actor gets Loom's side effects (HINCRBY
    /// messageCount, heartbeat) and the cursor advances, all in one script that checks every
    /// key's type and value first, so it applies entirely or not at all.
    ///
    /// Node-aware strategies (`node-load`, `zone`, `custom`) are loomctl's own: the preview ranks
    /// every candidate against the node records (``NodeAwareRouting``) and `apply` gives the
    /// winner the same side effects in the same atomic script (no cursor).
    public func route(type: String, strategy: Strategy, apply: Bool, options: NodeAwareOptions = NodeAwareOptions()) throws -> Decision {
        for _ in 1...5 {
            if let d = try attempt(type: type, strategy: strategy, apply: apply, options: options) { return d }
        }
        throw RoutingError.conflict("the round-robin cursor \(registry.keys.routeCursor(type)) kept moving while routing; rerun",
            hint: "another loomctl is routing the same type at the same time")
    }

    /// One read → pick → (apply) round; nil when the cursor moved in between (retry).
    func attempt(type: String, strategy: Strategy, apply: Bool, options: NodeAwareOptions) throws -> Decision? {
        let members = try registry.redis.send(.smembers(registry.keys.typeSet(type))).array?.compactMap(\.string) ?? []
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
        var expectedCursor: String?
        switch strategy {
        case .nodeLoad, .zone, .custom:
            let nodes = try NodeMembership(redis: registry.redis, keys: registry.keys).read().nodes
            let byId = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let candidates = actors.map { NodeAwareRouting.Candidate(actor: $0, node: $0.workerId.flatMap { byId[$0] }) }
            let ranking: NodeAwareRouting.Ranking
            switch strategy {
            case .zone:
                let z = options.zone ?? ""
                ranking = NodeAwareRouting.zone(candidates, zone: z, nearest: options.nearestZones)
                decision.detail = z
            case .custom:
                guard let custom = options.custom else { throw RoutingError.invalid("no custom strategy given") }
                ranking = custom.rank(candidates)
                decision.detail = custom.name
            default:
                ranking = NodeAwareRouting.nodeLoad(candidates)
            }
            decision.ranking = ranking
            decision.candidates = ranking.scored.count
            decision.chosen = ranking.winner?.candidate.actor
            if decision.chosen == nil { return decision }
        case .leastMessages:
            // Ties go to the earlier element, as Loom's reduce does (SMEMBERS order).
            decision.chosen = pool.reduce(pool[0]) { ($1.messageCount ?? .max) < ($0.messageCount ?? .max) ? $1 : $0 }
        case .random:
            decision.chosen = pool.randomElement()
        case .roundRobin where !apply:
            decision.chosen = pool[0]
        case .roundRobin:
            let ordered = pool.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
            let key = registry.keys.routeCursor(type)
            let raw = try registry.redis.send(.get(key))
            let text = raw.string ?? "0"
            guard let cursor = Int64(text) else {
                throw RoutingError.badData("round-robin cursor \(key) holds '\(text)', not an integer",
                    hint: "delete it (redis-cli DEL \(key)) to restart the rotation")
            }
            expectedCursor = raw.isNull ? "" : text
            decision.cursor = cursor
            // Euclidean modulo: a negative cursor (set by hand) must not index out of range.
            let n = Int64(ordered.count)
            decision.chosen = ordered[Int(((cursor % n) + n) % n)]
        }
        if apply, let chosen = decision.chosen {
            let now = Timestamp.nowMillis()
            let rr = strategy == .roundRobin
            let r = try registry.redis.eval(Self.applyScript,
                keys: [registry.keys.actorHash(chosen.id), registry.keys.heartbeat(chosen.id), registry.keys.routeCursor(type)],
                args: [Timestamp.iso(millis: now), String(ActorRegistry.defaultHeartbeatTTL), String(now),
                    rr ? "1" : "0", expectedCursor ?? ""]).orThrow()
            try LuaGuards.throwIfWrongType(r, in: RoutingDomain.self)
            guard let parts = r.array, let verdict = parts.first?.string else {
                throw RedisError(.protocolError, "unexpected reply from the route script")
            }
            switch verdict {
            case "ok": decision.applied = true
            case "moved": return nil
            case "missing":
                throw RoutingError.conflict("actor '\(chosen.id)' was unregistered while routing; nothing was written; rerun")
            case "badcount":
                throw RoutingError.badData("\(registry.keys.actorHash(chosen.id)) field 'messageCount' = '\(parts.dropFirst().first?.string ?? "")' cannot be incremented (not an integer below 2^63); nothing was written")
            case "badcursor":
                throw RoutingError.badData("round-robin cursor \(registry.keys.routeCursor(type)) = '\(parts.dropFirst().first?.string ?? "")' cannot be incremented; nothing was written",
                    hint: "delete it (redis-cli DEL \(registry.keys.routeCursor(type))) to restart the rotation")
            default: throw RedisError(.protocolError, "unexpected reply from the route script: \(verdict)")
            }
        }
        return decision
    }

    /// KEYS: actor hash, heartbeat, cursor. ARGV: now (ISO), ttl (s), now (ms), '1' = advance the
    /// cursor, the cursor value the pick was based on ('' = key absent).
    static let applyScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'string'}, {KEYS[3], 'string'}})
        if bad then return bad end
        if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
        local mc = redis.call('HGET', KEYS[1], 'messageCount')
        if mc and (not is_int64(mc) or mc == '9223372036854775807') then return {'badcount', mc} end
        if ARGV[4] == '1' then
          local cur = redis.call('GET', KEYS[3])
          if (cur or '') ~= ARGV[5] then return {'moved'} end
          if cur and (not is_int64(cur) or cur == '9223372036854775807') then return {'badcursor', cur} end
          redis.call('INCR', KEYS[3])
        end
        redis.call('HINCRBY', KEYS[1], 'messageCount', 1)
        redis.call('HSET', KEYS[1], 'lastHeartbeat', ARGV[1])
        redis.call('SETEX', KEYS[2], ARGV[2], ARGV[3])
        return {'ok'}
        """)
}
