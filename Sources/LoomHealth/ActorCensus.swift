import LoomCore
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// What `health` knows about the actor registry: either exact (one full pass, `--exact`, or a
/// registry no bigger than the sample) or estimated from uniform random samples (docs/health.md).
///
/// Sampled, the cost is O(sample), not O(registry): SCARD for the totals, SRANDMEMBER (distinct
/// members) on `P:all` for the anomaly, worker and inferred-node estimates, and on each
/// `P:type:T` of the types that sample holds for that type's live/stale split; only the sampled
/// hashes are read, and the keyspace is never walked.
public struct ActorCensus: Sendable {
    /// One type's live/stale split.
    public struct TypeShare: Sendable {
        public var type: String
        /// Members of `P:type:T` (sampled) or actors of the type (exact).
        public var members: Int
        /// Ids drawn from the type set (all of them when exact).
        public var drawn: Int
        /// Records of this type read from the draw.
        public var found: Int
        public var live: Int
        public var exact: Bool
        /// The stale share (hits = stale records among those found).
        public var stale: ShareEstimate

        public init(type: String, members: Int, drawn: Int, found: Int, live: Int, exact: Bool, stale: ShareEstimate) {
            self.type = type
            self.members = members
            self.drawn = drawn
            self.found = found
            self.live = live
            self.exact = exact
            self.stale = stale
        }
    }

    public var plan: SamplingPlan
    public var exact: Bool
    /// Members of `P:all` (exact: actors read).
    public var population: Int
    /// Ids drawn from `P:all` (exact: = population).
    public var drawn: Int
    /// Exact stats, or stats over the sampled records (counts in the sample).
    public var stats: RegistryStats
    /// Sampled ids that produced at least one anomaly.
    public var anomalousIDs: Int
    public var types: [TypeShare]

    /// Anomaly kinds only a keyspace SCAN can find (not visible from the index sets): not checked when sampled.
    public static let scanOnlyKinds = RegistryStats.scanOnlyKinds

    /// Per-type draws share this many times the base sample size; with many types each gets a
    /// proportional part and reports the (wider) interval it really has.
    public static let typeBudgetFactor = 4

    /// Reads the registry: exactly when asked or when it is no bigger than the sample, else by sampling.
    public static func collect(_ registry: ActorRegistry, plan: SamplingPlan, exact forceExact: Bool) throws -> ActorCensus {
        let redis = registry.redis
        let keys = registry.keys
        let members = try redis.send(.scard(keys.allSet))
        if let e = members.errorText { throw RedisError.fromServer(e) }
        let population = Int(members.int ?? 0)
        if forceExact || population <= plan.baseSize {
            return exactCensus(try RegistryStats.collect(registry, walk: forceExact ? .always : .auto), plan: plan)
        }

        // Overall sample from P:all.
        let ids = try draw(redis, keys.allSet, plan.size(population: population))
        var stats = RegistryStats()
        var anomalous = Set<String>()
        for chunk in chunks(ids) {
            let records = try registry.fetch(ids: Array(chunk), source: keys.allSet, parseMetadata: true) { a in
                stats.record(a)
                anomalous.insert(a.id)
            }
            for r in records {
                stats.add(r, key: keys.actorHash(r.id))
                if !r.problems.isEmpty { anomalous.insert(r.id) }
            }
            try Task.checkCancellation()
        }

        // Per type, from the type sets of the types the sample holds. No keyspace SCAN: on Redis 7.0 a
        // SCAN walk of a 1M-actor keyspace (~2M keys) costs ~2-3 s of server time whatever MATCH says.
        let typeNames = stats.byType.keys.filter { $0 != RegistryStats.missingField }.sorted()
        var typeShares: [TypeShare] = []
        if !typeNames.isEmpty {
            let sizes = try redis.pipeline(typeNames.map { .scard(keys.typeSet($0)) }).map { max(0, Int($0.int ?? 0)) }
            var want = sizes.map { plan.size(population: $0) }
            let budget = plan.baseSize.multipliedReportingOverflow(by: typeBudgetFactor).partialValue
            let total = want.reduce(0) { $0.addingReportingOverflow($1).partialValue }
            if total > budget {
                want = zip(want, sizes).map { w, n in min(n, max(min(n, 100), Int(Double(w) * Double(budget) / Double(total)))) }
            }
            let draws = try redis.pipeline(zip(typeNames, want).map { .srandmember(keys.typeSet($0), count: $1) })
            for (i, type) in typeNames.enumerated() {
                if let e = draws[i].errorText { throw RedisError.fromServer(e) }
                let drawnIDs = (draws[i].array ?? []).compactMap(\.string)
                var found = 0
                var live = 0
                // Only what the split needs: the hash's actorType (is it an actor of this type?) and the heartbeat.
                for chunk in chunks(drawnIDs) {
                    var commands: [RedisCommand] = []
                    commands.reserveCapacity(chunk.count * 2)
                    for id in chunk { commands += [.hget(keys.actorHash(id), "actorType"), .exists([keys.heartbeat(id)])] }
                    let r = try redis.pipeline(commands)
                    for j in 0..<chunk.count where r[2 * j].string == type {
                        found += 1
                        if r[2 * j + 1].int == 1 { live += 1 }
                    }
                    try Task.checkCancellation()
                }
                guard found > 0 else { continue }
                let exactType = drawnIDs.count >= sizes[i]
                // The population of readable records of this type, scaled from the draw when sampled.
                let readable = exactType ? found : max(found, Int((Double(sizes[i]) * Double(found) / Double(drawnIDs.count)).rounded()))
                typeShares.append(TypeShare(type: type, members: sizes[i], drawn: drawnIDs.count, found: found, live: live,
                    exact: exactType, stale: ShareEstimate(hits: found - live, sampled: found, population: readable, z: plan.z)))
            }
        }
        return ActorCensus(plan: plan, exact: false, population: population, drawn: ids.count, stats: stats,
            anomalousIDs: anomalous.count, types: typeShares.sorted { $0.type < $1.type })
    }

    /// Wraps a full pass's stats (today's `health` numbers, unchanged).
    public static func exactCensus(_ stats: RegistryStats, plan: SamplingPlan = SamplingPlan()) -> ActorCensus {
        let types = stats.byType.sorted { $0.key < $1.key }.map { type, c in
            TypeShare(type: type, members: c.total, drawn: c.total, found: c.total, live: c.live, exact: true,
                stale: ShareEstimate(hits: c.stale, sampled: c.total, population: c.total))
        }
        let anomalous = stats.anomalyTotal
        return ActorCensus(plan: plan, exact: true, population: stats.total.total, drawn: stats.total.total, stats: stats,
            anomalousIDs: anomalous, types: types)
    }

    /// Types to check queues for: the readable records' types (exact) or the type sets (sampled).
    public var typeNames: [String] {
        exact ? stats.byType.keys.filter { $0 != RegistryStats.missingField }.sorted() : types.map(\.type)
    }

    /// A share of `P:all` estimated from the overall sample (exact when the census is).
    public func share(_ hits: Int) -> ShareEstimate {
        exact ? ShareEstimate(hits: hits, sampled: population, population: population)
            : ShareEstimate(hits: hits, sampled: drawn, population: population, z: plan.z)
    }

    /// `sampling` block of the report.
    public func json() -> JSONValue {
        var fields: [(String, JSONValue)] = [("mode", .string(exact ? "exact" : "sampled")), ("population", .int(Int64(population))),
            ("sampleSize", .int(Int64(drawn)))]
        if !exact {
            fields += [("confidence", .double(plan.confidence)), ("interval", .string(ShareEstimate.method)),
                ("targetMarginPercent", .double(plan.fixedSize == nil ? plan.margin * 100 : ShareEstimate.pct(worstMargin))),
                ("typeSampleSize", .int(Int64(types.reduce(0) { $0 + $1.drawn }))),
                ("notChecked", .array(Self.scanOnlyKinds.map { .string($0.rawValue) })),
                ("types", .string("seen in the sample")), ("keyspaceScanned", .bool(false))]
        } else if !stats.keyspaceScanned {
            fields += [("notChecked", .array(Self.scanOnlyKinds.map { .string($0.rawValue) })), ("keyspaceScanned", .bool(false))]
        }
        return .object(fields)
    }

    /// The worst-case (p = 0.5) half-width of the overall sample's interval.
    public var worstMargin: Double {
        let e = ShareEstimate(hits: drawn / 2, sampled: drawn, population: population, z: plan.z)
        return (e.upper - e.lower) / 2
    }

    /// One line for tables: what was read and how sure the numbers are.
    public var summaryLine: String {
        if exact { return "actors: exact, all \(population) read" }
        return "actors: estimated from a random sample of \(drawn) of \(population) (+\(types.reduce(0) { $0 + $1.drawn }) per type); "
            + "\(Int((plan.confidence * 100).rounded()))% Wilson intervals; types, queues and breakers are those of the sampled types; "
            + "--exact reads every actor and scans the keyspace"
    }

    // MARK: Exact confirmations (run only when a sample found no live actor)

    /// What a bounded search for a live actor found.
    public struct LiveSearch: Sendable, Equatable {
        /// Some live actor was found.
        public var found: Bool
        /// Members examined.
        public var examined: Int
        /// The whole set was examined (so "not found" is exact).
        public var complete: Bool
    }

    /// Members a search for a live actor examines at most (per type, and once for the inferred
    /// workers): bounded so a dead registry is judged in about a second, not by a full pass.
    public static func searchBudget(_ plan: SamplingPlan) -> Int { max(1000, plan.baseSize) }

    /// Looks for a live actor of `type`: SSCAN of its type set with a pipelined HGET actorType +
    /// EXISTS heartbeat per batch, stopping at the first live one or after `budget` members.
    public static func anyLive(type: String, registry: ActorRegistry, budget: Int = .max) throws(RedisError) -> LiveSearch {
        var found = false
        let (examined, complete) = try walkLiveness(set: registry.keys.typeSet(type), field: "actorType", registry: registry,
            budget: budget) { value, live in
            if value == type && live { found = true }
            return !found
        }
        return LiveSearch(found: found, examined: examined, complete: complete || found)
    }

    /// Which of `workers` host a live actor: SSCAN of `P:all` with a pipelined HGET workerId +
    /// EXISTS heartbeat, stopping once every suspect has one or after `budget` members.
    public static func workersWithLiveActors(_ workers: Set<String>, registry: ActorRegistry, budget: Int = .max) throws(RedisError)
        -> (live: Set<String>, examined: Int, complete: Bool)
    {
        guard !workers.isEmpty else { return ([], 0, true) }
        var live: Set<String> = []
        let (examined, complete) = try walkLiveness(set: registry.keys.allSet, field: "workerId", registry: registry,
            budget: budget) { value, isLive in
            if let w = value, isLive, workers.contains(w) { live.insert(w) }
            return live.count < workers.count
        }
        return (live, examined, complete || live.count == workers.count)
    }

    /// SSCAN of `set` with one pipelined `HGET field` + `EXISTS heartbeat` per member; `visit` gets each
    /// member's field and liveness and returns false to stop. Stops after `budget` members (incomplete).
    private static func walkLiveness(set: String, field: String, registry: ActorRegistry, budget: Int,
        visit: (String?, Bool) -> Bool) throws(RedisError) -> (examined: Int, complete: Bool)
    {
        let redis = registry.redis
        let keys = registry.keys
        var examined = 0
        var complete = true
        try redis.sscan(set, count: 1000) { (ids) throws(RedisError) -> Bool in
            if examined >= budget {
                complete = false
                return false
            }
            examined += ids.count
            var commands: [RedisCommand] = []
            commands.reserveCapacity(ids.count * 2)
            for id in ids { commands += [.hget(keys.actorHash(id), field), .exists([keys.heartbeat(id)])] }
            let r = try redis.pipeline(commands)
            for i in 0..<ids.count where !visit(r[2 * i].string, r[2 * i + 1].int == 1) { return false }
            return true
        }
        return (examined, complete)
    }

    // MARK: Helpers

    static func draw(_ redis: any RedisClient, _ key: String, _ count: Int) throws(RedisError) -> [String] {
        guard count > 0 else { return [] }
        let reply = try redis.send(.srandmember(key, count: count))
        if let e = reply.errorText { throw RedisError.fromServer(e) }
        return (reply.array ?? []).compactMap(\.string)
    }

    static func chunks(_ ids: [String], size: Int = 4096) -> [ArraySlice<String>] {
        stride(from: 0, to: ids.count, by: size).map { ids[$0..<min($0 + size, ids.count)] }
    }
}
