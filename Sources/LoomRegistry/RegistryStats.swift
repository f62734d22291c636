import LoomCore
import LoomRedis
import LoomKeyspace

/// `actors stats`: Loom's getStats() (counts by type and status) plus workers, liveness and
/// an anomalies section, so bad data is visible instead of silently skipped.
public struct RegistryStats: Sendable {
    public struct Count: Sendable {
        public var total = 0
        public var live = 0
        public var stale: Int { total - live }

        /// One actor counted (one dictionary access per count, not two).
        mutating func add(live: Bool) {
            total += 1
            if live { self.live += 1 }
        }
    }

    public var total = Count()
    public var byType: [String: Count] = [:]
    public var byStatus: [String: Int] = [:]
    public var byWorker: [String: Count] = [:]
    public var anomalyCounts: [Anomaly.Kind: Int] = [:]
    /// The first few anomalies of each kind, as examples.
    public var anomalyExamples: [Anomaly] = []
    public static let examplesPerKind = 5

    /// The `byWorker`/`byType`/`byStatus` key for records without that field.
    public static let missingField = "<none>"

    public init() {}

    /// `key` is built only for a record with problems (not once per actor on the hot path).
    public mutating func add(_ r: ActorRecord, key: @autoclosure () -> String = "") {
        let live = r.isLive
        total.add(live: live)
        byType[r.type ?? Self.missingField, default: Count()].add(live: live)
        byStatus[r.status ?? Self.missingField, default: 0] += 1
        byWorker[r.workerId ?? Self.missingField, default: Count()].add(live: live)
        if !r.problems.isEmpty {
            record(Anomaly(kind: .badRecord, id: r.id, key: key(), detail: r.problems.joined(separator: "; ")))
        }
    }

    public mutating func record(_ a: Anomaly) {
        let n = anomalyCounts[a.kind, default: 0]
        anomalyCounts[a.kind] = n + 1
        if n < Self.examplesPerKind { anomalyExamples.append(a) }
    }

    public var anomalyTotal: Int { anomalyCounts.values.reduce(0, +) }

    /// Index cardinalities from SCARD (never from reading hashes): `P:all` and each `P:type:T`.
    public var indexedTotal = 0
    public var indexedByType: [String: Int] = [:]

    /// Whether `collect` walks the keyspace beyond the index sets (issue 17, goal 2).
    public enum KeyspaceWalk: Sendable {
        /// Walk when the database is small enough for the walk to cost little (`walkBudgetKeys`).
        case auto
        /// Always walk (`--exact`).
        case always
        /// Never walk: the index sets only.
        case never
    }

    /// `.auto` walks a database of at most this many keys. A SCAN costs the server about 1 µs per key
    /// in the database whether or not its pattern matches (docs/benchmarks.md), so this bounds the
    /// walk to about 0.1 s; beyond it the walk would make stats cost more than a listing.
    public static let walkBudgetKeys = 100_000

    /// Anomaly kinds only a keyspace walk can find (hashes outside the index sets): not checked
    /// when the walk is skipped. Health's sampled check leaves out the same kinds.
    public static let scanOnlyKinds: [Anomaly.Kind] = [.zombie, .unindexed]

    /// Whether the keyspace walk ran; when it did not, why (shown to the operator).
    public var keyspaceScanned = true
    public var walkSkippedBecause: String?

    /// Gathers stats in one streaming pass over `P:all` (HGETALL + PTTL per id, metadata validated
    /// in place and never held), plus what needs no hash reads: SCARD of `P:all` and of each type
    /// set. Counts by type come from SCARD, compared with the pass; a type set is read member by
    /// member only when the two disagree.
    ///
    /// With `walk` (by default when the database holds at most `walkBudgetKeys` keys), ONE key-only
    /// SCAN also finds the type sets of types no indexed actor has, hashes over the type-set
    /// namespace, and counts actor hashes; those are walked for zombies/unindexed hashes only when
    /// the count exceeds what `P:all` held. On a large registry that walk costs about as much server
    /// time as the listing itself (a SCAN costs per key in the database), which is why it is not the
    /// default there: `actors stats --exact` and `health --exact` ask for it.
    ///
    /// When the walk runs on a registry larger than one batch it runs while the per-actor pass does,
    /// on a second connection and thread; everything is recorded in the same order as a sequential
    /// run, so the output is the same.
    ///
    /// Mis-indexed ids (§10 8a) are found by comparing each type set's SCARD with the number of
    /// hashes naming that type; only a set that disagrees is walked (HGET actorType per member).
    /// A set where a missing member and a foreign one cancel out is not walked here;
    /// `actors cleanup --dry-run` checks every member of every set.
    public static func collect(_ registry: ActorRegistry, walk: KeyspaceWalk = .auto, progress: (Int) -> Void = { _ in }) throws
        -> RegistryStats
    {
        try collect(registry, walk: walk, overlapKeyspacePass: true, progress: progress)
    }

    /// `overlapKeyspacePass: false` runs the keyspace pass after the per-actor pass, on the same
    /// connection (tests compare the two). `walkBudget` stands in for `walkBudgetKeys` in tests.
    package static func collect(
        _ registry: ActorRegistry, walk: KeyspaceWalk = .auto, walkBudget: Int = walkBudgetKeys, overlapKeyspacePass: Bool,
        progress: (Int) -> Void = { _ in }
    ) throws -> RegistryStats {
        var stats = RegistryStats()
        let keys = registry.keys
        let redis = registry.redis
        stats.indexedTotal = Int(clamping: try redis.send(.scard(keys.allSet)).int ?? 0)
        switch walk {
        case .always: break
        case .never:
            stats.keyspaceScanned = false
            stats.walkSkippedBecause = "not asked for"
        case .auto:
            let dbsize = Int(clamping: try redis.send(RedisCommand("DBSIZE")).int ?? 0)
            if dbsize > walkBudget {
                stats.keyspaceScanned = false
                stats.walkSkippedBecause = "the database holds \(dbsize) keys (walked at most \(walkBudget) by default)"
            }
        }
        // One walk of the keyspace finds the type sets and counts the actor hashes: meanwhile when the
        // per-actor pass takes more than one round, else after it on this connection.
        let concurrentPass = stats.keyspaceScanned && overlapKeyspacePass && stats.indexedTotal > registry.batchSize
            ? registry.concurrentKeyspacePass() : nil
        var hashesInAll = 0
        // Ids in P:all whose key holds another type (WRONGTYPE): the keyspace pass counts their keys.
        var nonHashesInAll = 0
        do {
            try perActorPass(registry, into: &stats, hashesInAll: &hashesInAll, nonHashesInAll: &nonHashesInAll, progress: progress)
        } catch {
            concurrentPass?.stop()
            _ = try? concurrentPass?.join()
            throw error
        }
        let typePrefix = keys.typeSetKeyPrefix
        guard stats.keyspaceScanned else {
            try checkSeenTypeSets(registry, into: &stats)
            return stats
        }
        let pass = try concurrentPass?.join() ?? registry.keyspacePass()
        let sets = pass.typeSets
        let cards = try redis.pipeline(sets.map { RedisCommand("SCARD", keyBytes: [$0]) })
        for (set, card) in zip(sets, cards) {
            let type = String(decoding: set[typePrefix.count...], as: UTF8.self)
            try compareTypeSet(registry, set: set, type: type, card: Int(clamping: card.int ?? 0), into: &stats)
        }
        // Hashes outside P:all: a key-only count first; only if there are more actor hashes than the
        // pass found in P:all is each one checked (SISMEMBER). SCAN can only over-count, so equality
        // means there is none (up to registrations and removals racing with this snapshot).
        for c in pass.collisions { stats.record(c) }
        if pass.actorKeys != hashesInAll + nonHashesInAll {
            try registry.scanUnindexed(indexedZombies: false) { a, _ in if a.kind != .collision { stats.record(a) } }
        }
        return stats
    }

    /// Without the walk, the type sets checked are those of the types the pass saw: `P:type:T` for
    /// each, by SCARD in one pipeline. A set that does not exist is left out of `indexedByType`, as
    /// the walk would; a hash sitting at `P:type:T` is the same collision the walk reports.
    static func checkSeenTypeSets(_ registry: ActorRegistry, into stats: inout RegistryStats) throws {
        let keys = registry.keys
        let types = stats.byType.keys.filter { $0 != missingField }.sorted()
        let sets = types.map { keys.typeSet(bytes: Array($0.utf8)) }
        let cards = try registry.redis.pipeline(sets.map { RedisCommand("SCARD", keyBytes: [$0]) })
        for (i, card) in cards.enumerated() {
            if card.errorText != nil {
                let id = Array(sets[i][keys.actorKeyPrefix.count...])
                stats.record(Anomaly(kind: .collision, id: ActorID.display(id).text, key: ActorRegistry.displayKey(keys.actorKeyPrefix, id),
                    detail: "an actor id starting with 'type:' wrote a hash over the type-index namespace"))
                continue
            }
            let n = Int(clamping: card.int ?? 0)
            if n > 0 { try compareTypeSet(registry, set: sets[i], type: types[i], card: n, into: &stats) }
        }
    }

    /// Records a type set's cardinality, and walks it when it disagrees with the hashes naming the type.
    static func compareTypeSet(_ registry: ActorRegistry, set: [UInt8], type: String, card: Int, into stats: inout RegistryStats) throws {
        stats.indexedByType[type] = card
        if card != stats.byType[type]?.total ?? 0 {
            try checkTypeSet(registry, set: set, type: Array(set[registry.keys.typeSetKeyPrefix.count...])) { stats.record($0) }
        }
    }

    /// The listing's pass over `P:all` (the same HGETALL + PTTL per id), counted instead of printed.
    static func perActorPass(
        _ registry: ActorRegistry, into stats: inout RegistryStats, hashesInAll: inout Int, nonHashesInAll: inout Int,
        progress: (Int) -> Void
    ) throws {
        let keys = registry.keys
        try registry.list(filter: ActorFilter(), metadata: .check, onAnomaly: { a in
            if a.kind == .collision { nonHashesInAll += 1 }
            stats.record(a)
        }) { batch in
            for r in batch {
                stats.add(r, key: keys.actorHash(r.id))
                hashesInAll += 1
                if r.type == nil {
                    // A partial hash that is indexed (heartbeat/status on an id after its unregister raced).
                    let fields = [("actorType", r.type), ("workerId", r.workerId), ("status", r.status), ("lastHeartbeat", r.lastHeartbeat),
                        ("messageCount", r.messageCount.map(String.init))].compactMap { $0.1 == nil ? nil : $0.0 }
                    stats.record(Anomaly(kind: .zombie, id: r.id, key: keys.actorHash(r.id), detail: "partial hash with only {\(fields.sorted().joined(separator: ","))}"))
                }
            }
            progress(stats.total.total)
            try Task.checkCancellation()
            return true
        }
    }

    /// Walks one type set: members whose hash names another type are mis-indexed; members with no
    /// hash that are not in `P:all` either are dangling (those in `P:all` were reported by the pass).
    static func checkTypeSet(_ registry: ActorRegistry, set: [UInt8], type: [UInt8], onAnomaly: (Anomaly) -> Void) throws {
        let keys = registry.keys
        let hashPrefix = keys.actorKeyPrefix
        let all = Array(keys.allSet.utf8)
        let setName = String(decoding: set, as: UTF8.self)
        let hget = Array("HGET".utf8), exists = Array("EXISTS".utf8), sismember = Array("SISMEMBER".utf8), actorType = Array("actorType".utf8)
        try registry.streamSet(set, repliesPerID: 3,
            send: { id, p in
                p.writer.begin(3); p.writer.argument(hget); p.writer.argument(hashPrefix, id); p.writer.argument(actorType)
                p.writer.begin(2); p.writer.argument(exists); p.writer.argument(hashPrefix, id)
                p.writer.begin(3); p.writer.argument(sismember); p.writer.argument(all); p.writer.argument(id)
                p.sent(3)
            },
            read: { id, reader in
                var hashType: [UInt8]?
                var isHash = true
                switch try reader.header() {
                case .bulk(let n) where n >= 0: hashType = try reader.bulk(n) { Array($0) }
                case .error: isHash = false
                default: break
                }
                let exists = try reader.header() == .integer(1)
                let inAll = try reader.header() == .integer(1)
                let display = ActorID.display(id).text
                let key = ActorRegistry.displayKey(hashPrefix, id)
                if let hashType, hashType != type {
                    onAnomaly(Anomaly(kind: .misIndexed, id: display, key: setName,
                        detail: "in \(setName) but its hash says type '\(String(decoding: hashType, as: UTF8.self))'"))
                } else if isHash, !exists, !inAll {
                    onAnomaly(Anomaly(kind: .dangling, id: display, key: key, detail: "listed in \(setName) but its hash is missing"))
                }
            },
            endOfBatch: { true })
    }

    public func json() -> JSONValue {
        func count(_ c: Count) -> JSONValue {
            .object([("total", .int(Int64(c.total))), ("live", .int(Int64(c.live))), ("stale", .int(Int64(c.stale)))])
        }
        var fields: [(String, JSONValue)] = [
            ("totalActors", .int(Int64(total.total))),
            ("live", .int(Int64(total.live))),
            ("stale", .int(Int64(total.stale))),
            ("actorsByType", .object(byType.sorted { $0.key < $1.key }.map { ($0.key, count($0.value)) })),
            ("actorsByStatus", .object(byStatus.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ("actorsByWorker", .object(byWorker.sorted { $0.key < $1.key }.map { ($0.key, count($0.value)) })),
            ("indexed", .object([
                ("all", .int(Int64(indexedTotal))),
                ("byType", .object(indexedByType.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ])),
            ("anomalies", .object([
                ("total", .int(Int64(anomalyTotal))),
                ("byKind", .object(Anomaly.Kind.allCases.map { ($0.rawValue, .int(Int64(anomalyCounts[$0, default: 0]))) })),
                ("examples", .array(anomalyExamples.map { $0.json() })),
            ])),
            ("keyspaceScanned", .bool(keyspaceScanned)),
        ]
        if !keyspaceScanned {
            fields += [("notChecked", .array(Self.scanOnlyKinds.map { .string($0.rawValue) })), ("walkSkipped", .string(walkSkippedBecause ?? ""))]
        }
        return .object(fields)
    }
}
