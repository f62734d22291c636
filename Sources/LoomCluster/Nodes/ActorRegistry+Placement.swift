import LoomRedis

extension ActorRegistry {
    /// Streams `(actorId, workerId)` of every registered actor: what placement needs and nothing
    /// more. SSCAN of `P:all` in batches, one pipelined `HMGET actorType workerId` per batch (no
    /// metadata transferred). Ids whose hash is missing, partial (no actorType) or not a hash are
    /// skipped; `actors stats` reports those. Ids repeated by SSCAN during a rehash are dropped.
    public func forEachPlacement(_ body: ([(id: String, workerId: String?)]) throws -> Bool) throws {
        try forEachPlacement(liveness: false) { batch in try body(batch.map { ($0.id, $0.workerId) }) }
    }

    /// The same stream with liveness (`EXISTS` of the heartbeat key, pipelined alongside).
    public func forEachPlacement(liveness: Bool, _ body: ([(id: String, workerId: String?, live: Bool)]) throws -> Bool) throws {
        let per = liveness ? 2 : 1
        var seen = Set<Int>()
        let keys = self.keys
        var bodyError: (any Error)?
        try redis.sscan(keys.allSet, count: batchSize) { (members) throws(RedisError) -> Bool in
            let ids = members.filter { seen.insert($0.hashValue).inserted }
            if ids.isEmpty { return true }
            let replies = try redis.pipeline(
                count: ids.count * per,
                command: { i in
                    i % per == 0
                        ? [Array("HMGET".utf8), Array(keys.actorHash(ids[i / per]).utf8), Array("actorType".utf8), Array("workerId".utf8)]
                        : [Array("EXISTS".utf8), Array(keys.heartbeat(ids[i / per]).utf8)]
                },
                decode: { $0 })
            var batch: [(id: String, workerId: String?, live: Bool)] = []
            batch.reserveCapacity(ids.count)
            for (n, id) in ids.enumerated() {
                guard let f = replies[n * per].array, f.count == 2, !f[0].isNull else { continue }
                batch.append((id, f[1].string, liveness && replies[n * per + 1].int == 1))
            }
            do {
                return try body(batch)
            } catch {
                bodyError = error
                return false
            }
        }
        if let bodyError { throw bodyError }
    }
}
