import Foundation
import LoomCore
import LoomRedis
import LoomRing
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// A dev cluster started through the real binary (`loomctl dev cluster up`), against a real
/// redis-server. Every PID the cluster records is read from its state file and killed at the end.
final class DevClusterHarness: @unchecked Sendable {
    let redis: RedisServer
    let conn: RedisConnection
    let env: [String: String]
    let stateDir: String
    var statePath: String { stateDir + "/loomctl/dev-cluster.json" }
    private var seenPIDs = Set<Int32>()

    init() throws {
        redis = try RedisServer()
        conn = try redis.connect()
        var e = baseEnvironment(redis: redis)
        stateDir = e["XDG_STATE_HOME"]!
        e["NO_COLOR"] = "1"
        env = e
    }

    @discardableResult
    func run(_ args: [String], timeout: Double = 120) -> ProcessResult {
        let r = runProcess([ShellBinary.loomctl] + args, env: env, timeout: timeout)
        recordPIDs()
        return r
    }

    /// (id, pid) of every recorded process.
    func recorded() -> [(id: String, kind: String, pid: Int32)] {
        guard let d = FileManager.default.contents(atPath: statePath), let v = try? JSONValue.parse(bytes: Array(d)),
            let procs = v["processes"]?.arrayValue
        else { return [] }
        return procs.compactMap { p in
            guard let id = p["id"]?.stringValue, let kind = p["kind"]?.stringValue, let pid = p["pid"]?.intValue.flatMap({ Int32(exactly: $0) }) else { return nil }
            return (id, kind, pid)
        }
    }

    func recordPIDs() { for p in recorded() { seenPIDs.insert(p.pid) } }

    func pid(_ id: String) -> Int32? { recorded().first { $0.id == id }?.pid }

    /// Whether `pid` runs (not a zombie).
    static func alive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// `down`, then SIGKILL for any PID this test ever saw recorded that still runs, then Redis.
    func tearDown() {
        recordPIDs()
        if FileManager.default.fileExists(atPath: statePath) { _ = run(["dev", "cluster", "down", "--grace", "5"], timeout: 60) }
        // Also any process that inherited this test's own state directory (a node an aborted `up`
        // started before the state file recorded it): exactly this test's processes, nothing else.
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") {
            for e in entries {
                guard let pid = Int32(e), pid != getpid(), let environ = FileManager.default.contents(atPath: "/proc/\(e)/environ") else { continue }
                if environ.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == "XDG_STATE_HOME=\(stateDir)" }) {
                    seenPIDs.insert(pid)
                }
            }
        }
        for pid in seenPIDs where Self.alive(pid) {
            if let cmd = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), String(decoding: cmd, as: UTF8.self).contains("dev") {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
            }
        }
        redis.kill()
    }

    /// Polls `check` every 100 ms until it returns true or `timeout` passes.
    func eventually(_ timeout: Double, _ check: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if try check() { return true }
            usleep(100_000)
        }
        return try check()
    }

    var keys: Keyspace { Keyspace() }

    /// (total actors, misplaced, actors without a live heartbeat) against the ring of live nodes.
    func placement() throws -> (total: Int, misplaced: Int, notLive: Int, byWorker: [String: Int]) {
        let membership = NodeMembership(redis: conn, keys: keys)
        let registry = ActorRegistry(redis: conn, keys: keys)
        let ring = try ClusterRing.load(membership: membership, registry: registry)
        guard let r = ring.ring else { return (0, 0, 0, [:]) }
        var total = 0, misplaced = 0, notLive = 0
        var byWorker: [String: Int] = [:]
        try registry.forEachPlacement(liveness: true) { batch in
            for a in batch {
                total += 1
                byWorker[a.workerId ?? "", default: 0] += 1
                if !a.live { notLive += 1 }
                if let o = r.ownerIndex(of: a.id), r.nodes[o].id != a.workerId { misplaced += 1 }
            }
            return true
        }
        return (total, misplaced, notLive, byWorker)
    }

    /// A base port whose next `count + 8` ports are all free now (not just the first: suites run
    /// beside other processes that take ports too).
    func basePort(_ count: Int) -> Int {
        for _ in 0..<200 {
            let p = RedisServer.freePort()
            if p + count + 8 < 65535, (p...(p + count + 8)).allSatisfy(Loopback.isFree) { return p }
        }
        return 40000
    }
}

/// Watches `loom:actor:events` and records, per actor, who registered/unregistered it, in Redis order.
final class LifecycleWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [(type: String, actor: String, worker: String)] = []
    private let stop = StopSignal()
    private let done = StopSignal()

    init(redis: RedisServer) throws {
        let c = try redis.connect()
        let ready = StopSignal()
        Thread { [self] in
            try? c.subscribe(channels: [Keyspace.actorEventsChannel], pollInterval: .milliseconds(50),
                shouldStop: {
                    ready.request()
                    return self.stop.isRequested
                },
                onMessage: { _, payload in
                    guard let e = LifecycleEvent.parse(payload) else { return }
                    self.lock.lock()
                    self.events.append((e.type, e.actorId, e.workerId ?? ""))
                    self.lock.unlock()
                })
            self.done.request()
        }.start()
        while !ready.isRequested { usleep(10_000) }
        usleep(200_000)
    }

    func finish() -> [(type: String, actor: String, worker: String)] {
        stop.request()
        while !done.isRequested { usleep(10_000) }
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    /// Actors registered by a second worker while the first still held them (no unregister between).
    static func doubleHosted(_ events: [(type: String, actor: String, worker: String)]) -> [String] {
        var holder: [String: String] = [:]
        var bad: [String] = []
        for e in events {
            switch e.type {
            case LifecycleEvent.registered:
                if let h = holder[e.actor], h != e.worker { bad.append("\(e.actor): \(h) → \(e.worker)") }
                holder[e.actor] = e.worker
            case LifecycleEvent.unregistered:
                if holder[e.actor] == e.worker { holder[e.actor] = nil }
            default: break
            }
        }
        return bad
    }
}

@Suite("dev cluster (live local Loom cluster)", .serialized)
struct DevClusterTests {
    static let fast = ["--interval", "0.5", "--ttl", "2", "--node-ttl", "2"]

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(5)))
    func placementThenAddingANodeHandsOverWithoutDoubleHosting() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let port = h.basePort(4)
        let up = h.run(["dev", "cluster", "up", "--nodes", "3", "--actors", "3000", "--types", "5", "--rate", "0", "--base-port", String(port)] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        #expect(h.recorded().count == 3)
        // Mode 0600 state file.
        let attrs = try FileManager.default.attributesOfItem(atPath: h.statePath)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let placed = try h.eventually(60) {
            let p = try h.placement()
            return p.total == 3000 && p.misplaced == 0 && p.notLive == 0 && p.byWorker.count == 3
        }
        #expect(placed, "\((try? h.placement()).map { "\($0)" } ?? "?")")
        let misplaced = h.run(["ring", "misplaced"])
        #expect(misplaced.code == 0)
        #expect((misplaced.stdout + misplaced.stderr).contains("0 of 3000 actors misplaced"), "\(misplaced.stdout)")

        // A 4th node: every hand-over is release-then-claim, sampled through the event order.
        let watcher = try LifecycleWatcher(redis: h.redis)
        var maxTotal = 0
        let add = h.run(["dev", "cluster", "add-node"])
        #expect(add.code == 0, "\(add.stderr)")
        let settled = try h.eventually(60) {
            let p = try h.placement()
            maxTotal = max(maxTotal, p.total)
            return p.total == 3000 && p.misplaced == 0 && p.notLive == 0 && p.byWorker.count == 4
        }
        #expect(settled, "\((try? h.placement()).map { "\($0)" } ?? "?")")
        let events = watcher.finish()
        #expect(events.contains { $0.type == LifecycleEvent.registered && $0.worker == "node-4" })
        #expect(LifecycleWatcher.doubleHosted(events).isEmpty, "\(LifecycleWatcher.doubleHosted(events).prefix(5))")
        #expect(maxTotal <= 3000)
        let after = h.run(["ring", "misplaced"])
        #expect((after.stdout + after.stderr).contains("0 of 3000 actors misplaced"))

        // down: no process, no state file; a second down is "not found".
        let pids = h.recorded().map(\.pid)
        let down = h.run(["dev", "cluster", "down"])
        #expect(down.code == 0, "\(down.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.statePath))
        #expect(pids.count == 4 && pids.allSatisfy { !DevClusterHarness.alive($0) })
        #expect(try h.placement().total == 0)
        let again = h.run(["dev", "cluster", "down"])
        #expect(again.code == 3 && again.stderr.contains("no dev cluster is running"))
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(5)))
    func killNineIsCaughtByHealthAndSigtermDrainsCleanly() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let up = h.run(["dev", "cluster", "up", "--nodes", "3", "--actors", "600", "--rate", "0", "--base-port", String(h.basePort(3))] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        #expect(try h.eventually(60) { try h.placement().misplaced == 0 && h.placement().byWorker.count == 3 })

        // kill -9: the heartbeat key (TTL 2 s) expires and `health nodes` reports node-2 down.
        let victim = try #require(h.pid("node-2"))
        #expect(h.run(["dev", "cluster", "kill", "node-2"]).code == 0)
        #expect(h.eventually(10) { !DevClusterHarness.alive(victim) })
        let killedAt = Date()
        var report = ""
        let caught = h.eventually(30) {
            let r = h.run(["health", "nodes", "-o", "json"])
            report = r.stdout
            return r.code == 4 && r.stdout.contains("no heartbeat")
        }
        #expect(caught, "\(report)")
        // TTL (2 s) plus one probe, with slack for a loaded machine.
        #expect(Date().timeIntervalSince(killedAt) < 20)
        // Survivors take node-2's actors over once their heartbeats expire.
        #expect(try h.eventually(60) {
            let p = try h.placement()
            return p.total == 600 && p.misplaced == 0 && p.byWorker["node-2"] == nil && p.notLive == 0
        })

        // SIGTERM: node-3 drains, releases, deregisters; nothing stays registered under it.
        let term = h.pid("node-3")!
        #expect(h.run(["dev", "cluster", "kill", "node-3", "--signal", "TERM"]).code == 0)
        #expect(h.eventually(30) { !DevClusterHarness.alive(term) })
        #expect(try h.placement().byWorker["node-3"] == nil)
        #expect(try h.conn.command(["EXISTS", h.keys.nodeHash("node-3")]).int == 0)
        #expect(try h.eventually(60) { let p = try h.placement(); return p.total == 600 && p.byWorker == ["node-1": 600] && p.notLive == 0 })
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(5)))
    func backlogGrowsAboveCapacityAndDrainsBelowIt() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let up = h.run(["dev", "cluster", "up", "--nodes", "1", "--actors", "10", "--types", "1", "--rate", "20", "--base-port", String(h.basePort(1))] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        #expect(try h.eventually(30) { try h.placement().byWorker["node-1"] == 10 })
        func backlog() -> Int64 {
            let r = h.run(["health", "queues", "-o", "json"])
            guard let v = try? JSONValue.parse(r.stdout), let checks = v["checks"]?.arrayValue else { return -1 }
            for c in checks where c["name"]?.stringValue == "queue/actor-order-processor" {
                return c["details"]?["backlog"]?.intValue ?? c["backlog"]?.intValue ?? -2
            }
            return -3
        }
        // 100 jobs/s against a capacity of 20/s: the backlog grows.
        let load = SpawnedProcess([ShellBinary.loomctl, "dev", "load", "--type", "order-processor", "--rate", "100", "--duration", "4"], env: h.env)!
        defer { kill(load.pid, SIGKILL); _ = load.poll() }
        var samples: [Int64] = []
        #expect(h.eventually(20) {
            samples.append(backlog())
            return samples.count >= 2 && samples.last! > 40 && samples.last! > samples[samples.count - 2]
        }, "\(samples)")
        let loadResult = load.wait(timeout: 60)
        #expect(loadResult.code == 0 && loadResult.stdout.contains("enqueued"), "\(loadResult.stderr)")
        // No more load (0 < 20/s): it drains to zero; jobs were consumed, not lost.
        #expect(h.eventually(90) { backlog() == 0 }, "\(backlog())")
        let hash = try h.conn.command(["HGETALL", h.keys.actorHash("order-processor-0")]).pairs ?? []
        let count = hash.first { $0.0 == "messageCount" }.flatMap { Int($0.1) } ?? 0
        #expect(count > 0)
        // The last job may still be running when the backlog reaches 0; then nothing stays active.
        #expect(try h.eventually(10) { try h.conn.command(["LLEN", "bull:actor-order-processor:active"]).int == 0 })
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(3)))
    func failuresGoToFailedAndTripLoomsBreaker() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let up = h.run(["dev", "cluster", "up", "--nodes", "1", "--actors", "5", "--types", "1", "--rate", "50", "--fail-fraction", "1",
            "--base-port", String(h.basePort(1))] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        #expect(h.run(["dev", "load", "--type", "order-processor", "--count", "8"]).code == 0)
        #expect(try h.eventually(30) { try h.conn.command(["ZCARD", "bull:actor-order-processor:failed"]).int == 8 })
        #expect(try h.conn.command(["GET", "circuit:order-processor:failures"]).string == "8")
        #expect(try h.conn.command(["GET", "circuit:order-processor:state"]).string == "OPEN")
        let reason = try h.conn.command(["HGET", "bull:actor-order-processor:" + (h.conn.command(["ZRANGE", "bull:actor-order-processor:failed", "0", "0"]).array?.first?.string ?? "?"), "failedReason"]).string
        #expect(reason?.contains("simulated failure") == true)
        let breakers = h.run(["health", "breakers"])
        #expect(breakers.stdout.contains("order-processor"), "\(breakers.stdout)")
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(3)))
    func portInUseStaleStateAndDownWithoutCluster() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let none = h.run(["dev", "cluster", "down"])
        #expect(none.code == 3 && none.stderr.contains("no dev cluster is running"))
        #expect(h.run(["dev", "cluster", "status"]).code == 3)

        // A port in use: exit 6, nothing started, no state file.
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, len) } }
        listen(s, 4)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        defer { close(s) }
        let busy = Int(UInt16(bigEndian: addr.sin_port))
        let taken = h.run(["dev", "cluster", "up", "--nodes", "2", "--base-port", String(busy)] + Self.fast)
        #expect(taken.code == 6 && taken.stderr.contains("port \(busy)") && taken.stderr.contains("already in use"), "\(taken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.statePath))
        #expect(try h.conn.command(["SCARD", h.keys.nodeAllSet]).int == 0)

        // A stale state file (its process is gone): reported, replaced, the cluster starts.
        try FileManager.default.createDirectory(atPath: h.stateDir + "/loomctl", withIntermediateDirectories: true)
        let dead = SpawnedProcess(["/bin/true"], env: h.env)!
        _ = dead.wait(timeout: 10)
        try #"{"redis":"x","createdAt":"","basePort":1,"nodeArgs":[],"processes":[{"kind":"node","id":"node-1","pid":\#(dead.pid),"port":1,"args":[]}]}"#
            .write(toFile: h.statePath, atomically: true, encoding: .utf8)
        let up = h.run(["dev", "cluster", "up", "--nodes", "1", "--actors", "10", "--rate", "0", "--base-port", String(h.basePort(1))] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        #expect(up.stderr.contains("stale state file"))
        // A second up while it runs: conflict.
        let twice = h.run(["dev", "cluster", "up", "--nodes", "1", "--base-port", String(h.basePort(1))] + Self.fast)
        #expect(twice.code == 6 && twice.stderr.contains("already running"), "\(twice.stderr)")
        #expect(h.recorded().count == 1)
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(3)))
    func pausedRedisStopsServingAndCorruptRingKeepsTheLastGoodView() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let port = h.basePort(1)
        let up = h.run(["dev", "cluster", "up", "--nodes", "1", "--actors", "50", "--rate", "0", "--base-port", String(port)] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        let ready = "http://127.0.0.1:\(port)/ready"
        #expect(h.eventually(30) { HealthProbe.check(ready).ok })
        #expect(try h.eventually(30) { try h.placement().byWorker["node-1"] == 50 })

        // Corrupt ring epoch: the node logs once, keeps its view and keeps serving.
        _ = try h.conn.command(["HSET", h.keys.ringHash, "epoch", "garbage"])
        usleep(2_000_000)
        #expect(HealthProbe.check(ready).ok)
        #expect(h.pid("node-1").map(DevClusterHarness.alive) == true)
        let log = (try? String(contentsOfFile: h.stateDir + "/loomctl/dev-cluster-logs/node-1.log", encoding: .utf8)) ?? ""
        #expect(log.components(separatedBy: "keeping the last good ring view").count - 1 == 1, "\(log.suffix(800))")
        _ = try h.conn.command(["HSET", h.keys.ringHash, "epoch", "100"])

        // Redis paused: the node stops serving (503 on /ready) before its actor heartbeats (2 s) expire.
        h.redis.pause()
        let pausedAt = Date()
        let stopped = h.eventually(10) { !HealthProbe.check(ready, timeoutMillis: 500).ok }
        let took = Date().timeIntervalSince(pausedAt)
        h.redis.resume()
        #expect(stopped)
        #expect(took < 10)
        // Back: serving again, each actor registered once, still under node-1.
        #expect(h.eventually(30) { HealthProbe.check(ready).ok })
        #expect(try h.eventually(30) { let p = try h.placement(); return p.byWorker == ["node-1": 50] && p.notLive == 0 })
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(4)))
    func stoppedNodeIsTakenOverAndComesBackWithoutDuplicates() throws {
        let h = try DevClusterHarness()
        defer { h.tearDown() }
        let up = h.run(["dev", "cluster", "up", "--nodes", "2", "--actors", "400", "--rate", "0", "--base-port", String(h.basePort(2))] + Self.fast)
        #expect(up.code == 0, "\(up.stderr)")
        #expect(try h.eventually(60) { let p = try h.placement(); return p.misplaced == 0 && p.byWorker.count == 2 })
        // SIGSTOP: no clean-up; its heartbeats expire and node-2 takes every actor over.
        #expect(h.run(["dev", "cluster", "kill", "node-1", "--signal", "STOP"]).code == 0)
        let status = h.run(["dev", "cluster", "status", "-o", "json"])
        #expect(status.stdout.contains("\"stopped\""), "\(status.stdout)")
        #expect(try h.eventually(60) { let p = try h.placement(); return p.byWorker == ["node-2": 400] && p.notLive == 0 })
        // SIGCONT: node-1 finds its lease expired, forgets its actors, rejoins, and gets its share
        // back only through node-2's release; every actor stays registered exactly once.
        let watcher = try LifecycleWatcher(redis: h.redis)
        #expect(h.run(["dev", "cluster", "kill", "node-1", "--signal", "CONT"]).code == 0)
        #expect(try h.eventually(60) { let p = try h.placement(); return p.total == 400 && p.misplaced == 0 && p.byWorker.count == 2 && p.notLive == 0 })
        let events = watcher.finish()
        #expect(LifecycleWatcher.doubleHosted(events).isEmpty, "\(LifecycleWatcher.doubleHosted(events).prefix(5))")
        let log = (try? String(contentsOfFile: h.stateDir + "/loomctl/dev-cluster-logs/node-1.log", encoding: .utf8)) ?? ""
        // It noticed the takeover (heartbeat or release refused by the workerId compare) and wrote nothing over node-2.
        let noticed = log.contains("actors taken over or removed by someone else")
            || log.range(of: #""alreadyTakenOver":[1-9]"#, options: .regularExpression) != nil
        #expect(noticed, "\(log.suffix(800))")
    }
}
