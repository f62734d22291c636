import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// Collects lifecycle events published while `body` runs.
func captureEvents(_ server: RedisServer, count: Int, _ body: () async throws -> Void) async throws -> [LifecycleEvent] {
    let sub = try server.connect()
    let box = EventBox()
    let ready = DispatchSemaphore(value: 0)
    let thread = Thread {
        ready.signal()
        let start = ContinuousClock.now
        try? sub.subscribe(channels: [Keyspace.actorEventsChannel], pollInterval: .milliseconds(20),
            shouldStop: { box.count >= count || ContinuousClock.now - start > .seconds(20) }) { _, payload in
            if let e = LifecycleEvent.parse(payload) { box.append(e) }
        }
        box.finish()
    }
    thread.start()
    ready.wait()
    // Wait until Redis confirms the subscription, so no event can be published before it.
    let probe = try server.connect()
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        let n = try probe.command("PUBSUB", "NUMSUB", Keyspace.actorEventsChannel).array?.last?.int ?? 0
        if n > 0 { break }
        try await Task.sleep(for: .milliseconds(10))
    }
    try await body()
    while !box.isFinished { try await Task.sleep(for: .milliseconds(20)) }
    return box.events
}

final class EventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [LifecycleEvent] = []
    private var done = false
    var count: Int { lock.withLock { list.count } }
    var events: [LifecycleEvent] { lock.withLock { list } }
    var isFinished: Bool { lock.withLock { done } }
    func append(_ e: LifecycleEvent) { lock.withLock { list.append(e) } }
    func finish() { lock.withLock { done = true } }
}

@Suite("actors mutations, events and cleanup")
struct ActorsMutationTests {
    @Test func registerWritesLoomsExactLayoutAndPublishes() async throws {
        let server = try RedisServer()
        let events = try await captureEvents(server, count: 1) {
            let r = await runCLI(["actors", "register", "calc-1", "--type", "calculator", "--worker", "worker-9",
                "--metadata", #"{"name":"calc","version":"1.0.0"}"#], redis: server)
            #expect(r.code == 0)
            #expect(r.stdout == "actor/calc-1 registered\n")
        }
        let c = try server.connect()
        let hash = Dictionary(uniqueKeysWithValues: try c.command("HGETALL", "loom:actor:calc-1").pairs!)
        #expect(hash["actorId"] == "calc-1")
        #expect(hash["actorType"] == "calculator")
        #expect(hash["workerId"] == "worker-9")
        #expect(hash["status"] == "idle")
        #expect(hash["messageCount"] == "0")
        #expect(hash["metadata"] == #"{"name":"calc","version":"1.0.0"}"#)
        #expect(Timestamp.parseISO(hash["lastHeartbeat"] ?? "") != nil)
        #expect(try c.command("SISMEMBER", "loom:actor:type:calculator", "calc-1").int == 1)
        #expect(try c.command("SISMEMBER", "loom:actor:all", "calc-1").int == 1)
        // SETEX 300: the TTL is at most 300 and still running (a loaded CI box may be slow to get here).
        let ttl = try c.command("TTL", "loom:actor:heartbeat:calc-1").int ?? 0
        #expect(ttl > 0 && ttl <= 300)
        #expect(Int64(try c.command("GET", "loom:actor:heartbeat:calc-1").string ?? "") != nil)
        #expect(events.first?.type == "actor:registered")
        #expect(events.first?.data?["name"]?.stringValue == "calc")
        #expect(events.first?.workerId == "worker-9")
    }

    @Test func registerRejectsCollidingIdsAndBadInput() async throws {
        let server = try RedisServer()
        for id in ["all", "type:x", "heartbeat:y"] {
            let r = await runCLI(["actors", "register", id, "--type", "t", "--worker", "w"], redis: server)
            #expect(r.code == 2)
            #expect(r.stderr.contains("collides"))
        }
        let bad = await runCLI(["actors", "register", "a", "--type", "t", "--worker", "w", "--metadata", "{nope"], redis: server)
        #expect(bad.code == 2)
        let status = await runCLI(["actors", "register", "a", "--type", "t", "--worker", "w", "--status", "sleeping"], redis: server)
        #expect(status.code == 2)
        #expect(try server.connect().command("EXISTS", "loom:actor:a").int == 0)
    }

    @Test func dryRunsChangeNothingAndExitFive() async throws {
        let server = try RedisServer()
        let reg = await runCLI(["actors", "register", "a-1", "--type", "t", "--worker", "w", "--dry-run"], redis: server)
        #expect(reg.code == 5)
        #expect(reg.stdout.contains("would be registered"))
        #expect(try server.connect().command("EXISTS", "loom:actor:a-1").int == 0)
        _ = await runCLI(["actors", "register", "a-1", "--type", "t", "--worker", "w"], redis: server)
        let same = await runCLI(["actors", "status", "a-1", "idle", "--dry-run"], redis: server)
        #expect(same.code == 0)
        let change = await runCLI(["actors", "status", "a-1", "busy", "--dry-run", "-o", "json"], redis: server)
        #expect(change.code == 5)
        #expect(try JSONValue.parse(change.stdout).arrayValue?.first?["dryRun"]?.boolValue == true)
        #expect(try server.connect().command("HGET", "loom:actor:a-1", "status").string == "idle")
        let unreg = await runCLI(["actors", "unregister", "a-1", "--dry-run"], redis: server)
        #expect(unreg.code == 5)
        #expect(try server.connect().command("EXISTS", "loom:actor:a-1").int == 1)
    }

    @Test func unregisterAsksFirstAndPublishes() async throws {
        let server = try RedisServer()
        _ = await runCLI(["actors", "register", "u-1", "--type", "t", "--worker", "w"], redis: server)
        let refused = await runCLI(["actors", "unregister", "u-1"], redis: server)
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("--yes"))
        let declined = await runCLI(["actors", "unregister", "u-1"], redis: server, stdinTerminal: true, answer: "n")
        #expect(declined.code == 1)
        #expect(try server.connect().command("EXISTS", "loom:actor:u-1").int == 1)
        let events = try await captureEvents(server, count: 1) {
            let ok = await runCLI(["actors", "unregister", "u-1"], redis: server, stdinTerminal: true, answer: "y")
            #expect(ok.code == 0)
        }
        #expect(events.map(\.type) == ["actor:unregistered"])
        let c = try server.connect()
        #expect(try c.command("EXISTS", "loom:actor:u-1", "loom:actor:heartbeat:u-1").int == 0)
        #expect(try c.command("SCARD", "loom:actor:type:t").int == 0)
        let again = await runCLI(["actors", "unregister", "u-1", "--yes"], redis: server)
        #expect(again.code == 3)
    }

    @Test func heartbeatAndStatusLikeLoomWithoutZombies() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = await runCLI(["actors", "register", "h-1", "--type", "t", "--worker", "w", "--ttl", "5"], redis: server)
        let hb = await runCLI(["actors", "heartbeat", "h-1"], redis: server)
        #expect(hb.code == 0)
        #expect((try c.command("TTL", "loom:actor:heartbeat:h-1").int ?? 0) > 200)
        let unknown = await runCLI(["actors", "heartbeat", "ghost"], redis: server)
        #expect(unknown.code == 3)
        #expect(try c.command("EXISTS", "loom:actor:ghost").int == 0)
        let loomStyle = await runCLI(["actors", "heartbeat", "ghost", "--allow-missing"], redis: server)
        #expect(loomStyle.code == 0)
        #expect(try c.command("HKEYS", "loom:actor:ghost").array?.compactMap(\.string) == ["lastHeartbeat"])

        let events = try await captureEvents(server, count: 1) {
            #expect(await runCLI(["actors", "status", "h-1", "busy"], redis: server).code == 0)
        }
        #expect(events.first?.type == "actor:status-changed")
        #expect(events.first?.data == .object([("status", "busy")]))
        #expect(try c.command("HGET", "loom:actor:h-1", "status").string == "busy")
        #expect(await runCLI(["actors", "status", "nobody", "idle"], redis: server).code == 3)
        #expect(await runCLI(["actors", "status", "h-1", "sleeping"], redis: server).code == 2)
    }

    @Test func cleanupPlansRepairsAndIsIdempotent() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try Seeder(registry: ActorRegistry(redis: c, keys: Keyspace())).seed(.init(actors: 40, types: 2, workers: 2, staleFraction: 0.25))
        let staleBefore = try jsonLines(await runCLI(["actors", "list", "--stale", "-o", "jsonl"], redis: server).stdout).count
        #expect(staleBefore > 0)

        let plan = await runCLI(["actors", "cleanup", "--dry-run", "-o", "json"], redis: server)
        #expect(plan.code == 5)
        let findings = try JSONValue.parse(plan.stdout).arrayValue ?? []
        let kinds = Set(findings.compactMap { $0["kind"]?.stringValue })
        #expect(kinds == ["stale", "dangling", "zombie", "collision"])
        #expect(findings.filter { $0["kind"]?.stringValue == "stale" }.count == staleBefore)
        #expect(findings.allSatisfy { $0["reason"]?.stringValue?.isEmpty == false })

        let refused = await runCLI(["actors", "cleanup"], redis: server)
        #expect(refused.code == 2)

        let applied = await runCLI(["actors", "cleanup", "--yes", "-o", "json"], redis: server)
        #expect(applied.code == 0)
        let outcome = try JSONValue.parse(applied.stdout)
        #expect(outcome["unregistered"]?.intValue == Int64(staleBefore))
        #expect(outcome["zombiesDeleted"]?.intValue == 2)
        #expect((outcome["indexEntriesRemoved"]?.intValue ?? 0) >= 2)
        #expect(outcome["collisions"]?.intValue == 1)
        #expect(try c.command("GET", "loom:actor:collide-1").string == "not-a-hash")

        let after = await runCLI(["actors", "cleanup", "--dry-run", "-o", "json"], redis: server)
        #expect(after.code == 0)
        #expect(try JSONValue.parse(after.stdout).arrayValue?.map { $0["kind"]?.stringValue } == ["collision"])
        #expect(try jsonLines(await runCLI(["actors", "list", "--stale", "-o", "jsonl"], redis: server).stdout).isEmpty)
    }

    @Test func aHeartbeatDuringCleanupKeepsTheActor() throws {
        let server = try RedisServer()
        let c = try server.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        try registry.register(ActorRegistration(id: "late-1", type: "t", workerId: "w"), heartbeatTTL: 300, publish: false)
        try registry.register(ActorRegistration(id: "dead-1", type: "t", workerId: "w"), heartbeatTTL: 300, publish: false)
        _ = try c.command("DEL", "loom:actor:heartbeat:late-1", "loom:actor:heartbeat:dead-1")
        let cleanup = ActorCleanup(registry: registry)
        let plan = try cleanup.plan()
        #expect(Set(plan.filter { $0.kind == .stale }.map(\.id)) == ["late-1", "dead-1"])
        // The actor comes back between planning and applying, as Loom's router heartbeat would.
        try registry.heartbeat("late-1")
        let outcome = try cleanup.apply(plan, publish: false)
        #expect(outcome.removed == 1)
        #expect(outcome.skipped == 1)
        guard case .found(let kept) = try registry.get("late-1") else {
            Issue.record("live actor was removed")
            return
        }
        #expect(kept.isLive)
        guard case .missing = try registry.get("dead-1") else {
            Issue.record("dead actor kept")
            return
        }
    }

    @Test func routeFollowsLoomsRulesAndKeepsARealCursor() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        for (id, count, status) in [("r-a", 5, "idle"), ("r-b", 1, "busy"), ("r-c", 3, "active")] {
            try registry.register(ActorRegistration(id: id, type: "router", workerId: "w", status: status, messageCount: Int64(count)), publish: false)
        }
        let least = await runCLI(["actors", "route", "--type", "router", "-o", "json"], redis: server)
        #expect(least.code == 0)
        let d = try JSONValue.parse(least.stdout)
        #expect(d["actorId"]?.stringValue == "r-c")  // r-b has fewer messages but is busy
        #expect(d["address"]?.stringValue == "actor:r-c")
        #expect(d["busySkipped"]?.intValue == 1)
        #expect(try c.command("HGET", "loom:actor:r-c", "messageCount").string == "3")  // read-only

        var picks: [String] = []
        for _ in 0..<4 {
            let r = await runCLI(["actors", "route", "--type", "router", "--strategy", "round-robin", "--apply", "-o", "name"], redis: server)
            picks.append(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(picks == ["r-a", "r-c", "r-a", "r-c"])
        #expect(try c.command("HGET", "loom:actor:r-a", "messageCount").string == "7")

        _ = try c.command("HSET", "loom:actor:r-a", "status", "busy")
        _ = try c.command("HSET", "loom:actor:r-c", "status", "busy")
        let allBusy = try JSONValue.parse(await runCLI(["actors", "route", "--type", "router", "-o", "json"], redis: server).stdout)
        #expect(allBusy["fellBackToBusy"]?.boolValue == true)
        #expect(allBusy["actorId"]?.stringValue == "r-b")
        #expect(await runCLI(["actors", "route", "--type", "nobody"], redis: server).code == 3)
    }

    @Test func watchStreamsEventsAsJSONLines() async throws {
        let server = try RedisServer()
        async let watched = runCLI(["actors", "watch", "--type", "calculator", "--count", "2", "-o", "jsonl"], redis: server)
        let probe = try server.connect()
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, (try probe.command("PUBSUB", "NUMSUB", Keyspace.actorEventsChannel).array?.last?.int ?? 0) == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        _ = await runCLI(["actors", "register", "other-1", "--type", "other", "--worker", "w"], redis: server)
        _ = await runCLI(["actors", "register", "calc-1", "--type", "calculator", "--worker", "w"], redis: server)
        _ = await runCLI(["actors", "status", "calc-1", "busy"], redis: server)
        let r = await watched
        #expect(r.code == 0)
        let lines = try jsonLines(r.stdout)
        #expect(lines.map { $0["type"]?.stringValue } == ["actor:registered", "actor:status-changed"])
        #expect(lines.allSatisfy { $0["actorType"]?.stringValue == "calculator" })
    }
}
