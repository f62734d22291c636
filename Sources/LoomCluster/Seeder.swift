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
        public var actors = 0
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

    public func seed(_ plan: Plan, progress: (Int) -> Void = { _ in }) throws -> Summary {
        guard plan.actors >= 0, plan.types >= 1, plan.workers >= 1, (0...1).contains(plan.staleFraction) else {
            throw ClusterError.invalid("seed needs actors ≥ 0, types ≥ 1, workers ≥ 1 and 0 ≤ stale-fraction ≤ 1")
        }
        var rng = SplitMix64(seed: plan.randomSeed)
        let keys = registry.keys
        var summary = Summary()
        summary.types = (0..<plan.types).map(Self.typeName)
        summary.workers = (1...plan.workers).map { "worker-\($0)" }
        let now = Timestamp.nowMillis()
        let width = plan.idWidth ?? String(max(plan.actors - 1, 0)).count
        var written = 0
        while written < plan.actors {
            let n = min(plan.batch, plan.actors - written)
            var commands: [[String]] = []
            commands.reserveCapacity(n * 4)
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
                commands.append(["HSET", keys.actorHash(id)] + reg.hashFields())
                commands.append(["SADD", keys.typeSet(type), id])
                commands.append(["SADD", keys.allSet, id])
                if stale {
                    summary.stale += 1
                } else {
                    commands.append(["SETEX", keys.heartbeat(id), String(plan.heartbeatTTL), String(reg.lastHeartbeatMillis)])
                }
            }
            let replies = try registry.redis.pipeline(commands)
            if let e = replies.first(where: { $0.errorText != nil })?.errorText { throw RedisError.fromServer(e) }
            written += n
            progress(written)
        }
        summary.actors = plan.actors
        if plan.broken { summary.broken = try seedBroken(type: summary.types[0], worker: summary.workers[0], now: now) }
        return summary
    }

    /// One record per registry quirk (§10 items 1, 3, 4, 8) plus awkward but valid ids.
    func seedBroken(type: String, worker: String, now: Int64) throws -> [String] {
        let k = registry.keys
        let iso = Timestamp.iso(millis: now)
        func valid(_ id: String, _ fields: [String] = []) -> [[String]] {
            var f = ActorRegistration(id: id, type: type, workerId: worker, lastHeartbeatMillis: now).hashFields()
            f += fields
            return [["HSET", k.actorHash(id)] + f, ["SADD", k.typeSet(type), id], ["SADD", k.allSet, id],
                ["SETEX", k.heartbeat(id), "300", String(now)]]
        }
        var cmds: [[String]] = []
        cmds += [["SADD", k.allSet, "ghost-1"], ["SADD", k.typeSet(type), "ghost-1"]]  // dangling index entries
        cmds += [["HSET", k.actorHash("zombie-1"), "lastHeartbeat", iso]]  // heartbeat() on an unknown id
        cmds += [["HSET", k.actorHash("zombie-2"), "status", "busy"], ["SETEX", k.heartbeat("zombie-2"), "300", String(now)]]
        cmds += valid("bad-metadata-1", ["metadata", "{not json"])
        cmds += valid("bad-count-1", ["messageCount", "NaN"])
        cmds += [["HSET", k.actorHash("partial-1"), "actorId", "partial-1", "actorType", type, "status", "idle"],
            ["SADD", k.typeSet(type), "partial-1"], ["SADD", k.allSet, "partial-1"]]  // missing workerId, counts
        cmds += [["SET", k.actorHash("collide-1"), "not-a-hash"], ["SADD", k.allSet, "collide-1"]]  // WRONGTYPE
        cmds += valid("tenant:42:actor-7")  // ':' inside an id
        cmds += valid("актор-日本-é")
        let replies = try registry.redis.pipeline(cmds)
        if let e = replies.first(where: { $0.errorText != nil })?.errorText { throw RedisError.fromServer(e) }
        return ["ghost-1 (dangling)", "zombie-1 (zombie)", "zombie-2 (zombie, live heartbeat)", "bad-metadata-1 (bad JSON)",
            "bad-count-1 (bad messageCount)", "partial-1 (missing fields, stale)", "collide-1 (WRONGTYPE collision)",
            "tenant:42:actor-7 (':' in id)", "актор-日本-é (unicode id)"]
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
