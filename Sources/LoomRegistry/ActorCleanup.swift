import Foundation
import LoomCore
import LoomRedis
import LoomKeyspace

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
            /// An id in `P:type:A` whose hash says another type (§10 8a): removed from that set.
            case misIndexed = "mis-indexed"
        }

        public var kind: Kind
        /// The id as text (escaped when not UTF-8, see `ActorID`).
        public var id: String
        /// The key that would be changed (the hash, or the index set for dangling entries), as text.
        public var key: String
        public var reason: String
        /// The exact id and key: what the repair scripts act on.
        public var idBytes: [UInt8]
        public var keyBytes: [UInt8]

        public init(kind: Kind, id: [UInt8], key: [UInt8], reason: String) {
            self.kind = kind
            self.idBytes = id
            self.keyBytes = key
            self.id = ActorID.display(id).text
            self.key = ActorID.display(key).text
            self.reason = reason
        }

        public var willChange: Bool { kind != .collision }

        public func json() -> JSONValue {
            var m: [(String, JSONValue)] = [("kind", .string(kind.rawValue)), ("id", .string(id))]
            if !ActorID.display(idBytes).exact { m.append(("idBase64", .string(Data(idBytes).base64EncodedString()))) }
            m += [("key", .string(key)), ("action", .string(action)), ("reason", .string(reason))]
            return .object(m)
        }

        public var action: String {
            switch kind {
            case .stale: return "unregister"
            case .dangling, .misIndexed: return "remove index entry"
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
        /// Mis-indexed ids removed from type sets their hash does not name.
        public var removedMisIndexed = 0
    }

    public let registry: ActorRegistry
    public init(registry: ActorRegistry) { self.registry = registry }

    var keys: Keyspace { registry.keys }
    var redis: any RedisClient { registry.redis }

    /// Finds everything to repair, streaming over the keyspace in batches. Ids and keys are bytes
    /// throughout, so a non-UTF-8 id is examined (and later repaired) under its real key.
    public func plan(progress: (Int) -> Void = { _ in }) throws -> [Finding] {
        var findings: [Finding] = []
        var examined = 0
        let hashPrefix = keys.actorKeyPrefix
        let heartbeatPrefix = keys.heartbeatKeyPrefix
        let all = Array(keys.allSet.utf8)
        let typeName = Array("TYPE".utf8), existsName = Array("EXISTS".utf8), hgetName = Array("HGET".utf8)
        let actorType = Array("actorType".utf8)
        func key(_ prefix: [UInt8], _ id: UnsafeRawBufferPointer) -> [UInt8] { prefix + Array(id) }
        // 1. P:all members: stale, dangling, collision.
        try registry.streamSet(all, repliesPerID: 2,
            send: { id, p in
                p.writer.begin(2); p.writer.argument(typeName); p.writer.argument(hashPrefix, id)
                p.writer.begin(2); p.writer.argument(existsName); p.writer.argument(heartbeatPrefix, id)
                p.sent(2)
            },
            read: { id, reader in
                let type: String
                switch try reader.header() {
                case .status(let s): type = s
                default: type = "none"
                }
                let alive = try reader.header() == .integer(1)
                switch type {
                case "hash" where !alive:
                    findings.append(Finding(kind: .stale, id: Array(id), key: key(hashPrefix, id), reason: "heartbeat key expired"))
                case "none":
                    findings.append(Finding(kind: .dangling, id: Array(id), key: all, reason: "in \(keys.allSet) but the hash is missing"))
                case "hash": break
                default:
                    findings.append(Finding(kind: .collision, id: Array(id), key: key(hashPrefix, id),
                        reason: "key is a \(type), not a hash (id collides with the registry namespace)"))
                }
                examined += 1
            },
            endOfBatch: {
                progress(examined)
                return true
            })
        // 2. Every type set: dangling members, and members whose hash names another type.
        let typePrefix = keys.typeSetKeyPrefix
        var typeSets: [[UInt8]] = []
        try registry.scanKeys(match: keys.typeSetScanPattern, type: "set") { typeSets += $0 }
        for set in typeSets.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let setType = Array(set[typePrefix.count...])
            let setName = String(decoding: set, as: UTF8.self)
            try registry.streamSet(set, repliesPerID: 2,
                send: { id, p in
                    p.writer.begin(2); p.writer.argument(existsName); p.writer.argument(hashPrefix, id)
                    p.writer.begin(3); p.writer.argument(hgetName); p.writer.argument(hashPrefix, id); p.writer.argument(actorType)
                    p.sent(2)
                },
                read: { id, reader in
                    let exists = try reader.header() == .integer(1)
                    var hashType: [UInt8]?
                    if case .bulk(let n) = try reader.header(), n >= 0 { hashType = try reader.bulk(n) { Array($0) } }
                    if !exists {
                        findings.append(Finding(kind: .dangling, id: Array(id), key: set, reason: "in \(setName) but the hash is missing"))
                    } else if let hashType, hashType != setType {
                        findings.append(Finding(kind: .misIndexed, id: Array(id), key: set,
                            reason: "in \(setName) but its hash says type '\(ActorID.display(hashType).text)'"))
                    }
                    examined += 1
                },
                endOfBatch: {
                    progress(examined)
                    return true
                })
        }
        // 3. Zombie partial hashes and stale unindexed hashes that no set points at.
        var unindexedIDs: [[UInt8]] = []
        try registry.scanUnindexed { a, id in
            switch a.kind {
            case .zombie: findings.append(Finding(kind: .zombie, id: id, key: hashPrefix + id, reason: a.detail))
            case .unindexed: unindexedIDs.append(id)
            case .collision: findings.append(Finding(kind: .collision, id: id, key: hashPrefix + id, reason: a.detail))
            default: break
            }
        }
        if !unindexedIDs.isEmpty {
            let alive = try redis.pipeline(unindexedIDs.map { RedisCommand("EXISTS", keyBytes: [keys.heartbeat(bytes: $0)]) })
            for (id, r) in zip(unindexedIDs, alive) where r.int == 0 {
                findings.append(Finding(kind: .stale, id: id, key: hashPrefix + id, reason: "heartbeat key expired (hash was in no index set)"))
            }
        }
        return findings
    }

    /// KEYS: hash, heartbeat, all set, and the type set of the type the caller read (absent when
    /// the hash had none). ARGV: id, that type ('' = none). Every key it touches is in KEYS (Redis
    /// Cluster); if the hash's type is no longer the one read, nothing is written and `{2, type}`
    /// asks the caller to retry with the right set.
    static let removeStaleScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[2]) == 1 then return {0} end
        local kind = redis.call('TYPE', KEYS[1]).ok
        if kind ~= 'hash' then return {0} end
        local t = redis.call('HMGET', KEYS[1], 'actorType', 'workerId')
        if (t[1] or '') ~= ARGV[2] then return {2, t[1] or ''} end
        -- All or nothing: check every index before the first write (a string in P:all must not
        -- leave the hash deleted and the index entries behind).
        local ix = redis.call('TYPE', KEYS[3]).ok
        if ix ~= 'set' and ix ~= 'none' then return redis.error_reply('WRONGTYPE ' .. KEYS[3] .. ' holds a ' .. ix .. ', not a set; nothing was removed') end
        if t[1] then
          local tk = redis.call('TYPE', KEYS[4]).ok
          if tk ~= 'set' and tk ~= 'none' then return redis.error_reply('WRONGTYPE ' .. KEYS[4] .. ' holds a ' .. tk .. ', not a set; nothing was removed') end
        end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[3], ARGV[1])
        if t[1] then redis.call('SREM', KEYS[4], ARGV[1]) end
        return {1, t[1] or '', t[2] or ''}
        """)

    static let removeDanglingScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        return redis.call('SREM', KEYS[2], ARGV[1])
        """)

    /// Removes an id from a type set unless its hash (still) names that type.
    static let removeMisIndexedScript = RedisScript(
        """
        if redis.call('TYPE', KEYS[1]).ok == 'hash' and redis.call('HGET', KEYS[1], 'actorType') == ARGV[2] then return 0 end
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
        let typePrefix = keys.typeSetKeyPrefix
        for kind in [Finding.Kind.stale, .dangling, .misIndexed, .zombie] {
            let items = findings.filter { $0.kind == kind }
            var start = 0
            while start < items.count {
                if shouldStop() { throw RedisError(.cancelled, "cleanup interrupted after \(done) changes; run it again to finish") }
                let slice = Array(items[start..<min(start + batch, items.count)])
                start += slice.count
                switch kind {
                case .stale:
                    var events: [RedisCommand] = []
                    for (f, r) in zip(slice, try removeStale(slice)) {
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
                        RedisScriptCall(keys: [keys.actorHash(bytes: $0.idBytes), $0.keyBytes], args: [$0.idBytes])
                    })
                    for r in replies {
                        if let e = r.errorText { throw RedisError.fromServer(e) }
                        if r.int == 1 { outcome.repairedIndexEntries += 1 } else { outcome.skipped += 1 }
                    }
                case .zombie:
                    let replies = try redis.evalPipeline(Self.removeZombieScript, calls: slice.map {
                        RedisScriptCall(keys: [$0.keyBytes, keys.heartbeat(bytes: $0.idBytes)], args: [])
                    })
                    for r in replies {
                        if let e = r.errorText { throw RedisError.fromServer(e) }
                        if r.int == 1 { outcome.deletedZombies += 1 } else { outcome.skipped += 1 }
                    }
                case .misIndexed:
                    let replies = try redis.evalPipeline(Self.removeMisIndexedScript, calls: slice.map {
                        RedisScriptCall(keys: [keys.actorHash(bytes: $0.idBytes), $0.keyBytes], args: [$0.idBytes, Array($0.keyBytes[typePrefix.count...])])
                    })
                    for r in replies {
                        if let e = r.errorText { throw RedisError.fromServer(e) }
                        if r.int == 1 { outcome.removedMisIndexed += 1 } else { outcome.skipped += 1 }
                    }
                case .collision: break
                }
                done += slice.count
                progress(done)
            }
        }
        return outcome
    }

    /// Runs `removeStaleScript` for each finding: reads each hash's type first so the type set goes
    /// in KEYS, and retries the few whose type changed in between (bounded; then they count as skipped).
    func removeStale(_ slice: [Finding]) throws(RedisError) -> [RedisReply] {
        let all = Array(keys.allSet.utf8)
        var replies = [RedisReply](repeating: .array([.integer(0)]), count: slice.count)
        let types = try redis.pipeline(slice.map { RedisCommand("HGET", keyBytes: [$0.keyBytes], args: [Array("actorType".utf8)]) })
        var pending: [(index: Int, type: [UInt8]?)] = slice.indices.map { ($0, types[$0].bytes) }
        for _ in 0..<3 where !pending.isEmpty {
            let calls = pending.map { item -> RedisScriptCall in
                let f = slice[item.index]
                var k = [f.keyBytes, keys.heartbeat(bytes: f.idBytes), all]
                if let t = item.type { k.append(keys.typeSet(bytes: t)) }
                return RedisScriptCall(keys: k, args: [f.idBytes, item.type ?? []])
            }
            let got = try redis.evalPipeline(Self.removeStaleScript, calls: calls)
            var again: [(index: Int, type: [UInt8]?)] = []
            for (item, r) in zip(pending, got) {
                if let parts = r.array, parts.first?.int == 2, parts.count == 2 {
                    let t = parts[1].bytes ?? []
                    again.append((item.index, t.isEmpty ? nil : t))
                } else {
                    replies[item.index] = r
                }
            }
            pending = again
        }
        return replies
    }
}
