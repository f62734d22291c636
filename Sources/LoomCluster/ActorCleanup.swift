import LoomCore
import LoomRedis

/// `actors cleanup`: what Loom's `cleanup()` does (remove actors whose heartbeat key is gone),
/// made safe and complete.
///
/// Loom checks EXISTS and then unregisters, one id at a time, so a heartbeat landing in between
/// loses a live actor (§10 item 5), and it never repairs dangling index entries or zombie hashes
/// (§10 items 3–4). Here each removal is one Lua script that re-checks the heartbeat key inside
/// the server, so the plan can be computed without locks and applied without races.
public struct ActorCleanup: Sendable {
    public struct Finding: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            /// Hash present, heartbeat key expired: the actor is dead.
            case stale
            /// An id in an index set whose hash is gone.
            case dangling
            /// A partial hash without actorType.
            case zombie
            /// A key under the registry prefix of the wrong type: reported, never deleted.
            case collision
        }

        public var kind: Kind
        public var id: String
        /// The key that would be changed (the hash, or the index set for dangling entries).
        public var key: String
        public var reason: String

        public var willChange: Bool { kind != .collision }

        public func json() -> JSONValue {
            .object([
                ("kind", .string(kind.rawValue)), ("id", .string(id)), ("key", .string(key)),
                ("action", .string(action)), ("reason", .string(reason)),
            ])
        }

        public var action: String {
            switch kind {
            case .stale: return "unregister"
            case .dangling: return "remove index entry"
            case .zombie: return "delete hash"
            case .collision: return "none (manual)"
            }
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var removed = 0
        /// Findings no longer true when applied (a heartbeat arrived, the actor re-registered).
        public var skipped = 0
        public var repairedIndexEntries = 0
        public var deletedZombies = 0
    }

    public let registry: ActorRegistry
    public init(registry: ActorRegistry) { self.registry = registry }

    var keys: Keyspace { registry.keys }
    var redis: RedisConnection { registry.redis }

    /// Finds everything to repair, streaming over the keyspace in batches.
    public func plan(progress: (Int) -> Void = { _ in }) throws -> [Finding] {
        var findings: [Finding] = []
        var examined = 0
        // 1. P:all members: stale, dangling, collision.
        try redis.sscan(keys.allSet, count: registry.batchSize) { (ids) throws(RedisError) -> Bool in
            var cmds: [[String]] = []
            for id in ids {
                cmds.append(["TYPE", keys.actorHash(id)])
                cmds.append(["EXISTS", keys.heartbeat(id)])
            }
            let replies = try redis.pipeline(cmds)
            for (n, id) in ids.enumerated() {
                let type = replies[2 * n].string ?? "none"
                let alive = replies[2 * n + 1].int == 1
                switch type {
                case "hash" where !alive:
                    findings.append(Finding(kind: .stale, id: id, key: keys.actorHash(id), reason: "heartbeat key expired"))
                case "none":
                    findings.append(Finding(kind: .dangling, id: id, key: keys.allSet, reason: "in \(keys.allSet) but the hash is missing"))
                case "hash": break
                default:
                    findings.append(Finding(kind: .collision, id: id, key: keys.actorHash(id),
                        reason: "key is a \(type), not a hash (id collides with the registry namespace)"))
                }
            }
            examined += ids.count
            progress(examined)
            return true
        }
        // 2. Type sets: dangling members.
        let typePrefix = keys.actorBase + ":type:"
        var typeSets: [String] = []
        try redis.scan(match: Keyspace.globEscape(typePrefix) + "*", count: 1000, type: "set") { (batch) throws(RedisError) -> Bool in
            typeSets += batch
            return true
        }
        for set in typeSets.sorted() {
            try redis.sscan(set, count: registry.batchSize) { (ids) throws(RedisError) -> Bool in
                let replies = try redis.pipeline(ids.map { ["EXISTS", keys.actorHash($0)] })
                for (id, r) in zip(ids, replies) where r.int == 0 {
                    findings.append(Finding(kind: .dangling, id: id, key: set, reason: "in \(set) but the hash is missing"))
                }
                examined += ids.count
                progress(examined)
                return true
            }
        }
        // 3. Zombie partial hashes and stale unindexed hashes that no set points at.
        var unindexed: [Anomaly] = []
        try registry.scanUnindexed { a in
            switch a.kind {
            case .zombie: findings.append(Finding(kind: .zombie, id: a.id, key: a.key, reason: a.detail))
            case .unindexed: unindexed.append(a)
            case .collision: findings.append(Finding(kind: .collision, id: a.id, key: a.key, reason: a.detail))
            default: break
            }
        }
        if !unindexed.isEmpty {
            let alive = try redis.pipeline(unindexed.map { ["EXISTS", keys.heartbeat($0.id)] })
            for (a, r) in zip(unindexed, alive) where r.int == 0 {
                findings.append(Finding(kind: .stale, id: a.id, key: a.key, reason: "heartbeat key expired (hash was in no index set)"))
            }
        }
        return findings
    }

    static let removeStaleScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[2]) == 1 then return {0} end
        local kind = redis.call('TYPE', KEYS[1]).ok
        if kind ~= 'hash' then return {0} end
        local t = redis.call('HMGET', KEYS[1], 'actorType', 'workerId')
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[3], ARGV[2])
        if t[1] then redis.call('SREM', ARGV[1] .. t[1], ARGV[2]) end
        return {1, t[1] or '', t[2] or ''}
        """)

    static let removeDanglingScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        return redis.call('SREM', KEYS[2], ARGV[1])
        """)

    static let removeZombieScript = RedisScript(
        """
        if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return 0 end
        if redis.call('HEXISTS', KEYS[1], 'actorType') == 1 then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2])
        return 1
        """)

    /// Applies findings in pipelined batches; each change re-checks its condition atomically.
    /// Safe to interrupt and run again: every step is idempotent.
    public func apply(_ findings: [Finding], batch: Int = 500, publish: Bool = true,
        progress: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> Outcome
    {
        var outcome = Outcome()
        var done = 0
        let typePrefix = keys.actorBase + ":type:"
        for kind in [Finding.Kind.stale, .dangling, .zombie] {
            let items = findings.filter { $0.kind == kind }
            var start = 0
            while start < items.count {
                if shouldStop() { throw RedisError(.cancelled, "cleanup interrupted after \(done) changes; run it again to finish") }
                let slice = Array(items[start..<min(start + batch, items.count)])
                start += slice.count
                switch kind {
                case .stale:
                    let replies = try redis.evalPipeline(Self.removeStaleScript, calls: slice.map {
                        (keys: [$0.key, keys.heartbeat($0.id), keys.allSet], args: [typePrefix, $0.id])
                    })
                    var events: [[String]] = []
                    for (f, r) in zip(slice, replies) {
                        if let e = r.errorText { throw RedisError.fromServer(e) }
                        let parts = r.array ?? []
                        if parts.first?.int == 1 {
                            outcome.removed += 1
                            events.append(LifecycleEvent(type: LifecycleEvent.unregistered, actorId: f.id,
                                actorType: parts.count > 1 ? parts[1].string ?? "" : "", workerId: parts.count > 2 ? parts[2].string ?? "" : "",
                                timestamp: Timestamp.iso(millis: Timestamp.nowMillis())).publishCommand)
                        } else {
                            outcome.skipped += 1
                        }
                    }
                    if publish, !events.isEmpty { _ = try redis.pipeline(events) }
                case .dangling:
                    let replies = try redis.evalPipeline(Self.removeDanglingScript, calls: slice.map {
                        (keys: [keys.actorHash($0.id), $0.key], args: [$0.id])
                    })
                    for r in replies {
                        if let e = r.errorText { throw RedisError.fromServer(e) }
                        if r.int == 1 { outcome.repairedIndexEntries += 1 } else { outcome.skipped += 1 }
                    }
                case .zombie:
                    let replies = try redis.evalPipeline(Self.removeZombieScript, calls: slice.map {
                        (keys: [$0.key, keys.heartbeat($0.id)], args: [])
                    })
                    for r in replies {
                        if let e = r.errorText { throw RedisError.fromServer(e) }
                        if r.int == 1 { outcome.deletedZombies += 1 } else { outcome.skipped += 1 }
                    }
                case .collision: break
                }
                done += slice.count
                progress(done)
            }
        }
        return outcome
    }
}
