import LoomCore
import LoomRedis

/// `loomctl dev seed`: a realistic Loom registry, written through `ActorRegistration.hashFields()`
/// (the same encoder `actors register` uses) in large pipelines, plus a handful of deliberately
/// broken records covering each quirk of contract §10 that the registry can show.
public struct Seeder: Sendable {
    public struct Plan: Sendable {
        public var actors: Int
        public var types: Int
        public var workers: Int
        public var staleFraction: Double
        public var broken: Bool
        public var randomSeed: UInt64
        public var heartbeatTTL: Int
        public var batch: Int
        /// Zero-padding of the numeric id suffix (nil: just enough digits). 12 matches redis-benchmark's `__rand_int__`.
        public var idWidth: Int?

        public init(actors: Int = 1000, types: Int = 5, workers: Int = 3, staleFraction: Double = 0.1, broken: Bool = true,
            randomSeed: UInt64 = 42, heartbeatTTL: Int = 300, batch: Int = 1000, idWidth: Int? = nil)
        {
            self.idWidth = idWidth
            self.actors = actors
            self.types = types
            self.workers = workers
            self.staleFraction = staleFraction
            self.broken = broken
            self.randomSeed = randomSeed
            self.heartbeatTTL = heartbeatTTL
            self.batch = batch
        }
    }

    public struct Summary: Sendable {
        /// Actors written (ids that already existed are skipped, not counted).
        public var actors = 0
        /// Seeded ids (actors and broken records) skipped because one of their keys already existed.
        public var skipped: [String] = []
        public var stale = 0
        public var broken: [String] = []
        public var types: [String] = []
        public var workers: [String] = []
    }

    static let typeNames = [
        "order-processor", "payment-gateway", "inventory-sync", "notification-sender", "fraud-check", "shipping-planner",
        "support-agent", "recommender", "document-extractor", "appraisal-review",
    ]

    public let registry: ActorRegistry
    public init(registry: ActorRegistry) { self.registry = registry }

    public static func typeName(_ i: Int) -> String { i < typeNames.count ? typeNames[i] : "type-\(i)" }

    /// True when nothing of the registry exists yet: no `P:all` and no key under `P:`.
    public func registryIsEmpty() throws(RedisError) -> Bool {
        if try registry.redis.send(.exists([registry.keys.allSet])).int == 1 { return false }
        var found = false
        try registry.redis.scan(match: registry.keys.actorScanPattern, count: 1000) { batch in
            found = !batch.isEmpty
            return !found
        }
        return !found
    }

    /// Writes the dataset. Never overwrites a key it did not create: every record is written by
    /// ``createOnlyScript``, which skips the record when any of its own keys (hash, heartbeat,
    /// collision string) already exists or a shared set it adds to holds another type. Skipped ids
    /// are listed in the summary.
    public func seed(_ plan: Plan, progress: (Int) -> Void = { _ in }) throws -> Summary {
        guard plan.actors >= 0, plan.types >= 1, plan.workers >= 1, (0...1).contains(plan.staleFraction) else {
            throw RegistryError.invalid("seed needs actors ≥ 0, types ≥ 1, workers ≥ 1 and 0 ≤ stale-fraction ≤ 1")
        }
        guard ActorRegistry.heartbeatTTLRange.contains(plan.heartbeatTTL), plan.batch >= 1 else {
            throw RegistryError.invalid("seed needs a heartbeat TTL in \(ActorRegistry.heartbeatTTLRange) s and a batch ≥ 1")
        }
        var rng = SplitMix64(seed: plan.randomSeed)
        let keys = registry.keys
        var summary = Summary()
        summary.types = (0..<plan.types).map(Self.typeName)
        summary.workers = (1...plan.workers).map { "worker-\($0)" }
        // Shared sets of another type would make every record skip: name the key and stop first.
        for key in [keys.allSet] + summary.types.map(keys.typeSet) {
            let t = try registry.redis.send(.type(key)).string ?? "none"
            if t != "none" && t != "set" { throw RegistryError.wrongType(key: key, holds: t, expected: "set") }
        }
        let now = Timestamp.nowMillis()
        let width = plan.idWidth ?? String(max(plan.actors - 1, 0)).count
        var written = 0
        while written < plan.actors {
            let n = min(plan.batch, plan.actors - written)
            // Per actor: the 7 values of hashFields() (Loom's order) + the heartbeat value ('' = stale).
            var args: [String] = [keys.actorBase, String(plan.heartbeatTTL)]
            args.reserveCapacity(2 + 7 + n * 8)
            var names: [String]?
            for i in written..<(written + n) {
                let typeIndex = i % plan.types
                let type = summary.types[typeIndex]
                let stale = Double(rng.next() % 10_000) / 10_000 < plan.staleFraction
                let roll = rng.next() % 100
                let id = "\(type)-\(String(repeating: "0", count: max(0, width - String(i).count)))\(i)"
                let reg = ActorRegistration(
                    id: id, type: type, workerId: summary.workers[Int(rng.next() % UInt64(plan.workers))],
                    status: roll < 60 ? "idle" : roll < 90 ? "active" : "busy",
                    messageCount: Int64(rng.next() % 5000),
                    metadata: roll % 3 == 0 ? "" : Self.metadata(type: type, index: i),
                    lastHeartbeatMillis: stale ? now - Int64(600_000 + rng.next() % 3_600_000) : now - Int64(rng.next() % 60_000))
                let fields = reg.hashFields()
                if names == nil {
                    names = stride(from: 0, to: fields.count, by: 2).map { fields[$0] }
                    args += names!
                }
                for v in stride(from: 1, to: fields.count, by: 2) { args.append(fields[v]) }
                if stale { summary.stale += 1 }
                args.append(stale ? "" : String(reg.lastHeartbeatMillis))
            }
            let reply = try registry.redis.eval(Self.bulkScript, keys: [], args: args).orThrow()
            try LuaGuards.throwIfWrongType(reply, in: RegistryDomain.self)
            let skipped = reply.array?.compactMap(\.string) ?? []
            summary.skipped += skipped
            summary.actors += n - skipped.count
            written += n
            progress(written)
        }
        if plan.broken { summary.broken = try seedBroken(type: summary.types[0], worker: summary.workers[0], now: now, summary: &summary) }
        return summary
    }

    /// The bulk path of `seed` (the generic ``createOnlyScript`` costs ~3× more Redis CPU per
    /// actor: Redis interns every ARGV string). ARGV: actor base, heartbeat TTL, the 7 field names
    /// of ``ActorRegistration/hashFields()``, then per actor its 7 values and the heartbeat value
    /// ('' = stale, no key). First every shared set (`P:all`, each `P:type:T`) is checked to be a
    /// set or absent (else `{'wrongtype', …}` and nothing is written); then each actor is written
    /// only if neither its hash nor its heartbeat key exists. Returns the skipped ids.
    static let bulkScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local base, ttl = ARGV[1], ARGV[2]
        local names = {ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]}
        local all = base .. ':all'
        local tkeys, list = {}, {{all, 'set'}}
        for i = 10, #ARGV, 8 do
          local t = ARGV[i + 1]
          if not tkeys[t] then tkeys[t] = base .. ':type:' .. t; list[#list + 1] = {tkeys[t], 'set'} end
        end
        local bad = check_types(list)
        if bad then return bad end
        local skipped = {}
        for i = 10, #ARGV, 8 do
          local id = ARGV[i]
          local hk, hb = base .. ':' .. id, base .. ':heartbeat:' .. id
          if redis.call('EXISTS', hk, hb) == 0 then
            redis.call('HSET', hk, names[1], ARGV[i], names[2], ARGV[i + 1], names[3], ARGV[i + 2], names[4], ARGV[i + 3],
              names[5], ARGV[i + 4], names[6], ARGV[i + 5], names[7], ARGV[i + 6])
            redis.call('SADD', tkeys[ARGV[i + 1]], id)
            redis.call('SADD', all, id)
            if ARGV[i + 7] ~= '' then redis.call('SET', hb, ARGV[i + 7], 'EX', ttl) end
          else
            skipped[#skipped + 1] = id
          end
        end
        return skipped
        """)

    /// One record to create: `commands` run only if no key of `mustBeAbsent` exists; the sets it
    /// adds to (`sets`) must be sets or absent, which is checked once per batch.
    struct Record {
        var id: String
        var mustBeAbsent: [String]
        var sets: [String]
        var commands: [[String]]
    }

    /// ARGV: #sets, the shared set keys…, then per record: id, #absent, keys…, #commands, and per
    /// command: argc, args…. Returns `{'wrongtype', key, type, 'set'}` (nothing written) when a
    /// shared set has another type, else the ids of the records skipped because one of their own
    /// keys exists. Checks come before writes, so a record is written entirely or not at all.
    static let createOnlyScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local i = 2
        local sets = {}
        for j = 0, tonumber(ARGV[1]) - 1 do sets[#sets + 1] = {ARGV[i + j], 'set'} end
        i = i + #sets
        local bad = check_types(sets)
        if bad then return bad end
        local skipped = {}
        while i <= #ARGV do
          local id = ARGV[i]
          local n = tonumber(ARGV[i + 1]); i = i + 2
          local ok = n == 0 or redis.call('EXISTS', unpack(ARGV, i, i + n - 1)) == 0
          i = i + n
          local c = tonumber(ARGV[i]); i = i + 1
          for _ = 1, c do
            local argc = tonumber(ARGV[i]); i = i + 1
            if ok then redis.call(unpack(ARGV, i, i + argc - 1)) end
            i = i + argc
          end
          if not ok then skipped[#skipped + 1] = id end
        end
        return skipped
        """)

    func write(_ records: [Record]) throws -> [String] {
        var sets: [String] = []
        var seen = Set<String>()
        for r in records { for k in r.sets where seen.insert(k).inserted { sets.append(k) } }
        var args: [String] = [String(sets.count)] + sets
        for r in records {
            args += [r.id, String(r.mustBeAbsent.count)] + r.mustBeAbsent + [String(r.commands.count)]
            for c in r.commands { args += [String(c.count)] + c }
        }
        let reply = try registry.redis.eval(Self.createOnlyScript, keys: [], args: args).orThrow()
        try LuaGuards.throwIfWrongType(reply, in: RegistryDomain.self)
        return reply.array?.compactMap(\.string) ?? []
    }

    /// One record per registry quirk (§10 items 1, 3, 4, 8) plus awkward but valid ids, each
    /// created only where its keys are absent.
    func seedBroken(type: String, worker: String, now: Int64, summary: inout Summary) throws -> [String] {
        let k = registry.keys
        let iso = Timestamp.iso(millis: now)
        func valid(_ id: String, _ label: String, _ fields: [String] = []) -> (Record, String) {
            var f = ActorRegistration(id: id, type: type, workerId: worker, lastHeartbeatMillis: now).hashFields()
            f += fields
            return (Record(id: id, mustBeAbsent: [k.actorHash(id), k.heartbeat(id)], sets: [k.typeSet(type), k.allSet],
                commands: [["HSET", k.actorHash(id)] + f, ["SADD", k.typeSet(type), id], ["SADD", k.allSet, id],
                    ["SETEX", k.heartbeat(id), "300", String(now)]]), label)
        }
        let records: [(Record, String)] = [
            // Dangling index entries: only when no hash exists for the id.
            (Record(id: "ghost-1", mustBeAbsent: [k.actorHash("ghost-1")], sets: [k.allSet, k.typeSet(type)],
                commands: [["SADD", k.allSet, "ghost-1"], ["SADD", k.typeSet(type), "ghost-1"]]), "ghost-1 (dangling)"),
            (Record(id: "zombie-1", mustBeAbsent: [k.actorHash("zombie-1")], sets: [],
                commands: [["HSET", k.actorHash("zombie-1"), "lastHeartbeat", iso]]), "zombie-1 (zombie)"),
            (Record(id: "zombie-2", mustBeAbsent: [k.actorHash("zombie-2"), k.heartbeat("zombie-2")], sets: [],
                commands: [["HSET", k.actorHash("zombie-2"), "status", "busy"], ["SETEX", k.heartbeat("zombie-2"), "300", String(now)]]),
                "zombie-2 (zombie, live heartbeat)"),
            valid("bad-metadata-1", "bad-metadata-1 (bad JSON)", ["metadata", "{not json"]),
            valid("bad-count-1", "bad-count-1 (bad messageCount)", ["messageCount", "NaN"]),
            (Record(id: "partial-1", mustBeAbsent: [k.actorHash("partial-1"), k.heartbeat("partial-1")], sets: [k.typeSet(type), k.allSet],
                commands: [["HSET", k.actorHash("partial-1"), "actorId", "partial-1", "actorType", type, "status", "idle"],
                    ["SADD", k.typeSet(type), "partial-1"], ["SADD", k.allSet, "partial-1"]]), "partial-1 (missing fields, stale)"),
            (Record(id: "collide-1", mustBeAbsent: [k.actorHash("collide-1")], sets: [k.allSet],
                commands: [["SET", k.actorHash("collide-1"), "not-a-hash"], ["SADD", k.allSet, "collide-1"]]),
                "collide-1 (WRONGTYPE collision)"),
            valid("tenant:42:actor-7", "tenant:42:actor-7 (':' in id)"),
            valid("актор-日本-é", "актор-日本-é (unicode id)"),
        ]
        let skipped = Set(try write(records.map(\.0)))
        summary.skipped += records.map(\.0.id).filter(skipped.contains)
        return records.filter { !skipped.contains($0.0.id) }.map(\.1)
    }

    static func metadata(type: String, index: Int) -> String {
        JSONValue.object([
            ("name", .string(type)),
            ("description", .string("Handles \(type.replacingAll("-", with: " ")) work")),
            ("type", "javascript"),
            ("reference", .string("actors/\(type).js")),
            ("version", .string("1.\(index % 4).\(index % 10)")),
            ("author", "platform-team"),
            ("category", .string(type.contains("agent") || type.contains("recommender") ? "ai-agent" : "data-processing")),
            ("tags", .array([.string(type.split(separator: "-").first.map(String.init) ?? type), "seeded"])),
            ("aiContext", .object([("purpose", .string("Processes \(type) messages"))])),
            ("inputSchema", .object([("type", "object"), ("properties", .object([("id", .object([("type", "string")]))]))])),
        ]).serialized()
    }
}

/// Deterministic, fast PRNG for reproducible datasets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
