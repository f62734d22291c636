import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry
import LoomMembership
import LoomHealth

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

/// Writes `count` Loom-format actors of `type` on `worker`, the first `stale` of them without a heartbeat key.
func seedActors(_ c: RedisConnection, type: String, count: Int, stale: Int, worker: String = "w-1", idPrefix: String? = nil) throws {
    let keys = Keyspace()
    var commands: [[String]] = []
    let now = Timestamp.nowMillis()
    for i in 0..<count {
        let id = "\(idPrefix ?? type)-\(i)"
        let reg = ActorRegistration(id: id, type: type, workerId: worker, lastHeartbeatMillis: now)
        commands.append(["HSET", keys.actorHash(id)] + reg.hashFields())
        commands.append(["SADD", keys.typeSet(type), id])
        commands.append(["SADD", keys.allSet, id])
        if i >= stale { commands.append(["SETEX", keys.heartbeat(id), "300", String(now)]) }
        if commands.count >= 4000 {
            _ = try c.pipeline(commands)
            commands.removeAll()
        }
    }
    if !commands.isEmpty { _ = try c.pipeline(commands) }
}

@Suite("health: sampled actor checks (issue 17)")
struct HealthSamplingTests {
    func check(_ doc: JSONValue, _ name: String) -> JSONValue? {
        doc["checks"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    /// The sampled path reports that it is an estimate, its sample size, the estimate and its interval.
    @Test func sampledReportSaysEstimateSampleSizeAndInterval() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "calc", count: 3000, stale: 900)  // 30% stale
        let r = await runCLI(["health", "actors", "-o", "json", "--sample-size", "500"], redis: server)
        let doc = try JSONValue.parse(r.stdout)
        #expect(doc["sampling"]?["mode"]?.stringValue == "sampled")
        #expect(doc["sampling"]?["sampleSize"]?.intValue == 500)
        #expect(doc["sampling"]?["population"]?.intValue == 3000)
        #expect(doc["sampling"]?["interval"]?.stringValue == "wilson-score-fpc")
        #expect(doc["sampling"]?["confidence"]?.doubleValue == 0.99)
        let calc = try #require(check(doc, "actors/calc"))
        let d = try #require(calc["details"])
        #expect(d["estimate"]?.boolValue == true)
        #expect(d["sampleSize"]?.intValue == 500)
        #expect(d["members"]?.intValue == 3000)
        let point = try #require(d["stalePercent"]?.doubleValue)
        let low = try #require(d["stalePercentLow"]?.doubleValue)
        let high = try #require(d["stalePercentHigh"]?.doubleValue)
        #expect(low <= point && point <= high && low < high)
        #expect(abs(point - 30) < 10)  // 8+ standard errors: never by chance
        #expect(calc["status"]?.stringValue == "degraded")  // the whole interval is far above 10%
        #expect((calc["reason"]?.stringValue ?? "").contains("estimated from 500 of 3000"))
        let registryCheck = try #require(check(doc, "actors.registry"))
        #expect(registryCheck["details"]?["estimate"]?.boolValue == true)
        #expect(registryCheck["details"]?["notChecked"]?.arrayValue?.count == 2)
        // The table says so too.
        let table = await runCLI(["health", "actors", "--sample-size", "500"], redis: server)
        #expect(table.stdout.contains("estimated from a random sample of 500 of 3000"))
        #expect(table.stdout.contains("99% CI"))
    }

    /// `--exact` is today's full scan: exact counts, no interval.
    @Test func exactFlagReadsEveryActor() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "calc", count: 3000, stale: 900)
        let r = await runCLI(["health", "actors", "-o", "json", "--sample-size", "500", "--exact"], redis: server)
        let doc = try JSONValue.parse(r.stdout)
        #expect(doc["sampling"]?["mode"]?.stringValue == "exact")
        #expect(doc["sampling"]?["sampleSize"]?.intValue == 3000)
        let d = try #require(check(doc, "actors/calc")?["details"])
        #expect(d["stale"]?.intValue == 900 && d["live"]?.intValue == 2100 && d["stalePercent"]?.doubleValue == 30)
        #expect(d["stalePercentLow"] == nil)
        let table = await runCLI(["health", "actors", "--exact"], redis: server)
        #expect(!table.stdout.contains("estimated"))
        #expect(table.stdout.contains("2100 live, 900 stale (30.0%"))
    }

    /// A registry no bigger than the sample is read whole, exactly as before (zombies included).
    @Test func smallRegistryIsReadExactly() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "calc", count: 80, stale: 8)
        _ = try c.command("HSET", "loom:actor:zombie-1", "lastHeartbeat", "2026-01-01T00:00:00.000Z")  // only a keyspace SCAN sees it
        let doc = try JSONValue.parse(await runCLI(["health", "actors", "-o", "json", "--sample-size", "100"], redis: server).stdout)
        #expect(doc["sampling"]?["mode"]?.stringValue == "exact")
        #expect(check(doc, "actors/calc")?["details"]?["stale"]?.intValue == 8)
        #expect(check(doc, "actors.registry")?["details"]?["byKind"]?["zombie"]?.intValue == 1)
        let byDefault = try JSONValue.parse(await runCLI(["health", "actors", "-o", "json"], redis: server).stdout)
        #expect(byDefault["sampling"]?["mode"]?.stringValue == "exact")
    }

    /// "No live actor" is never decided on a sample alone: an exact check confirms it (or finds one live).
    @Test func noneLiveIsConfirmedExactly() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "dead", count: 600, stale: 600)
        try seedActors(c, type: "rare", count: 600, stale: 599)  // one live actor the sample will mostly miss
        try seedActors(c, type: "big-dead", count: 4000, stale: 4000)  // more than the search budget (1000 here)
        let doc = try JSONValue.parse(await runCLI(["health", "actors", "-o", "json", "--sample-size", "50"], redis: server).stdout)
        #expect(doc["sampling"]?["mode"]?.stringValue == "sampled")
        let dead = try #require(check(doc, "actors/dead"))
        #expect(dead["status"]?.stringValue == "unhealthy")
        #expect(dead["details"]?["noneLiveConfirmed"]?.boolValue == true)
        #expect(dead["details"]?["liveSearch"]?["complete"]?.boolValue == true)
        // Bigger than the budget: the search stops, the verdict says how far it looked.
        let big = try #require(check(doc, "actors/big-dead"))
        #expect(big["status"]?.stringValue == "unhealthy")
        #expect(big["details"]?["liveSearch"]?["complete"]?.boolValue == false)
        #expect((big["details"]?["liveSearch"]?["examined"]?.intValue ?? 0) < 4000)
        #expect((big["reason"]?.stringValue ?? "").contains("more of 4000 searched"))
        let rare = try #require(check(doc, "actors/rare"))
        #expect(rare["status"]?.stringValue == "degraded")  // ~99.8% stale, but not "none live"
        #expect(rare["details"]?["noneLiveConfirmed"]?.boolValue == false)
    }

    /// Anomalies found in the sample exist: degraded, with an estimated count.
    @Test func sampledAnomaliesAreEstimated() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "calc", count: 2000, stale: 0)
        _ = try c.command(["SADD", "loom:actor:all"] + (0..<500).map { "ghost-\($0)" })  // 20% dangling
        let doc = try JSONValue.parse(await runCLI(["health", "actors", "-o", "json", "--sample-size", "400"], redis: server).stdout)
        let reg = try #require(check(doc, "actors.registry"))
        #expect(reg["status"]?.stringValue == "degraded")
        let inSample = reg["details"]?["inSample"]?.intValue ?? 0
        #expect(inSample > 0 && inSample == reg["details"]?["byKind"]?["dangling"]?.intValue)
        let estimate = reg["details"]?["anomalies"]?.intValue ?? 0
        #expect(estimate > 200 && estimate < 900)  // truth 500; many standard errors wide
        #expect(check(doc, "actors/calc")?["status"]?.stringValue == "healthy")
    }

    /// Without agents, nodes are inferred from the sample and labelled as estimates; a worker
    /// whose sampled actors are all stale is called down only after an exact check.
    @Test func inferredNodesFromTheSample() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "calc", count: 800, stale: 80, worker: "w-ok", idPrefix: "ok")
        try seedActors(c, type: "calc", count: 400, stale: 400, worker: "w-dead", idPrefix: "dead")
        let r = await runCLI(["health", "nodes", "-o", "json", "--sample-size", "300"], redis: server)
        #expect(r.code == 4)
        let doc = try JSONValue.parse(r.stdout)
        let ok = try #require(check(doc, "node/w-ok"))
        let dead = try #require(check(doc, "node/w-dead"))
        #expect(ok["status"]?.stringValue == "healthy")
        #expect(ok["details"]?["estimate"]?.boolValue == true)
        #expect((ok["reason"]?.stringValue ?? "").contains("in a sample of 300"))
        #expect(dead["status"]?.stringValue == "unhealthy")
        #expect((dead["reason"]?.stringValue ?? "").contains("none with a live heartbeat"))
        let exact = try JSONValue.parse(await runCLI(["health", "nodes", "-o", "json", "--exact"], redis: server).stdout)
        #expect(check(exact, "node/w-dead")?["details"]?["node"]?["actorCount"]?.intValue == 400)
        #expect(check(exact, "node/w-dead")?["details"]?["estimate"] == nil)
    }

    @Test func sampleSizeIsValidated() async throws {
        let r = await runCLI(["health", "--sample-size", "0"])
        #expect(r.code == 2)
        #expect(r.stderr.contains("--sample-size"))
    }
}

/// The threshold rule on a constructed census: deterministic, unlike SRANDMEMBER.
@Suite("health: threshold rule on estimates")
struct HealthThresholdRuleTests {
    func census(found: Int, stale: Int, members: Int) -> ActorCensus {
        var c = ActorCensus.exactCensus(RegistryStats())
        c.exact = false
        c.population = members
        c.drawn = found
        c.types = [ActorCensus.TypeShare(type: "t", members: members, drawn: found, found: found, live: found - stale, exact: false,
            stale: ShareEstimate(hits: stale, sampled: found, population: members))]
        return c
    }

    let server: RedisServer
    init() throws { server = try RedisServer() }

    func status(_ c: ActorCensus) throws -> String {
        let health = ActorHealth(registry: ActorRegistry(redis: try server.connect(), keys: Keyspace()), rules: HealthRules())
        return try health.run(census: c).first { $0.name == "actors/t" }?.status.rawValue ?? "?"
    }

    /// A registry sitting at exactly 10% stale is healthy every time, and stays so a little above:
    /// degraded needs the interval's lower bound above 10%.
    @Test func exactlyAtTheThresholdDoesNotFlap() throws {
        #expect(try status(census(found: 16_318, stale: 1_632, members: 1_000_000)) == "healthy")  // 10.0%
        #expect(try status(census(found: 16_318, stale: 1_713, members: 1_000_000)) == "healthy")  // 10.5%: inside the noise
        #expect(try status(census(found: 16_318, stale: 1_900, members: 1_000_000)) == "degraded")  // 11.6%: lower bound > 10%
        // Exact censuses keep today's rule: more than 10% is degraded.
        var stats = RegistryStats()
        for i in 0..<100 {
            var r = ActorRecord(id: "a\(i)")
            r.type = "t"
            if i >= 10 { r.heartbeatTTLMillis = 1000 }
            stats.add(r)
        }
        #expect(try status(ActorCensus.exactCensus(stats)) == "healthy")
        var over = stats
        var r = ActorRecord(id: "x")
        r.type = "t"
        over.add(r)
        #expect(try status(ActorCensus.exactCensus(over)) == "degraded")  // 11/101
    }

    @Test func wilsonIntervalWithFinitePopulationCorrection() {
        // n = 16,318 of 1M at p = 0.5: ±1 percentage point at 99%.
        let e = ShareEstimate(hits: 8_159, sampled: 16_318, population: 1_000_000)
        #expect(abs((e.upper - e.lower) / 2 - 0.01) < 0.0002)
        #expect(e.lower < 0.5 && e.upper > 0.5)
        // The whole population: exact, no interval.
        let all = ShareEstimate(hits: 30, sampled: 100, population: 100)
        #expect(all.exact && all.lower == 0.3 && all.upper == 0.3 && all.count == 30)
        // Half the population sampled: narrower than without the correction.
        let half = ShareEstimate(hits: 500, sampled: 1000, population: 2000)
        let infinite = ShareEstimate(hits: 500, sampled: 1000, population: 1_000_000_000)
        #expect(half.upper - half.lower < infinite.upper - infinite.lower)
        // None in the sample: lower bound 0, an upper bound above 0.
        let none = ShareEstimate(hits: 0, sampled: 1000, population: 100_000)
        #expect(none.lower == 0 && none.upper > 0 && none.upper < 0.01)
        // Sample sizes: 16,588 before the correction, ~16,318 at 1M, whole populations up to n0.
        let plan = SamplingPlan()
        #expect(plan.baseSize == 16_588)
        #expect(plan.size(population: 1_000_000) == 16_318)
        #expect(plan.size(population: 10_000) == 10_000)
        #expect(SamplingPlan(fixedSize: 500).size(population: 3000) == 500)
    }
}

extension HealthSamplingTests {
    /// Sampled runs read the sampled types' queues and breakers directly (no keyspace SCAN walk);
    /// `--exact` also scans for queues and breakers of types no registered actor has.
    @Test func sampledQueuesAndBreakersWithoutAScan() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try seedActors(c, type: "calc", count: 1000, stale: 0)
        _ = try c.command(["RPUSH", "bull:actor-calc:wait"] + (0..<1500).map { "job-\($0)" })
        _ = try c.command("RPUSH", "bull:actor-calc-dlq:wait", "x")
        _ = try c.command("SET", "circuit:calc:state", "OPEN")
        _ = try c.command("SET", "circuit:unregistered:state", "HALF_OPEN")
        _ = try c.command("RPUSH", "bull:actor-unregistered:wait", "y")
        let sampled = try JSONValue.parse(await runCLI(["health", "-o", "json", "--sample-size", "200"], redis: server).stdout)
        #expect(sampled["sampling"]?["mode"]?.stringValue == "sampled")
        #expect(check(sampled, "queue/actor-calc")?["details"]?["backlog"]?.intValue == 1500)
        #expect(check(sampled, "dlq/actor-calc-dlq") != nil)
        #expect(check(sampled, "breaker/calc")?["status"]?.stringValue == "unhealthy")
        #expect(check(sampled, "breaker/unregistered") == nil)
        #expect(check(sampled, "queue/actor-unregistered") == nil)
        let exact = try JSONValue.parse(await runCLI(["health", "-o", "json", "--exact"], redis: server).stdout)
        #expect(check(exact, "breaker/unregistered")?["status"]?.stringValue == "degraded")
        #expect(check(exact, "queue/actor-unregistered") != nil)
        // The drill-down reads no registry, so it always scans.
        let breakers = try JSONValue.parse(await runCLI(["health", "breakers", "-o", "json"], redis: server).stdout)
        #expect(check(breakers, "breaker/unregistered") != nil)
    }
}
