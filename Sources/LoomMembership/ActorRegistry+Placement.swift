import LoomRedis
import LoomKeyspace
import LoomRegistry

extension ActorRegistry {
    /// Streams `(actorId, workerId)` of every registered actor: what placement needs and nothing
    /// more. SSCAN of `P:all` in batches, one pipelined `HMGET actorType workerId` per id (no
    /// metadata transferred), replies parsed in place (`streamSet`). Ids whose hash is missing,
    /// partial (no actorType) or not a hash are skipped; `actors stats` reports those.
    /// Ids repeated by SSCAN are dropped (see `FingerprintSet`).
    public func forEachPlacement(_ body: ([(id: String, workerId: String?)]) throws -> Bool) throws {
        try forEachPlacement(liveness: false) { batch in try body(batch.map { ($0.id, $0.workerId) }) }
    }

    /// The same stream with liveness (`EXISTS` of the heartbeat key, pipelined alongside).
    public func forEachPlacement(liveness: Bool, _ body: ([(id: String, workerId: String?, live: Bool)]) throws -> Bool) throws {
        let per = liveness ? 2 : 1
        let hashPrefix = keys.actorKeyPrefix
        let heartbeatPrefix = keys.heartbeatKeyPrefix
        let hmget = Array("HMGET".utf8), exists = Array("EXISTS".utf8)
        let actorType = Array("actorType".utf8), workerId = Array("workerId".utf8)
        var batch: [(id: String, workerId: String?, live: Bool)] = []
        batch.reserveCapacity(batchSize)
        var stopped = false
        try streamSet(Array(keys.allSet.utf8), repliesPerID: per,
            send: { id, p in
                p.writer.begin(4)
                p.writer.argument(hmget)
                p.writer.argument(hashPrefix, id)
                p.writer.argument(actorType)
                p.writer.argument(workerId)
                if liveness {
                    p.writer.begin(2)
                    p.writer.argument(exists)
                    p.writer.argument(heartbeatPrefix, id)
                }
                p.sent(per)
            },
            read: { id, reader in
                var hasType = false
                var worker: String?
                switch try reader.header() {
                case .array(let n) where n == 2:
                    if case .bulk(let t) = try reader.header(), t >= 0 {
                        try reader.skipBulk(t)
                        hasType = true
                    }
                    if case .bulk(let w) = try reader.header(), w >= 0 {
                        worker = w <= ActorRecord.fieldCap ? try reader.bulk(w) { String(decoding: $0, as: UTF8.self) } : nil
                        if w > ActorRecord.fieldCap { try reader.skipBulk(w) }
                    }
                case .array(let n):
                    for _ in 0..<max(n, 0) { try reader.skipReply() }
                case .bulk(let n):
                    if n >= 0 { try reader.skipBulk(n) }
                default: break  // WRONGTYPE: a collision, skipped
                }
                var live = false
                if liveness { live = try reader.header() == .integer(1) }
                if hasType, !stopped { batch.append((ActorID.display(id).text, worker, live)) }
            },
            endOfBatch: {
                if !stopped, !batch.isEmpty {
                    stopped = try !body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
                return !stopped
            })
    }
}
