import Foundation
import LoomCore
import LoomRedis
import LoomRing
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// One simulated Loom worker node (`loomctl dev node`, docs/dev-cluster.md).
///
/// Three threads, each with its own Redis connection where it needs one: the control loop
/// (membership, ring, hand-over, heartbeats), the worker (BullMQ jobs at `rate`) and the
/// loopback `/health` + `/ready` server. The node registers through ``NodeAgent`` (same keys as
/// `loomctl agent`) and writes the registry only through the compare-on-workerId scripts of
/// ``DevScripts``, so an actor is never hosted by two live nodes (hand-over protocol in
/// docs/keyspace.md).
public final class DevNode: @unchecked Sendable {
    public struct Config: Sendable {
        public var nodeId: String
        public var capacity: Double = 1
        public var zone = ""
        /// Fraction of each job's time spent on the CPU (the rest sleeps): the real cpuPercent
        /// the node heartbeats then follows the work it does (routing by node load).
        public var cpuWork: Double = 0
        /// Jobs per second this node processes (0 = consumes nothing).
        public var rate: Double = 10
        /// Fraction of jobs that fail (0–1).
        public var failFraction: Double = 0
        public var catalog: DevCatalog
        /// Control-loop period: actor and node heartbeats, ring check.
        public var interval: Duration = .seconds(2)
        /// Actor heartbeat key TTL in whole seconds (Loom writes SETEX seconds).
        public var actorTTL = 10
        public var nodeTTL: Duration = .seconds(6)
        public var drainTimeout: Duration = .seconds(10)
        public var healthPort: Int?
        public var randomSeed: UInt64 = 0

        public init(nodeId: String, catalog: DevCatalog) {
            self.nodeId = nodeId
            self.catalog = catalog
        }

        public func validate() throws(DevError) {
            do { try NodeRecord.validateID(nodeId) } catch { throw DevError(error) }
            guard RingNode.isValidCapacity(capacity) else { throw DevError.invalidSetting("capacity", "must be > 0 and ≤ \(Int(RingNode.maxCapacity))") }
            guard rate.isFinite, (0...100_000).contains(rate) else { throw DevError.invalidSetting("rate", "must be between 0 and 100000 jobs/s") }
            guard failFraction.isFinite, (0...1).contains(failFraction) else { throw DevError.invalidSetting("fail-fraction", "must be between 0 and 1") }
            guard cpuWork.isFinite, (0...1).contains(cpuWork) else { throw DevError.invalidSetting("cpu-work", "must be between 0 and 1") }
            guard zone.utf8.count <= 256, !zone.contains(where: { $0.isNewline }) else { throw DevError.invalidSetting("zone", "must be one line of at most 256 bytes") }
            guard ActorRegistry.heartbeatTTLRange.contains(actorTTL) else { throw DevError.invalidSetting("ttl", "must be between 1 and 31536000 s") }
            guard interval >= .milliseconds(50), interval <= .seconds(3600) else { throw DevError.invalidSetting("interval", "must be between 0.05 and 3600 s") }
            // The serving lease is 2/3 of the TTL from the start of the last good heartbeat; a
            // heartbeat every interval must renew it before it runs out.
            guard interval * 2 <= .seconds(actorTTL) else { throw DevError.invalidSetting("ttl", "must be at least twice the interval") }
            guard nodeTTL > interval else { throw DevError.invalidSetting("node-ttl", "must be longer than the interval") }
            if let p = healthPort, !(0...65535).contains(p) { throw DevError.invalidSetting("health-port", "must be between 0 and 65535") }
        }
    }

    public typealias Log = NodeAgent.Log

    public let config: Config
    let keys: Keyspace
    let connect: @Sendable () throws -> any RedisClient
    let log: Log
    let state = SharedState()
    let startedAt = ContinuousClock.now
    /// The port the health server listens on (after `start`).
    public private(set) var boundPort: Int?
    private var httpServer: DevHTTPServer?

    /// `connect` opens a fresh connection (called again after failures, with backoff).
    public init(config: Config, keys: Keyspace, connect: @escaping @Sendable () throws -> any RedisClient, log: @escaping Log) throws {
        try config.validate()
        self.config = config
        self.keys = keys
        self.connect = connect
        self.log = log
    }

    /// State shared by the three threads.
    final class SharedState: @unchecked Sendable {
        let lock = NSLock()
        var hostedByType: [String: [String]] = [:]
        var hostedCount = 0
        /// Work is allowed until then (the serving lease, renewed by every good heartbeat round).
        var servingUntil: ContinuousClock.Instant?
        var redisOK = false
        var redisLatencyMillis: Double = 0
        var redisError: String?
        var draining = false
        var jobsDone: Int64 = 0
        var jobsFailed: Int64 = 0
        /// Completed control rounds and the ring epoch of the last one (dev-only `/health` fields).
        var rounds: Int64 = 0
        var ringEpoch: Int64 = -1

        func with<T>(_ f: (SharedState) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return f(self)
        }

        var serving: Bool { with { s in !s.draining && s.servingUntil.map { ContinuousClock.now < $0 } ?? false } }
    }

    // MARK: Running

    /// Binds the health port (throws a conflict when it is in use) and runs until `stop`, then
    /// drains: stops taking jobs, releases every hosted actor, deregisters. Blocks the caller.
    public func run(stop: StopSignal) throws {
        if let port = config.healthPort {
            let server = try DevHTTPServer(port: port) { [weak self] path in self?.respond(path) ?? (404, "{}") }
            httpServer = server
            boundPort = server.port
            server.start()
            log(.info, "health server listening", [("port", .int(Int64(server.port)))])
        }
        defer { httpServer?.stop() }
        let workerDone = StopSignal()
        let workerStop = StopSignal()
        let worker = Thread { [self] in
            workLoop(stop: workerStop)
            workerDone.request()
        }
        worker.name = "loomctl-dev-worker"
        worker.start()
        let control = ControlLoop(node: self)
        control.run(stop: stop)
        // Drain: the worker finishes its job in hand and stops first, then actors are released.
        state.with { $0.draining = true }
        workerStop.request()
        while !workerDone.isRequested { usleep(10_000) }
        control.drain()
    }

    /// Spins for `d` (simulated CPU-bound work; docs/dev-cluster.md).
    static func burn(_ d: Duration) {
        let end = ContinuousClock.now + d
        var x: UInt64 = 1
        while ContinuousClock.now < end {
            for _ in 0..<1000 { x = x &* 6364136223846793005 &+ 1442695040888963407 }
        }
        if x == 0 { print("") }
    }

    // MARK: Health endpoints (loom-server shapes, contract §6.1)

    func respond(_ path: String) -> (Int, String) {
        let s = state.with { s in (s.redisOK, s.redisLatencyMillis, s.redisError, s.draining, s.hostedCount) }
        let progress = state.with { s in (s.rounds, s.ringEpoch) }
        let servingNow = state.serving
        let rss = ProcessFigures.rssBytes() ?? 0
        let total = ProcessFigures.memTotalBytes() ?? 0
        let redisStatus = !s.0 ? "unhealthy" : s.1 < 100 ? "healthy" : "degraded"
        let status = redisStatus
        switch path {
        case "/health":
            var redis: [(String, JSONValue)] = [("status", .string(redisStatus)), ("latency", .double((s.1 * 10).rounded() / 10))]
            if let e = s.2 { redis.append(("message", .string(e))) }
            let uptime = ContinuousClock.now - startedAt
            let body = JSONValue.object([
                ("status", .string(status)), ("timestamp", .string(Timestamp.iso(millis: Timestamp.nowMillis()))),
                ("uptime", .double(Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18)),
                ("components", .object([
                    ("redis", .object(redis)),
                    ("cosmos", .object([("status", .string("healthy")), ("message", .string("Using in-memory storage"))])),
                    ("wasmCache", .object([("status", .string("healthy"))])),
                ])),
                ("memory", .object([("used", .int(Int64(rss))), ("total", .int(Int64(total))),
                    ("percentage", .double(total > 0 ? (Double(rss) / Double(total) * 10000).rounded() / 100 : 0))])),
                ("node", .object([("id", .string(config.nodeId)), ("hostedActors", .int(Int64(s.4))), ("serving", .bool(servingNow)),
                    ("draining", .bool(s.3)), ("rounds", .int(progress.0)), ("ringEpoch", .int(progress.1))])),
            ]).serialized()
            return (status == "unhealthy" ? 503 : 200, body)
        case "/ready":
            let ready = status != "unhealthy" && servingNow
            return (ready ? 200 : 503, JSONValue.object([("ready", .bool(ready))]).serialized())
        case "/":
            return (200, #"{"name":"Loom Server","version":"0.1.0","status":"running","docs":"/docs","health":"/health"}"#)
        default:
            return (404, #"{"error":"not found"}"#)
        }
    }

    // MARK: Worker

    /// Takes jobs from the queues of the types it hosts, round-robin, at `rate`; each job "runs"
    /// for 1/rate s (simulated work) and then completes or fails. Never works outside the lease.
    func workLoop(stop: StopSignal) {
        guard config.rate > 0 else {
            while !stop.isRequested { usleep(50_000) }
            return
        }
        var redis: (any RedisClient)?
        var rng = SplitMix(seed: config.randomSeed ^ UInt64(truncatingIfNeeded: config.nodeId.hashValue))
        var typeCursor = 0
        var actorCursor: [String: Int] = [:]
        let perJob = Duration.nanoseconds(Int64(1e9 / config.rate))
        var backoff = Duration.milliseconds(100)
        var idle = Duration.milliseconds(100)
        while !stop.isRequested {
            guard state.serving else {
                usleep(50_000)
                continue
            }
            let hosted = state.with { $0.hostedByType }
            let types = hosted.keys.sorted()
            if types.isEmpty {
                usleep(50_000)
                continue
            }
            do {
                if redis == nil { redis = try connect() }
                let queue = DevQueue(redis: redis!, keys: keys)
                var took = false
                for k in 0..<types.count {
                    let type = types[(typeCursor + k) % types.count]
                    guard let actors = hosted[type], !actors.isEmpty else { continue }
                    let ai = actorCursor[type, default: 0] % actors.count
                    actorCursor[type] = ai + 1
                    guard state.serving else { break }
                    guard let job = try queue.take(type: type, actorId: actors[ai], node: config.nodeId) else { continue }
                    typeCursor = (typeCursor + k + 1) % types.count
                    let began = ContinuousClock.now
                    if config.cpuWork > 0 { Self.burn(perJob * config.cpuWork) }
                    NodeAgent.pause(perJob - (ContinuousClock.now - began), until: { false })
                    let fail = config.failFraction > 0 && rng.nextDouble() < config.failFraction
                    try queue.finish(type: type, jobId: job, actorId: actors[ai], node: config.nodeId, ok: !fail)
                    state.with { s in if fail { s.jobsFailed += 1 } else { s.jobsDone += 1 } }
                    let spent = ContinuousClock.now - began
                    if spent < perJob { NodeAgent.pause(perJob - spent, until: { false }) }
                    took = true
                    break
                }
                backoff = .milliseconds(100)
                // Empty queues: poll at 100 ms, backing off to 1 s while they stay empty (idle cost).
                if took {
                    idle = .milliseconds(100)
                } else {
                    NodeAgent.pause(idle, until: { stop.isRequested })
                    idle = min(idle * 2, .seconds(1))
                }
            } catch {
                log(.warning, "worker: Redis error; backing off", [("error", .string("\(error)")), ("backoffMs", .int(NodeAgent.millis(backoff)))])
                redis = nil
                NodeAgent.pause(backoff, until: { stop.isRequested })
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }
}

/// The control loop: one round every interval.
final class ControlLoop: @unchecked Sendable {
    let node: DevNode
    var config: DevNode.Config { node.config }
    var redis: (any RedisClient)?
    var agent: NodeAgent?
    var registered = false
    /// Actors this node hosts (wrote workerId = node and heartbeats).
    var hosted: [String: String] = [:]  // id → type
    var lastGood: (fingerprint: String, ring: HashRing, myIndex: Int?)?
    var owned: [String: String] = [:]
    var loggedProblems = Set<String>()
    var lastCPU: (cpu: Double, at: ContinuousClock.Instant)?
    var backoff = Duration.milliseconds(100)
    var nextAttempt = ContinuousClock.now
    /// Start of the last round that heartbeat every hosted actor (the lease counts from it).
    var lastActorBeat: ContinuousClock.Instant?

    init(node: DevNode) { self.node = node }

    func logOnce(_ reason: String) {
        if loggedProblems.insert(reason).inserted { node.log(.warning, "keeping the last good ring view", [("reason", .string(reason))]) }
    }

    func conn() throws -> any RedisClient {
        if let redis { return redis }
        let r = try node.connect()
        redis = r
        agent = try NodeAgent(config: agentConfig(), membership: NodeMembership(redis: r, keys: node.keys), log: node.log)
        return r
    }

    func agentConfig() -> NodeAgent.Config {
        var c = NodeAgent.Config(nodeId: config.nodeId, address: config.healthPort.map { "http://127.0.0.1:\($0)" } ?? "")
        if let p = node.boundPort { c.address = "http://127.0.0.1:\(p)" }
        c.capacity = config.capacity
        c.zone = config.zone
        c.nodeVersion = "loomctl-dev"
        c.labels = [("dev", "true")]
        c.interval = config.interval
        c.heartbeatTTL = config.nodeTTL
        c.drainTimeout = config.drainTimeout
        c.drainPoll = .milliseconds(200)
        return c
    }

    /// Between rounds the loop watches the ring epoch every `quick` (one HGET) and starts a round
    /// at once when it moved, and retries claims still held by their previous owner after `quick`
    /// instead of a whole interval: a ring change is followed in about 2 × `quick` plus the
    /// round's own work, well within 2 intervals (docs/dev-cluster.md, "Placement timing").
    var quick: Duration { max(.milliseconds(20), config.interval / 5) }
    /// The epoch of the last membership read, as stored (compared as text).
    var seenEpoch: String?
    /// Claims refused with "held" in the last round (their previous owner has not released yet).
    var pendingClaims = 0
    /// Completed rounds (served on `/health` as `node.rounds`).
    var rounds: Int64 = 0

    func run(stop: StopSignal) {
        while !stop.isRequested {
            let began = ContinuousClock.now
            if began >= nextAttempt {
                do {
                    try round()
                    backoff = .milliseconds(100)
                } catch {
                    failed(error)
                }
            }
            expireLeaseIfNeeded()
            let next = min(began + config.interval, max(nextAttempt, ContinuousClock.now + .milliseconds(50)))
            waitForNextRound(until: next, since: began, stop: stop)
        }
    }

    /// Sleeps until `until`, waking early for a moved ring epoch or for held claims to retry.
    func waitForNextRound(until next: ContinuousClock.Instant, since began: ContinuousClock.Instant, stop: StopSignal) {
        while !stop.isRequested {
            let now = ContinuousClock.now
            if now >= next { return }
            NodeAgent.pause(min(quick, next - now), until: { stop.isRequested })
            guard redis != nil, ContinuousClock.now >= nextAttempt else { continue }
            if pendingClaims > 0 && ContinuousClock.now - began >= quick { return }
            if epochMoved() { return }
        }
    }

    /// One HGET of the ring epoch; errors are left to the next round (which reconnects).
    func epochMoved() -> Bool {
        guard let r = redis, let seen = seenEpoch else { return false }
        guard let reply = try? r.send(.hget(node.keys.ringHash, "epoch")) else { return false }
        return reply.string != seen
    }

    func failed(_ error: any Error) {
        let wasOK = node.state.with { s -> Bool in
            let was = s.redisOK
            s.redisOK = false
            s.redisError = "\(error)"
            return was
        }
        if wasOK || redis == nil {
            node.log(.error, "Redis round failed; reconnecting with backoff", [("error", .string("\(error)")), ("backoffMs", .int(NodeAgent.millis(backoff)))])
        }
        redis?.close()
        redis = nil
        nextAttempt = ContinuousClock.now + backoff
        backoff = min(backoff * 2, .seconds(5))
    }

    /// Without a good heartbeat round the lease runs out: the node stops serving and forgets
    /// its actors (another node may legitimately take them over once their heartbeats expire).
    func expireLeaseIfNeeded() {
        let expired = node.state.with { s -> Bool in
            guard let until = s.servingUntil, ContinuousClock.now >= until else { return false }
            s.servingUntil = nil
            return true
        }
        if expired { lastActorBeat = nil }
        if expired && !hosted.isEmpty {
            node.log(.warning, "serving lease expired without a heartbeat; stopped serving", [("forgotActors", .int(Int64(hosted.count)))])
            hosted.removeAll()
            publishHosted()
        }
    }

    func publishHosted() {
        var byType: [String: [String]] = [:]
        for (id, t) in hosted { byType[t, default: []].append(id) }
        for k in byType.keys { byType[k]!.sort() }
        let n = hosted.count
        node.state.with { s in
            s.hostedByType = byType
            s.hostedCount = n
        }
    }

    /// One round: membership → ring → release/claim → actor heartbeats → node heartbeat.
    func round() throws {
        let r = try conn()
        let roundStart = ContinuousClock.now
        let pingStart = ContinuousClock.now
        _ = try r.send(.ping)
        let ping = ContinuousClock.now - pingStart
        if !registered {
            try agent!.register()
            registered = true
        }
        let membership = NodeMembership(redis: r, keys: node.keys)
        let epochBefore = try r.send(.hget(node.keys.ringHash, "epoch")).string ?? ""
        let snapshot = try membership.read()
        seenEpoch = epochBefore
        updateRing(snapshot)
        let wanted = owned
        // 1. Release what we no longer own (compare on workerId).
        let toRelease = hosted.filter { wanted[$0.key] == nil }
        if !toRelease.isEmpty { try release(Array(toRelease.keys), redis: r) }
        // 2. Heartbeat what we host; anything no longer ours is dropped.
        // Actor heartbeats every TTL/3 (at least every round), not necessarily every round: with
        // Loom-like TTLs that is what keeps an idle node cheap. The lease follows the heartbeats.
        let beatEvery = max(config.interval, .seconds(config.actorTTL) / 3)
        let beat = lastActorBeat.map { roundStart - $0 >= beatEvery - config.interval / 2 } ?? true
        if beat { try heartbeatHosted(redis: r) }
        // 3. Claim what we own and do not host yet.
        let toClaim = wanted.filter { hosted[$0.key] == nil }
        if toClaim.isEmpty { pendingClaims = 0 } else { try claim(toClaim, redis: r) }
        publishHosted()
        node.state.with { s in
            s.redisOK = true
            s.redisError = nil
            s.redisLatencyMillis = Double(NodeAgent.millis(ping * 1000)) / 1000
            // Lease: 2/3 of the actor TTL from the start of this round (before any heartbeat was written).
            if beat { s.servingUntil = roundStart + .seconds(config.actorTTL) * 2 / 3 }
        }
        if beat { lastActorBeat = roundStart }
        // 4. Node heartbeat with real process figures.
        var fields = ["actorCount", String(hosted.count)]
        let now = ContinuousClock.now
        let cpu = ProcessFigures.cpuSeconds()
        if let last = lastCPU {
            let wall = now - last.at
            let wallS = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            if wallS > 0 { fields += ["cpuPercent", String((min(max((cpu - last.cpu) / wallS, 0), 1) * 1000).rounded() / 10)] }
        }
        lastCPU = (cpu, now)
        if let rss = ProcessFigures.rssBytes(), let total = ProcessFigures.memTotalBytes(), total > 0 {
            fields += ["memoryPercent", String((Double(rss) / Double(total) * 1000).rounded() / 10)]
        }
        if try !membership.heartbeat(config.nodeId, fields: fields, ttlMillis: NodeAgent.millis(config.nodeTTL)) {
            node.log(.warning, "node record was removed; re-registering", [])
            try agent!.register()
        }
        rounds += 1
        let done = rounds, epoch = snapshot.ring.epoch
        node.state.with { s in
            s.rounds = done
            s.ringEpoch = epoch
        }
    }

    /// Recomputes ownership when the table (epoch, eligible nodes, config) changed; a ring that
    /// cannot be used keeps the last good view.
    func updateRing(_ snapshot: MembershipSnapshot) {
        if let p = snapshot.ring.problems.first {
            logOnce("invalid ring field '\(p.field)' = '\(TerminalText.escape(p.value))': \(p.reason)")
            return
        }
        let eligible = snapshot.nodes.filter(\.isEligible)
        let fingerprint = "\(snapshot.ring.epoch)|\(snapshot.ring.config)|" + eligible.map { "\($0.id):\($0.capacity)" }.joined(separator: ",")
        if lastGood?.fingerprint == fingerprint { return }
        let ring: ClusterRing
        do { ring = try ClusterRing(state: snapshot.ring, nodes: snapshot.nodes, source: .agent) } catch {
            logOnce("\(error)")
            return
        }
        guard let hashRing = ring.ring, ring.eligibleCount > 0 else {
            lastGood = nil
            owned = [:]
            return
        }
        let myIndex = hashRing.nodes.firstIndex { $0.id == config.nodeId && $0.isEligible }
        var mine: [String: String] = [:]
        if let myIndex {
            let ids = (0..<config.catalog.actors).map(config.catalog.id)
            let owners: [Int]
            if hashRing.config.loadFactor != nil {
                do { owners = try hashRing.ownerIndices(of: ids) } catch {
                    logOnce("\(error)")
                    return
                }
            } else {
                owners = ids.map { hashRing.ownerIndex(of: $0) ?? -1 }
            }
            for (n, o) in owners.enumerated() where o == myIndex { mine[ids[n]] = config.catalog.type(of: n) }
        }
        lastGood = (fingerprint, hashRing, myIndex)
        owned = mine
        node.log(.info, "ring changed", [("epoch", .int(snapshot.ring.epoch)), ("eligibleNodes", .int(Int64(eligible.count))),
            ("owned", .int(Int64(mine.count)))])
    }

    func event(_ type: String, id: String, actorType: String) -> String {
        LifecycleEvent(type: type, actorId: id, actorType: actorType, workerId: config.nodeId,
            timestamp: Timestamp.iso(millis: Timestamp.nowMillis())).json().serialized()
    }

    func release(_ ids: [String], redis: any RedisClient) throws {
        var lost = 0
        for chunk in ids.chunked(1000) {
            let calls = chunk.map { id in
                (keys: [node.keys.actorHash(id), node.keys.heartbeat(id), node.keys.allSet, node.keys.typeSet(hosted[id] ?? "")],
                    args: [config.nodeId, hosted[id] ?? "", id, Keyspace.actorEventsChannel,
                        event(LifecycleEvent.unregistered, id: id, actorType: hosted[id] ?? "")])
            }
            // Stop serving them before the registry says they are free: a new owner can only
            // claim after this node has let go, so no moment sees an actor hosted twice.
            for id in chunk { hosted[id] = nil }
            publishHosted()
            let replies = try redis.evalPipeline(DevScripts.release, calls: calls)
            try Self.throwIfErrors(replies)
            lost += replies.filter { $0.int != 1 }.count
        }
        // Actors whose workerId had already changed (taken over while this node was paused or cut off) are left alone.
        node.log(.info, "released actors", [("count", .int(Int64(ids.count - lost))), ("alreadyTakenOver", .int(Int64(lost)))])
    }

    func heartbeatHosted(redis: any RedisClient) throws {
        let ids = hosted.keys.sorted()
        var lost = 0
        for chunk in ids.chunked(1000) {
            let nowMs = Timestamp.nowMillis()
            let iso = Timestamp.iso(millis: nowMs)
            let calls = chunk.map { id in
                ([node.keys.actorHash(id), node.keys.heartbeat(id)], [config.nodeId, iso, String(config.actorTTL), String(nowMs)])
            }
            let replies = try redis.evalPipeline(DevScripts.heartbeat, calls: calls)
            try Self.throwIfErrors(replies)
            for (id, r) in zip(chunk, replies) where r.int != 1 {
                hosted[id] = nil
                lost += 1
            }
        }
        if lost > 0 { node.log(.warning, "actors taken over or removed by someone else; no longer hosting them", [("count", .int(Int64(lost)))]) }
    }

    func claim(_ wanted: [String: String], redis: any RedisClient) throws {
        var got = 0, held = 0
        for chunk in wanted.keys.sorted().chunked(1000) {
            let nowMs = Timestamp.nowMillis()
            let iso = Timestamp.iso(millis: nowMs)
            let calls = chunk.map { id in
                let t = wanted[id]!
                return ([node.keys.actorHash(id), node.keys.typeSet(t), node.keys.allSet, node.keys.heartbeat(id)],
                    [config.nodeId, t, String(config.actorTTL), String(nowMs), iso, id, event(LifecycleEvent.registered, id: id, actorType: t),
                        Keyspace.actorEventsChannel, ""])
            }
            let replies = try redis.evalPipeline(DevScripts.claim, calls: calls)
            try Self.throwIfErrors(replies)
            for (id, r) in zip(chunk, replies) {
                if r.array?.first?.string == "ok" {
                    hosted[id] = wanted[id]
                    got += 1
                } else if r.array?.first?.string == "held" {
                    held += 1
                } else {
                    let why = r.array.map { $0.map { $0.string ?? "?" }.joined(separator: " ") } ?? "?"
                    if loggedProblems.insert("claim:\(id)").inserted {
                        node.log(.warning, "cannot claim actor", [("actorId", .string(id)), ("reason", .string(why))])
                    }
                }
            }
        }
        pendingClaims = held
        if got > 0 || held > 0 {
            node.log(.info, "claimed actors", [("claimed", .int(Int64(got))), ("waitingForPreviousOwner", .int(Int64(held)))])
        }
    }

    static func throwIfErrors(_ replies: [RedisReply]) throws {
        if let e = replies.first(where: { $0.errorText != nil })?.errorText { throw RedisError(.protocolError, e) }
    }

    /// SIGTERM: mark draining (the ring drops this node), release every hosted actor, then the
    /// agent's drain (counts 0 at once) deregisters.
    func drain() {
        node.log(.info, "draining", [("hostedActors", .int(Int64(hosted.count)))])
        for attempt in 0..<10 {
            do {
                let r = try conn()
                let membership = NodeMembership(redis: r, keys: node.keys)
                for _ in 0..<10 {
                    let snap = try membership.read()
                    guard let me = snap.node(config.nodeId) else { break }
                    do {
                        try membership.apply(.setStatus(config.nodeId, .draining), expectedEpoch: snap.ring.epoch, previous: me,
                            by: "dev-node:\(config.nodeId)")
                        break
                    } catch let e as DevError where e.kind == .conflict { continue }
                }
                if !hosted.isEmpty { try release(Array(hosted.keys), redis: r) }
                publishHosted()
                _ = try agent!.drain()
                node.log(.info, "drained and deregistered", [])
                return
            } catch {
                failed(error)
                NodeAgent.pause(min(.milliseconds(100) * (attempt + 1), .seconds(1)), until: { false })
            }
        }
        node.log(.error, "drain gave up: Redis unreachable; actors expire with their heartbeats", [])
    }
}

extension Array {
    func chunked(_ n: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: n).map { self[$0..<Swift.min($0 + n, count)] }
    }
}

/// Real figures of this process (not the host): CPU seconds from getrusage, RSS from /proc/self/statm.
public enum ProcessFigures {
    public static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    public static func rssBytes() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let parts = text.split(separator: " ")
        guard parts.count > 1, let pages = UInt64(parts[1]) else { return nil }
        return pages.multipliedReportingOverflow(by: UInt64(max(1, sysconf(Int32(_SC_PAGESIZE))))).partialValue
    }

    public static func memTotalBytes() -> UInt64? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return nil }
        return UInt64(pages).multipliedReportingOverflow(by: UInt64(size)).partialValue
    }
}

/// A tiny deterministic PRNG for the failure draw.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
