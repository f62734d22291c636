import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry
import LoomMembership

final class LogBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(NodeAgent.Level, String)] = []
    func add(_ l: NodeAgent.Level, _ m: String) { lock.lock(); lines.append((l, m)); lock.unlock() }
    var messages: [String] { lock.lock(); defer { lock.unlock() }; return lines.map(\.1) }
}

@Suite("node agent in-process against a real redis-server")
struct NodeAgentTests {
    let redis: RedisServer
    let membership: NodeMembership
    let registry: ActorRegistry

    init() throws {
        signal(SIGPIPE, SIG_IGN)  // an agent thread may write to a server a finished test has stopped
        redis = try RedisServer()
        let c = try redis.connect()
        membership = NodeMembership(redis: c, keys: Keyspace())
        registry = ActorRegistry(redis: c, keys: Keyspace())
    }

    func makeAgent(_ id: String, ttl: Duration = .seconds(5), drain: Duration = .milliseconds(400), logs: LogBox = LogBox(),
        countInterval: Duration = .zero) throws -> NodeAgent
    {
        var cfg = NodeAgent.Config(nodeId: id, address: "http://\(id):8080")
        cfg.zone = "z1"
        cfg.capacity = 2
        cfg.interval = .milliseconds(100)
        cfg.heartbeatTTL = ttl
        cfg.drainTimeout = drain
        cfg.drainPoll = .milliseconds(50)
        cfg.countInterval = countInterval
        cfg.labels = [("pool", "blue")]
        return try NodeAgent(config: cfg, membership: NodeMembership(redis: try redis.connect(), keys: Keyspace()),
            log: { l, m, _ in logs.add(l, m) })
    }

    func waitFor(_ what: String, timeout: Duration = .seconds(20), _ cond: () throws -> Bool) async throws {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if try cond() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        if try cond() { return }  // the pool may have been busy past the deadline
        Issue.record("timed out waiting for \(what)")
    }

    @Test func startHeartbeatStopDrainsAndDeregisters() async throws {
        for i in 0..<3 { try registry.register(ActorRegistration(id: "a\(i)", type: "t", workerId: "node-1")) }
        try registry.register(ActorRegistration(id: "other", type: "t", workerId: "node-2"))
        let logs = LogBox()
        // Generous drain deadline: the test task may resume late on a busy cooperative pool.
        let agent = try makeAgent("node-1", drain: .seconds(60), logs: logs)
        let stop = StopSignal()
        defer { stop.request() }
        let task = agent.start(stop: stop)  // its own thread, started now
        try await waitFor("registration + 2 heartbeats") { agent.heartbeats >= 2 }
        let snap = try membership.read()
        let n = try #require(snap.node("node-1"))
        #expect(n.isEligible)
        #expect(n.address == "http://node-1:8080" && n.zone == "z1" && n.capacity == 2)
        #expect(n.actorCount == 3)
        #expect(n.memoryPercent != nil)
        #expect(n.cpuPercent != nil)
        #expect(n.labels.map { $0.0 + "=" + $0.1 } == ["pool=blue"])
        #expect((n.heartbeatTTLMillis ?? 0) > 0)
        #expect(snap.ring.epoch == 1)

        // Stop: draining while actors remain; they leave; then deregistered before the deadline.
        stop.request()
        try await waitFor("draining") { try membership.read().node("node-1")?.status == .draining }
        #expect(try membership.read().node("node-1")?.isEligible == false)
        for i in 0..<3 { _ = try registry.unregister("a\(i)", publish: false) }
        let ending = try await task.value
        #expect(ending == .deregistered(remainingActors: 0, timedOut: false))
        let after = try membership.read()
        #expect(after.node("node-1") == nil)
        #expect(after.ring.epoch == 3)  // joined, draining, left
        #expect(logs.messages.contains("registered") && logs.messages.contains("deregistered"))
    }

    @Test func drainIsBoundedByTheDeadline() async throws {
        try registry.register(ActorRegistration(id: "stuck", type: "t", workerId: "node-2"))
        let agent = try makeAgent("node-2", drain: .milliseconds(300))
        let stop = StopSignal()
        defer { stop.request() }
        let task = agent.start(stop: stop)
        try await waitFor("registered") { try membership.read().node("node-2") != nil }
        stop.request()
        let ending = try await task.value
        #expect(ending == .deregistered(remainingActors: 1, timedOut: true))
        // Measured inside the agent (its own thread): the test task itself may resume late on a busy pool.
        let took = try #require(agent.lastDrainDuration)
        #expect(took >= .milliseconds(300) && took < .seconds(5))
        #expect(try membership.read().node("node-2") == nil)
    }

    /// Agents share one census pass per interval: the agent that finds the census stale counts every
    /// worker's actors; the others read their own count in one round trip, not a pass each.
    @Test func agentsShareOneCensusPass() async throws {
        for i in 0..<40 { try registry.register(ActorRegistration(id: "a\(i)", type: "t", workerId: "node-a")) }
        for i in 0..<25 { try registry.register(ActorRegistration(id: "b\(i)", type: "t", workerId: "node-b")) }
        let a = try makeAgent("node-a", countInterval: .seconds(30))
        let b = try makeAgent("node-b", countInterval: .seconds(30))
        try a.register()
        try b.register()
        let counter = try redis.connect()
        func commands() throws -> Int { Int(try counter.info("stats").int("total_commands_processed") ?? 0) }

        var before = try commands()
        try a.beat(forceCount: true)
        let censusCommands = try commands() - before - 1
        #expect(a.lastCountSource == .counted)
        #expect(censusCommands > 65)  // one HGET per actor: the pass

        before = try commands()
        try b.beat(forceCount: true)
        let tickCommands = try commands() - before - 1
        #expect(b.lastCountSource == .shared)
        // The heartbeat script's own commands (EXISTS, HSETs, SET) count too; a pass would add 65 HGETs.
        #expect(tickCommands <= 12)
        before = try commands()
        #expect(try b.sharedActorCount().value == 25)
        #expect(try commands() - before - 1 == 3)  // HGET + HMGET + TIME, one round trip
        #expect(try membership.read().node("node-a")?.actorCount == 40)
        #expect(try membership.read().node("node-b")?.actorCount == 25)

        // A node with no actors (not among the workers the census saw) has none.
        let c = try makeAgent("node-c", countInterval: .seconds(30))
        try c.register()
        try c.beat(forceCount: true)
        #expect(c.lastCountSource == .shared)
        #expect(try membership.read().node("node-c")?.actorCount == 0)

        // Counts are as of the census: a new actor shows up at the next one.
        try registry.register(ActorRegistration(id: "b-new", type: "t", workerId: "node-b"))
        try b.beat(forceCount: true)
        #expect(try membership.read().node("node-b")?.actorCount == 25)

        // Stale census while another agent holds the lease: the old value, asked for again next beat.
        let keys = NodeAgent.CensusKeys(Keyspace())
        _ = try counter.command("HSET", keys.meta, "countedAt", "1")
        _ = try counter.command("SET", keys.lease, "node-x", "PX", "60000")
        try b.beat(forceCount: true)
        #expect(b.lastCountSource == .stale)
        #expect(try membership.read().node("node-b")?.actorCount == 25)
        _ = try counter.command("DEL", keys.lease)
        try b.beat()  // not forced: the stale answer made the next beat ask again
        #expect(b.lastCountSource == .counted)
        #expect(try membership.read().node("node-b")?.actorCount == 26)
        #expect(try counter.command("EXISTS", keys.lease).int == 0)  // released after the pass
    }

    /// A census pass longer than the heartbeat interval keeps the counting node's heartbeat alive.
    @Test func longCensusPassKeepsTheHeartbeatAlive() async throws {
        let c = try redis.connect()
        var commands: [[String]] = []
        for i in 0..<3000 { commands += [["HSET", "loom:actor:k\(i)", "actorType", "t", "workerId", "node-k"], ["SADD", "loom:actor:all", "k\(i)"]] }
        _ = try c.pipeline(commands)
        var cfg = NodeAgent.Config(nodeId: "node-k", address: "")
        cfg.interval = .zero  // every SSCAN batch is "an interval" here
        let agent = try NodeAgent(config: cfg, membership: NodeMembership(redis: try redis.connect(), keys: Keyspace()), log: { _, _, _ in })
        try agent.register()
        let counts = try agent.census(keys: NodeAgent.CensusKeys(Keyspace()))
        #expect(counts["node-k"] == 3000)
        #expect(agent.keepAlives >= 2)  // 3000 ids arrive in about 3 SSCAN batches
    }

    /// A crashed agent stops heartbeating: the record stays, liveness goes with the TTL.
    @Test func crashMeansHeartbeatExpiry() async throws {
        let agent = try makeAgent("node-3", ttl: .seconds(1))
        _ = try await agent.runOnce()
        #expect(try membership.read().node("node-3")?.lastHeartbeat.isEmpty == false)
        try await Task.sleep(for: .milliseconds(1300))
        let n = try #require(try membership.read().node("node-3"))
        #expect(!n.isLive && !n.isEligible && n.status == .active)
        let ring = try ClusterRing.load(membership: membership, registry: registry)
        #expect(ring.eligibleCount == 0)
        #expect(throws: MembershipError.self) { try ring.requireEligible() }
    }

    /// Redis restarts (data lost): the agent logs the failures, reconnects and re-registers.
    @Test func survivesARedisRestart() async throws {
        let logs = LogBox()
        let agent = try makeAgent("node-5", logs: logs)
        let stop = StopSignal()
        defer { stop.request() }
        let task = agent.start(stop: stop)
        try await waitFor("registered") { try membership.read().node("node-5") != nil }
        try redis.restart()
        let fresh = NodeMembership(redis: try redis.connect(), keys: Keyspace())
        try await waitFor("re-registered after the restart") { (try? fresh.read().node("node-5")?.isEligible) == true }
        stop.request()
        _ = try await task.value
        #expect((try? fresh.read().node("node-5")) == .some(nil))
        #expect(logs.messages.contains("node record was removed; re-registering"))
    }

    /// Cron: repeated `--once` runs of an unchanged, live node do not bump the epoch.
    @Test func repeatedOnceIsIdempotent() async throws {
        _ = try await (try makeAgent("node-6")).runOnce()
        let e = try membership.read().ring.epoch
        _ = try await (try makeAgent("node-6")).runOnce()
        _ = try await (try makeAgent("node-6")).runOnce()
        #expect(try membership.read().ring.epoch == e)
    }

    @Test func cordonSurvivesAgentRestartAndRemovedRecordIsReRegistered() async throws {
        let agent = try makeAgent("node-4")
        _ = try await agent.runOnce()
        try membership.apply(.setStatus("node-4", .cordoned), expectedEpoch: nil)
        _ = try await (try makeAgent("node-4")).runOnce()
        #expect(try membership.read().node("node-4")?.status == .cordoned)
        try membership.apply(.remove("node-4"), expectedEpoch: nil)
        try agent.beat()
        #expect(try membership.read().node("node-4") != nil)
    }

    @Test func healthProbeReportsFailureAndSuccess() async throws {
        let closed = HealthProbe.check("http://127.0.0.1:\(RedisServer.freePort())/health", timeoutMillis: 500)
        #expect(!closed.ok && closed.error != nil)
        let server = try LoopbackHTTPServer(responses: [.text("ok", status: 200)])
        let ok = HealthProbe.check("http://127.0.0.1:\(server.port)/health", timeoutMillis: 2000)
        #expect(ok.ok && ok.status == 200)
        let bad = try LoopbackHTTPServer(responses: [.text("ok", status: 503)])
        let failing = HealthProbe.check("http://127.0.0.1:\(bad.port)/health", timeoutMillis: 2000)
        #expect(!failing.ok && failing.status == 503)
    }
}

@Suite("system metrics from /proc and cgroup v2 fixtures")
struct SystemMetricsTests {
    func dir(_ files: [String: String]) throws -> String {
        let d = NSTemporaryDirectory() + "metrics-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: d + "/" + name, atomically: true, encoding: .utf8) }
        return d
    }

    @Test func cgroupV2LimitsWin() throws {
        let cg = try dir(["cpu.stat": "usage_usec 1000000\nuser_usec 1\n", "cpu.max": "50000 100000\n", "memory.current": "268435456\n",
            "memory.max": "1073741824\n"])
        let m = SystemMetrics(procRoot: "/nonexistent", cgroupRoot: cg)
        #expect(m.memoryPercent() == 25.0)
        #expect(m.cpuLimit() == min(0.5, Double(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let a = try #require(m.sampleCPU())
        try "usage_usec 1100000\n".write(toFile: cg + "/cpu.stat", atomically: true, encoding: .utf8)
        usleep(200_000)
        let b = try #require(m.sampleCPU())
        // 0.1 s of CPU in ~0.2 s of wall time against a 0.5-CPU quota ≈ 100%.
        let pct = try #require(SystemMetrics.cpuPercent(from: a, to: b))
        #expect(pct > 80 && pct <= 100)
    }

    @Test func procFallback() throws {
        let proc = try dir(["meminfo": "MemTotal:  1000 kB\nMemFree: 100 kB\nMemAvailable:  600 kB\n",
            "stat": "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\n"])
        let m = SystemMetrics(procRoot: proc, cgroupRoot: "/nonexistent")
        #expect(m.memoryPercent() == 40.0)
        let a = try #require(m.sampleCPU())
        try "cpu  150 0 150 900 0 0 0 0 0 0\n".write(toFile: proc + "/stat", atomically: true, encoding: .utf8)
        let b = try #require(m.sampleCPU())
        #expect(SystemMetrics.cpuPercent(from: a, to: b) == 50.0)
    }

    @Test func unlimitedCgroupMemoryIsMeasuredAgainstMemTotal() throws {
        let proc = try dir(["meminfo": "MemTotal:  1000 kB\nMemAvailable:  600 kB\n"])
        let cg = try dir(["memory.current": "512000\n", "memory.max": "max\n"])
        #expect(SystemMetrics(procRoot: proc, cgroupRoot: cg).memoryPercent() == 50.0)
    }
}

