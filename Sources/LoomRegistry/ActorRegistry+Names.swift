import LoomRedis
import LoomKeyspace

/// Name lookups for completion and the CLI's one-line answers: which names exist (actor ids,
/// actor types, nodes) and who hosts an actor. Bounded by a deadline and a result cap, so a TAB
/// never waits on a large registry; the CLI only decides when to ask.
extension ActorRegistry {
    public enum NameKind: Sendable {
        case actorIds, actorTypes, nodes
    }

    /// Adds to `names` the `kind` names starting with `prefix`, until `deadline` or `maxResults`;
    /// returns whether the walk finished (the names are then complete). Names found before an
    /// error stay in `names`. `scanCount` is the SCAN/SSCAN COUNT to start from.
    public func names(
        _ kind: NameKind, prefix: String, deadline: ContinuousClock.Instant, maxResults: Int, scanCount: Int,
        into names: inout Set<String>
    ) throws(RedisError) -> Bool {
        let start = ContinuousClock.now
        switch kind {
        case .actorIds:
            // Loom ids usually start with their type (`order-processor-0012`): when the prefix
            // names an existing type set, scan that smaller set first (it usually finishes
            // within the budget), then the whole registry with the time left.
            let dashes = Array(prefix.indices.filter { prefix[$0] == "-" }.map { String(prefix[..<$0]) }.reversed())
            if !dashes.isEmpty {
                let exists = try redis.pipeline(dashes.map { .exists([keys.typeSet($0)]) })
                if let i = exists.firstIndex(where: { $0.int == 1 }) {
                    let typeDeadline = start + (deadline - start) * 0.7
                    _ = try scanSetNames(keys.typeSet(dashes[i]), prefix: prefix, deadline: typeDeadline, maxResults: maxResults,
                        scanCount: scanCount, into: &names)
                }
            }
            return try scanSetNames(keys.allSet, prefix: prefix, deadline: deadline, maxResults: maxResults, scanCount: scanCount,
                into: &names)
        case .nodes:
            let complete = try scanSetNames(keys.nodeAllSet, prefix: prefix, deadline: deadline, maxResults: maxResults,
                scanCount: scanCount, into: &names)
            if names.isEmpty { try sampleField("workerId", prefix: prefix, into: &names) }
            return complete
        case .actorTypes:
            let base = keys.typeSetPrefix
            let pattern = keys.typeSetScanPattern(typePrefix: prefix)
            var done = true
            try redis.scan(match: pattern, count: scanCount, type: "set") { batch throws(RedisError) in
                for k in batch where k.hasPrefix(base) { names.insert(String(k.dropFirst(base.count))) }
                if ContinuousClock.now > deadline || names.count >= maxResults {
                    done = false
                    return false
                }
                return true
            }
            if !done { try sampleField("actorType", prefix: prefix, into: &names) }
            return done
        }
    }

    /// SSCAN … MATCH <prefix>* until the cursor wraps (true), or the deadline passes or enough
    /// names were found (false). The deadline is checked after every round trip, matches or not,
    /// and COUNT adapts to the measured cost per element so that one call cannot overshoot it.
    func scanSetNames(_ key: String, prefix: String, deadline: ContinuousClock.Instant, maxResults: Int, scanCount: Int,
        into names: inout Set<String>) throws(RedisError) -> Bool
    {
        var cursor = "0"
        var count = min(scanCount, 1000)
        let match = prefix.isEmpty ? nil : Keyspace.globEscape(prefix) + "*"
        repeat {
            let t0 = ContinuousClock.now
            let reply = try redis.send(.sscan(key, cursor: cursor, match: match, count: count))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
                throw RedisError(.protocolError, "unexpected SSCAN reply")
            }
            for item in items { if let s = item.string { names.insert(s) } }
            cursor = next
            if cursor == "0" { return true }
            let now = ContinuousClock.now
            if names.count >= maxResults || now >= deadline { return false }
            // Next batch sized to fit ~80% of the time left, at the cost per element just measured.
            let spent = max(Self.seconds(now - t0), 1e-6)
            let fit = Int(Self.seconds(deadline - now) * 0.8 / (spent / Double(count)))
            if fit < 100 { return false }
            count = min(fit, scanCount * 4)
        } while true
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// A quick sample of the registry (SRANDMEMBER + HGET) when a full scan does not fit the budget.
    func sampleField(_ field: String, prefix: String, into names: inout Set<String>) throws(RedisError) {
        let ids = try redis.send(.srandmember(keys.allSet, count: 64)).array?.compactMap(\.string) ?? []
        guard !ids.isEmpty else { return }
        let replies = try redis.pipeline(ids.map { .hget(keys.actorHash($0), field) })
        for r in replies { if let v = r.string, v.hasPrefix(prefix), !v.isEmpty { names.insert(v) } }
    }

    /// Every id in `P:all`, batch by batch (SSCAN; a hashtable-encoded set may repeat an id),
    /// until `body` returns false.
    public func forEachIDBatch(count: Int = 1000, _ body: ([String]) throws(RedisError) -> Bool) throws(RedisError) {
        try redis.sscan(keys.allSet, count: count, body)
    }

    /// Who hosts each actor: its hash's `workerId` (nil when the actor or the field is missing,
    /// or the key is not a hash). One pipeline.
    public func owners(of ids: [String]) throws(RedisError) -> [String?] {
        guard !ids.isEmpty else { return [] }
        return try redis.pipeline(ids.map { .hget(keys.actorHash($0), "workerId") }).map(\.string)
    }

    /// Who hosts one actor (see `owners(of:)`); a key that is not a hash is an error here.
    public func owner(of id: String) throws(RedisError) -> String? {
        try redis.send(.hget(keys.actorHash(id), "workerId")).string
    }
}
