import LoomCore
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// The agents' shared actor census (docs/agent.md, "Counting actors").
///
/// Loom's registry has no per-worker index, so counting one node's actors means reading the
/// `workerId` of every actor. Done by every agent that is N full passes per interval (100 nodes ×
/// 1M actors = 100M HGETs). Instead the agents share ONE pass per interval: whoever finds the
/// census stale takes a lease (`SET NX PX`), counts every worker's actors in one SSCAN + pipelined
/// HGET pass, and publishes the counts; every other agent reads its own count with one HGET.
/// Counts stay exact as of the census time (`countedAt`, Redis server time).
///
/// Keys (all under the transparent key prefix, loomctl's own namespace, expiring when no agent runs):
/// * `{K}loomctl:agent:actor-counts`: hash workerId → actors;
/// * `{K}loomctl:agent:actor-counts:meta`: `countedAt` (ms, Redis TIME), `tookMs`, `by`, `actors`, `truncated`;
/// * `{K}loomctl:agent:count-lease`: the counting agent's node id, with a TTL.
extension NodeAgent {
    /// Distinct workerIds a census records; past this only registered nodes are counted (`truncated`).
    public static let censusWorkerCap = 100_000

    /// Where the last count came from.
    public enum CountSource: String, Sendable {
        /// This agent ran the census pass.
        case counted
        /// Read from a fresh census another agent (or this one) published.
        case shared
        /// The census was stale and another agent holds the lease: its previous value.
        case stale
        /// Counted alone (the census could not say: it was truncated and lacks this node).
        case own
    }

    public struct CensusKeys: Sendable {
        public var counts: String
        public var meta: String
        public var lease: String

        public init(_ keys: Keyspace) {
            counts = keys.agentActorCounts
            meta = keys.agentActorCountsMeta
            lease = keys.agentCountLease
        }
    }

    /// This node's actor count and where it came from: the shared census when it is fresh (one
    /// round trip), else a census pass under the lease, else the stale census while another agent counts.
    public func sharedActorCount() throws(RedisError) -> (value: Int?, source: CountSource) {
        let redis = membership.redis
        let keys = CensusKeys(membership.keys)
        let me = config.nodeId
        let r = try redis.pipeline([.hget(keys.counts, me), .hmget(keys.meta, ["countedAt", "tookMs", "truncated"]), .time])
        let meta = r[1].array ?? []
        let countedAt = meta.first?.string.flatMap { Int64($0) }
        let tookMs = max(0, meta.count > 1 ? meta[1].string.flatMap { Int64($0) } ?? 0 : 0)
        let truncated = meta.count > 2 && meta[2].string == "1"
        let now = Self.serverMillis(r[2]) ?? Timestamp.nowMillis()
        let mine = r[0].string.flatMap { Int($0) }
        // A pass is spaced to take at most ~10% of the time, cluster-wide (not per node).
        let freshFor = max(Self.millis(config.countInterval), tookMs.multipliedReportingOverflow(by: 10).partialValue)
        if let countedAt, now >= countedAt, now - countedAt < max(1, freshFor) {
            if let mine { return (mine, .shared) }
            if !truncated { return (0, .shared) }  // not among the workers seen: none
            return (try countActors(registryKeys: membership.keys), .own)
        }
        let leaseMs = max(60_000, tookMs.multipliedReportingOverflow(by: 3).partialValue.addingReportingOverflow(10_000).partialValue)
        let got = try redis.send(.set(keys.lease, me, "NX", "PX", String(leaseMs)))
        guard got.string == "OK" else { return (mine, .stale) }
        defer { _ = try? redis.eval(Self.releaseLease, keys: [keys.lease], args: [me]) }
        let counts = try census(keys: keys)
        return (counts[me] ?? 0, .counted)
    }

    /// One pass over `P:all` (SSCAN + pipelined HGET workerId), then the counts are published
    /// atomically (MULTI: the old census is replaced whole). Returns the counts.
    @discardableResult
    public func census(keys: CensusKeys) throws(RedisError) -> [String: Int] {
        let redis = membership.redis
        let registryKeys = membership.keys
        let started = try Self.serverMillis(redis.send(.time)) ?? Timestamp.nowMillis()
        let clock = ContinuousClock.now
        var counts: [String: Int] = [config.nodeId: 0]
        // Registered nodes are always counted, even past the cap.
        if let nodes = try? membership.read().nodes { for n in nodes { counts[n.id] = 0 } }
        var truncated = false
        var actors = 0
        // The pass takes seconds at a million actors (longer than the heartbeat TTL): keep this node's
        // heartbeat key alive every --interval meanwhile, or the counting node would look dead.
        var lastKeepAlive = clock
        try redis.sscan(registryKeys.allSet, count: 1000) { (ids) throws(RedisError) -> Bool in
            if ContinuousClock.now - lastKeepAlive >= config.interval {
                _ = try membership.heartbeat(config.nodeId, fields: [], ttlMillis: ttlMillis)
                lastKeepAlive = ContinuousClock.now
                keepAlives += 1
            }
            let replies = try ActorRegistry(redis: redis, keys: registryKeys).owners(of: ids)
            actors += ids.count
            for owner in replies {
                guard let w = owner else { continue }
                if let n = counts[w] {
                    counts[w] = n + 1
                } else if counts.count < Self.censusWorkerCap {
                    counts[w] = 1
                } else {
                    truncated = true
                }
            }
            return true
        }
        let tookMs = Self.millis(ContinuousClock.now - clock)
        let ttl = String(max(3_600_000, Self.millis(config.countInterval).multipliedReportingOverflow(by: 10).partialValue))
        // MULTI/EXEC over two keys: on Redis Cluster they must share a slot (a hash-tag prefix), issue 13.
        let write: [RedisCommand] = [RedisCommand("MULTI"), .del([keys.counts]), .hset(keys.counts, counts.map { ($0.key, String($0.value)) }),
            RedisCommand("PEXPIRE", key: keys.counts, ttl),
            .hset(keys.meta, [("countedAt", String(started)), ("tookMs", String(tookMs)), ("by", config.nodeId),
                ("actors", String(actors)), ("truncated", truncated ? "1" : "0")]),
            RedisCommand("PEXPIRE", key: keys.meta, ttl), RedisCommand("EXEC")]
        let replies = try redis.pipeline(write)
        if let e = replies.last?.errorText { throw RedisError.fromServer(e) }
        return counts
    }

    static func serverMillis(_ time: RedisReply) -> Int64? {
        guard let parts = time.array, parts.count == 2, let s = parts[0].string.flatMap({ Int64($0) }),
            let us = parts[1].string.flatMap({ Int64($0) })
        else { return nil }
        return s * 1000 + us / 1000
    }

    /// Deletes the lease only if this agent still holds it.
    static let releaseLease = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)
}
