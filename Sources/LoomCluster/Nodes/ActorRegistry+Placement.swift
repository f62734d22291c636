import LoomRedis

extension ActorRegistry {
    /// Streams `(actorId, workerId)` of every registered actor: what placement needs and nothing
    /// more. SSCAN of `P:all` in batches, one pipelined `HMGET actorType workerId` per batch (no
    /// metadata transferred). Ids whose hash is missing, partial (no actorType) or not a hash are
    /// skipped; `actors stats` reports those. Ids repeated by SSCAN during a rehash are dropped.
    public func forEachPlacement(_ body: ([(id: String, workerId: String?)]) throws -> Bool) throws {
        var seen = Set<Int>()
        let keys = self.keys
        var bodyError: (any Error)?
        try redis.sscan(keys.allSet, count: batchSize) { (members) throws(RedisError) -> Bool in
            let ids = members.filter { seen.insert($0.hashValue).inserted }
            if ids.isEmpty { return true }
            let replies = try redis.pipeline(
                count: ids.count,
                command: { i in [Array("HMGET".utf8), Array(keys.actorHash(ids[i]).utf8), Array("actorType".utf8), Array("workerId".utf8)] },
                decode: { $0 })
            var batch: [(id: String, workerId: String?)] = []
            batch.reserveCapacity(ids.count)
            for (id, r) in zip(ids, replies) {
                guard let f = r.array, f.count == 2, !f[0].isNull else { continue }
                batch.append((id, f[1].string))
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
