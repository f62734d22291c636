import LoomRedis
import LoomKeyspace

extension ActorRegistry {
    /// What one walk of the actor keyspace tells `actors stats`.
    struct KeyspacePass: Sendable {
        /// Keys named like actor hashes (`P:{id}`, not heartbeats, type sets or `P:all`). Without a
        /// TYPE filter a stray non-hash key there is counted too: the count can only be too high,
        /// which sends stats to the exact `scanUnindexed` walk, never to a wrong answer.
        var actorKeys = 0
        /// `P:type:*` keys that are sets (the type indexes).
        var typeSets: [[UInt8]] = []
        /// `P:type:*` keys that are hashes: an actor id starting with `type:` (reported as collisions).
        var collisions: [Anomaly] = []
    }

    /// One streamed SCAN of `P:*` without TYPE: it replaces the two TYPE-filtered keyspace scans
    /// (`P:type:*` sets, then actor hashes) that `actors stats` made, so the server walks its
    /// keyspace once. Heartbeat keys come back too and are skipped by prefix; only the handful of
    /// `P:type:*` keys get a TYPE each. It needs nothing from the per-actor pass, so `actors stats`
    /// runs it meanwhile on a second connection (`concurrentKeyspacePass`); `shouldStop` ends it early
    /// (throwing `CancellationError`) when that pass fails.
    func keyspacePass(shouldStop: () -> Bool = { false }) throws -> KeyspacePass {
        let base = keys.actorKeyPrefix
        let typePrefix = keys.typeSetKeyPrefix
        let heartbeatPrefix = keys.heartbeatKeyPrefix
        let all = Array(keys.allSet.utf8)
        var pass = KeyspacePass()
        var typeKeys: [[UInt8]] = []
        try stream(.scan(match: keys.actorScanPattern, type: nil), repliesPerID: 0,
            send: { _, _ in },
            read: { key, _ in
                guard key.count > base.count, key.starts(with: base), !key.starts(with: heartbeatPrefix), !key.elementsEqual(all) else { return }
                if key.starts(with: typePrefix) { typeKeys.append(Array(key)) } else { pass.actorKeys += 1 }
            },
            endOfBatch: { !shouldStop() })
        if shouldStop() { throw CancellationError() }
        // SCAN may return a key twice (rehashing); the type keys are few, so they are deduplicated.
        var seen = Set<[UInt8]>()
        typeKeys = typeKeys.filter { seen.insert($0).inserted }
        let types = try redis.pipeline(typeKeys.map { RedisCommand("TYPE", keyBytes: [$0]) })
        for (key, t) in zip(typeKeys, types) {
            switch t.string {
            case "set": pass.typeSets.append(key)
            case "hash":
                let id = Array(key[base.count...])
                pass.collisions.append(Anomaly(kind: .collision, id: ActorID.display(id).text, key: Self.displayKey(base, id),
                    detail: "an actor id starting with 'type:' wrote a hash over the type-index namespace"))
            default: break
            }
        }
        return pass
    }
}

extension ActorRegistry {
    /// `keyspacePass` started on a client and thread of its own (docs/architecture.md, "Blocking
    /// Redis and Swift concurrency"); nil when no second connection can be opened (the caller then
    /// runs the pass itself, after its own). The second client is closed when the pass ends.
    func concurrentKeyspacePass() -> BlockingRedis.Background<KeyspacePass>? {
        guard let other = try? redis.openAnother() else { return nil }
        let walker = ActorRegistry(redis: other, keys: keys, batchSize: batchSize)
        return BlockingRedis.start(name: "loomctl stats keyspace") { shouldStop in
            defer { other.close() }
            return try walker.keyspacePass(shouldStop: shouldStop)
        }
    }
}
