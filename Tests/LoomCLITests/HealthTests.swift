import Foundation
import LoomCluster
import LoomCore
import LoomRedis
import LoomTesting
import Testing

/// A Loom server look-alike answering `/health` and `/ready` the way loom-server does (contract §6.1).
enum LoomNode {
    static func health(_ status: String) -> LoopbackHTTPServer.Response {
        let body = """
            {"status":"\(status)","timestamp":"2026-11-29T00:00:00.000Z","uptime":12.5,"components":{"redis":{"status":"\(status)",\
            "latency":3},"cosmos":{"status":"healthy","message":"Using in-memory storage"},"wasmCache":{"status":"healthy"}},\
            "memory":{"used":1,"total":2,"percentage":50}}
            """
        return .json(body, status: status == "unhealthy" ? 503 : 200)
    }

    static func ready(_ ok: Bool) -> LoopbackHTTPServer.Response { .json(#"{"ready":\#(ok)}"#, status: ok ? 200 : 503) }

    /// One server; the first path segment picks the behaviour (`/healthy/health`, `/hang/ready`, …).
    static func server() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { req in
            let parts = req.path.split(separator: "/").map(String.init)
            let mode = parts.first ?? ""
            let endpoint = parts.last ?? ""
            switch mode {
            case "hang": return .hang
            case "garbage": return .text("<html>oops</html>", status: 200, contentType: "text/html")
            case "degraded": return endpoint == "ready" ? ready(true) : health("degraded")
            case "down": return endpoint == "ready" ? ready(false) : health("unhealthy")
            case "error": return .text("boom", status: 500)
            default: return endpoint == "ready" ? ready(true) : health("healthy")
            }
        }
    }
}

func addNode(_ c: RedisConnection, _ id: String, address: String, status: NodeStatus = .active, live: Bool = true) throws {
    var r = NodeRecord(id: id)
    r.address = address
    let m = NodeMembership(redis: c, keys: Keyspace())
    try m.apply(.register(r, liveness: live ? .permanent : .unchanged), expectedEpoch: nil)
    if status != .active { try m.apply(.setStatus(id, status), expectedEpoch: nil) }
}

@Suite("health: Redis, nodes, actors, breakers, queues")
struct HealthTests {
    @Test func healthyClusterExitsZeroInEveryFormat() async throws {
        let server = try RedisServer()
        let r = await runCLI(["health"], redis: server)
        #expect(r.code == 0)
        #expect(r.stdout.contains("STATUS: HEALTHY"))
        let json = try JSONValue.parse(await runCLI(["health", "-o", "json"], redis: server).stdout)
        #expect(json["status"]?.stringValue == "healthy")
        #expect(json["categories"]?["redis"]?.stringValue == "healthy")
        let ping = json["checks"]?.arrayValue?.first { $0["name"]?.stringValue == "redis.ping" }
        #expect(ping?["details"]?["samples"]?.intValue == 10)
        #expect((ping?["details"]?["p99Ms"]?.doubleValue ?? 1000) < 100)
        let yaml = await runCLI(["health", "redis", "-o", "yaml"], redis: server)
        #expect(yaml.stdout.hasPrefix("status: healthy"))
        let jsonl = await runCLI(["health", "queues", "-o", "jsonl"], redis: server)
        #expect(try JSONValue.parse(jsonl.stdout.trimmingCharacters(in: .newlines))["status"]?.stringValue == "healthy")
        let names = await runCLI(["health", "-o", "name"], redis: server)
        #expect(names.code == 0 && names.stdout.isEmpty)
    }

    @Test func unreachableRedisIsAReportWithExitFour() async throws {
        let port = RedisServer.freePort()
        let r = await runCLI(["health", "-o", "json", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(r.code == 4)
        let doc = try JSONValue.parse(r.stdout)
        #expect(doc["status"]?.stringValue == "unhealthy")
        #expect(doc["checks"]?.arrayValue?.first?["name"]?.stringValue == "redis.connection")
        #expect(!r.stderr.contains("redis_unreachable"))
    }

    @Test func slowRedisIsDegraded() async throws {
        let server = try RedisServer(config: ["enable-debug-command", "yes"])
        let slow = try server.connect()
        let sleeper = Thread {
            for _ in 0..<6 { _ = try? slow.command("DEBUG", "SLEEP", "0.15") }
        }
        sleeper.start()
        let r = await runCLI(["health", "redis", "--ping-samples", "4", "-o", "json"], redis: server)
        let ping = try JSONValue.parse(r.stdout)["checks"]?.arrayValue?.first { $0["name"]?.stringValue == "redis.ping" }
        #expect(ping?["status"]?.stringValue == "degraded")
        #expect(r.code == 0)
        let strict = await runCLI(["health", "redis", "--ping-samples", "1", "--fail-on", "degraded"], redis: server)
        #expect(strict.code == 0 || strict.code == 4)
    }

    @Test func memoryNearMaxmemoryIsDegraded() async throws {
        let server = try RedisServer(config: ["maxmemory", "3mb", "maxmemory-policy", "noeviction"])
        let c = try server.connect()
        // Fill until the used/max ratio passes 90%.
        for i in 0..<2000 {
            _ = try? c.command(["SET", "fill:\(i)", String(repeating: "x", count: 2000)])
            let info = try c.info("memory")
            if let u = info.int("used_memory"), let m = info.int("maxmemory"), Double(u) / Double(m) > 0.92 { break }
        }
        let r = await runCLI(["health", "redis", "-o", "json", "--fail-on", "degraded"], redis: server)
        let mem = try JSONValue.parse(r.stdout)["checks"]?.arrayValue?.first { $0["name"]?.stringValue == "redis.memory" }
        #expect(mem?["status"]?.stringValue != "healthy")
        #expect((mem?["details"]?["percent"]?.doubleValue ?? 0) > 90)
        #expect(r.code == 4)
    }

    @Test func nodesAreProbedLikeLoomServers() async throws {
        let server = try RedisServer()
        let http = try LoomNode.server()
        let c = try server.connect()
        for mode in ["healthy", "degraded", "down", "garbage", "error"] {
            try addNode(c, "n-\(mode)", address: "\(http.baseURL)/\(mode)")
        }
        try addNode(c, "n-stale", address: "\(http.baseURL)/healthy", live: false)
        let r = await runCLI(["health", "nodes", "-o", "json", "--probe-timeout-ms", "1500"], redis: server)
        #expect(r.code == 4)
        let checks = try JSONValue.parse(r.stdout)["checks"]?.arrayValue ?? []
        func status(_ id: String) -> String? { checks.first { $0["name"]?.stringValue == "node/\(id)" }?["status"]?.stringValue }
        #expect(status("n-healthy") == "healthy")
        #expect(status("n-degraded") == "degraded")
        #expect(status("n-down") == "unhealthy")
        #expect(status("n-garbage") == "degraded")
        #expect(status("n-error") == "unhealthy")
        #expect(status("n-stale") == "unhealthy")
        let downReason = checks.first { $0["name"]?.stringValue == "node/n-down" }?["reason"]?.stringValue ?? ""
        #expect(downReason.contains("not ready"))
        #expect(http.requests.contains { $0.path == "/healthy/health" })
        #expect(!http.requests.contains { $0.path.hasPrefix("/healthy/health") && $0.path.contains("stale") })
    }

    @Test func hundredNodesWithTenHangingAnswerWithinSeconds() async throws {
        let server = try RedisServer()
        // Ten loopback servers stand in for a hundred hosts (one server's listen backlog is 64).
        let hosts = try (0..<10).map { _ in try LoomNode.server() }
        let c = try server.connect()
        for i in 0..<100 {
            try addNode(c, "node-\(i)", address: "\(hosts[i % 10].baseURL)/\(i < 10 ? "hang" : "healthy")")
        }
        let start = ContinuousClock.now
        let r = await runCLI(["health", "nodes", "-o", "json", "--probe-timeout-ms", "1000"], redis: server)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(6))
        let checks = try JSONValue.parse(r.stdout)["checks"]?.arrayValue ?? []
        #expect(checks.count == 100)
        #expect(checks.filter { $0["status"]?.stringValue == "unhealthy" }.count == 10)
        #expect(checks.filter { ($0["reason"]?.stringValue ?? "").contains("timed out") }.count == 10)
    }

    @Test func probeCircuitStopsHammeringADeadNode() async throws {
        let server = try RedisServer()
        let http = try LoomNode.server()
        let c = try server.connect()
        try addNode(c, "flaky", address: "\(http.baseURL)/error")
        for _ in 0..<3 { _ = await runCLI(["health", "nodes"], redis: server) }
        let probesBefore = http.requests.count
        #expect(probesBefore == 6)
        let r = await runCLI(["health", "nodes", "-o", "json"], redis: server)
        #expect(http.requests.count == probesBefore)
        let reason = try JSONValue.parse(r.stdout)["checks"]?.arrayValue?.first?["reason"]?.stringValue ?? ""
        #expect(reason.contains("probe circuit open"))
        let cooled = await runCLI(["health", "nodes", "--breaker-cooldown", "0"], redis: server)
        #expect(cooled.code == 4)
        #expect(http.requests.count > probesBefore)
    }

    @Test func evictAfterConsecutiveFailuresLeavesTheRing() async throws {
        let server = try RedisServer()
        let http = try LoomNode.server()
        let c = try server.connect()
        try addNode(c, "good", address: "\(http.baseURL)/healthy")
        try addNode(c, "bad", address: "\(http.baseURL)/down")
        let epoch0 = try NodeMembership(redis: c, keys: Keyspace()).ringState().epoch
        let first = await runCLI(["health", "nodes", "--evict", "--after", "2", "--dry-run", "-o", "json"], redis: server)
        #expect(first.code == 0)  // one failure so far: nothing to do
        let plan = await runCLI(["health", "nodes", "--evict", "--after", "2", "--dry-run", "-o", "json"], redis: server)
        #expect(plan.code == 5)
        #expect(try JSONValue.parse(plan.stdout).arrayValue?.first?["id"]?.stringValue == "bad")
        let refused = await runCLI(["health", "nodes", "--evict", "--after", "2"], redis: server)
        #expect(refused.code == 2)
        let done = await runCLI(["health", "nodes", "--evict", "--after", "2", "--yes"], redis: server)
        #expect(done.code == 0)
        let snap = try NodeMembership(redis: c, keys: Keyspace()).read()
        #expect(snap.node("bad")?.status == .down)
        #expect(snap.node("good")?.status == .active)
        #expect(snap.ring.epoch > epoch0)
    }

    @Test func breakersInEveryStateAndReset() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        let now = Timestamp.nowMillis()
        _ = try c.pipeline([
            ["SET", "circuit:closed-type:failures", "2"], ["SET", "circuit:closed-type:config", #"{"failureThreshold":4,"timeout":1000,"halfOpenRequests":2}"#],
            ["SET", "circuit:open-type:state", "OPEN"], ["SET", "circuit:open-type:failures", "5"], ["SET", "circuit:open-type:lastFailure", String(now - 2000)],
            ["SET", "circuit:half-type:state", "HALF_OPEN"], ["SET", "circuit:half-type:halfOpenSuccesses", "1"],
            ["SET", "circuit:bad-config:state", "CLOSED"], ["SET", "circuit:bad-config:config", "{not json"],
        ])
        let r = await runCLI(["health", "breakers", "-o", "json"], redis: server)
        #expect(r.code == 4)
        let checks = try JSONValue.parse(r.stdout)["checks"]?.arrayValue ?? []
        func check(_ t: String) -> JSONValue? { checks.first { $0["name"]?.stringValue == "breaker/\(t)" } }
        #expect(check("closed-type")?["status"]?.stringValue == "healthy")
        #expect(check("closed-type")?["details"]?["config"]?["failureThreshold"]?.intValue == 4)
        #expect(check("open-type")?["status"]?.stringValue == "unhealthy")
        #expect((check("open-type")?["details"]?["sinceLastFailureMs"]?.intValue ?? 0) >= 2000)
        #expect(check("half-type")?["status"]?.stringValue == "degraded")
        #expect(check("bad-config")?["status"]?.stringValue == "degraded")

        let plan = await runCLI(["health", "breakers", "reset", "open-type", "--dry-run"], redis: server)
        #expect(plan.code == 5)
        #expect(try c.command("GET", "circuit:open-type:state").string == "OPEN")
        #expect(await runCLI(["health", "breakers", "reset", "open-type"], redis: server).code == 2)
        #expect(await runCLI(["health", "breakers", "reset", "open-type", "--yes"], redis: server).code == 0)
        #expect(try c.command("EXISTS", "circuit:open-type:state", "circuit:open-type:failures").int == 0)
        #expect(await runCLI(["health", "breakers", "reset", "nope", "--yes"], redis: server).code == 3)
    }

    @Test func queueBacklogAndDeadLetters() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try ActorRegistry(redis: c, keys: Keyspace()).register(ActorRegistration(id: "o-1", type: "order", workerId: "w"), publish: false)
        _ = try c.command(["RPUSH", "bull:actor-order:wait"] + (0..<1200).map { "job-\($0)" })
        _ = try c.command("ZADD", "bull:actor-order:delayed", "1", "d1")
        _ = try c.command("ZADD", "bull:actor-order:failed", "1", "f1")
        _ = try c.command("RPUSH", "bull:actor-order-dlq:wait", "x")
        _ = try c.command("RPUSH", "loom-prod:actor-other:wait", "y")
        let r = await runCLI(["health", "queues", "-o", "json", "--fail-on", "degraded"], redis: server)
        #expect(r.code == 4)
        let checks = try JSONValue.parse(r.stdout)["checks"]?.arrayValue ?? []
        let q = checks.first { $0["name"]?.stringValue == "queue/actor-order" }
        #expect(q?["details"]?["backlog"]?.intValue == 1200)
        #expect(q?["details"]?["delayed"]?.intValue == 1)
        #expect(q?["details"]?["failed"]?.intValue == 1)
        #expect(q?["status"]?.stringValue == "degraded")
        #expect(checks.contains { $0["name"]?.stringValue == "dlq/actor-order-dlq" })
        #expect(!checks.contains { ($0["name"]?.stringValue ?? "").contains("other") })
        let prod = try JSONValue.parse(await runCLI(["health", "queues", "-o", "json", "--bull-prefix", "loom-prod"], redis: server).stdout)
        #expect(prod["checks"]?.arrayValue?.contains { $0["name"]?.stringValue == "queue/actor-other" } == true)
    }

    @Test func actorsOnDownNodesAndStaleTypes() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        for i in 0..<4 { try registry.register(ActorRegistration(id: "a-\(i)", type: "calc", workerId: i < 2 ? "w-down" : "w-up"), publish: false) }
        _ = try c.command("DEL", "loom:actor:heartbeat:a-0")
        try addNode(c, "w-down", address: "", status: .down)
        try addNode(c, "w-up", address: "")
        let r = await runCLI(["health", "actors", "-o", "json"], redis: server)
        #expect(r.code == 4)
        let checks = try JSONValue.parse(r.stdout)["checks"]?.arrayValue ?? []
        let onDown = checks.first { $0["name"]?.stringValue == "actors.on-down-nodes" }
        #expect(onDown?["status"]?.stringValue == "unhealthy")
        #expect(onDown?["details"]?["w-down"]?.intValue == 2)
        let calc = checks.first { $0["name"]?.stringValue == "actors/calc" }
        #expect(calc?["status"]?.stringValue == "degraded")
        #expect(calc?["details"]?["stale"]?.intValue == 1)
    }
}
