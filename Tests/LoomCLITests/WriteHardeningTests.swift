import Foundation
import LoomCore
import LoomRedis
import LoomRing
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// Issue 15 items 1, 3, 6, 7, 8, 15 and issue 14 items 2, 4: validation at every entry point,
/// all-or-nothing writes, race-free registration, seed safety, redaction, Loom's routing order.
@Suite("write hardening: capacity, atomic writes, seed, redaction, routing order")
struct WriteHardeningTests {
    // MARK: Issue 15 item 1: capacity and arithmetic that traps

    @Test func hugeCapacityFlagsAreUsageErrorsNotCrashes() async throws {
        let server = try RedisServer()
        let add = await runCLI(["ring", "add", "n3", "--address", "http://a", "--static", "--capacity", "1e19", "--dry-run"], redis: server)
        #expect(add.code == 2)
        #expect(add.stderr.contains("--capacity"))
        let agent = await runCLI(["agent", "--node-id", "n3", "--address", "http://a", "--capacity", "1e19", "--once"], redis: server)
        #expect(agent.code == 2)
        let offline = await runCLI(["ring", "show", "--nodes", "a:1e19,b"])
        #expect(offline.code == 2)
        #expect(offline.stderr.contains("capacity"))
        let sim = await runCLI(["ring", "simulate", "--nodes", "a,b", "--add", "c:1e17"])
        #expect(sim.code == 2)
        // Nothing was written by any of them.
        #expect(try server.connect().command("DBSIZE").int == 0)
    }

    @Test func aStoredHugeCapacityIsReportedSkippedAndRemovable() async throws {
        let server = try RedisServer()
        for id in ["n1", "n2"] {
            #expect(await runCLI(["ring", "add", id, "--address", "http://\(id)", "--static", "--yes"], redis: server).code == 0)
        }
        // What `agent --capacity 1e19 --once` stored before validation existed.
        let c = try server.connect()
        _ = try c.command("HSET", "loom:node:n3", "nodeId", "n3", "address", "http://a", "capacity", "1e19", "status", "active")
        _ = try c.command("SADD", "loom:node:all", "n3")
        _ = try c.command("SET", "loom:node:heartbeat:n3", "1")

        let show = await runCLI(["ring", "show", "--no-actors", "-o", "json"], redis: server)
        #expect(show.code == 0, "\(show.stderr)")
        #expect(show.stderr.contains("loom:node:n3") && show.stderr.contains("1e19"))
        let doc = try JSONValue.parse(show.stdout)
        let n3 = try #require(doc["nodes"]?.arrayValue?.first { $0["id"]?.stringValue == "n3" })
        #expect(n3["eligible"]?.boolValue == false)
        #expect(n3["points"]?.intValue == 0)
        #expect(n3["problems"]?.arrayValue?.isEmpty == false)
        #expect(doc["eligibleNodes"]?.intValue == 2)

        let lookup = await runCLI(["ring", "lookup", "x", "-o", "json"], redis: server)
        #expect(lookup.code == 0)

        // Re-adding with the default capacity is not mistaken for "already registered, same settings".
        let readd = await runCLI(["ring", "add", "n3", "--address", "http://a", "--static", "--yes"], redis: server)
        #expect(readd.code == 2)
        #expect(readd.stderr.contains("ring remove n3"))

        let remove = await runCLI(["ring", "remove", "n3", "--force", "--yes"], redis: server)
        #expect(remove.code == 0, "\(remove.stderr)")
        #expect(try c.command("EXISTS", "loom:node:n3").int == 0)
        #expect(try c.command("SISMEMBER", "loom:node:all", "n3").int == 0)
    }

    @Test func storedPointsThatCannotBuildARingAreExit1AndRemoveStillWorks() async throws {
        let server = try RedisServer()
        #expect(await runCLI(["ring", "add", "n1", "--address", "http://n1", "--static", "--yes"], redis: server).code == 0)
        let c = try server.connect()
        // Valid each on its own, together over the ring's point limit.
        _ = try c.command("HSET", "loom:node:ring", "pointsPerCapacity", "16000000")
        _ = try c.command("HSET", "loom:node:n1", "capacity", "100")
        let show = await runCLI(["ring", "show", "--no-actors"], redis: server)
        #expect(show.code == 1)
        #expect(show.stderr.contains("points"))
        let remove = await runCLI(["ring", "remove", "n1", "--force", "--yes"], redis: server)
        #expect(remove.code == 0, "\(remove.stderr)")
        #expect(try c.command("EXISTS", "loom:node:n1").int == 0)
    }

    @Test func flagArithmeticThatUsedToTrap() async throws {
        #expect(await runCLI(["ring", "lookup", "k", "--nodes", "a,b", "--fallbacks", "9223372036854775807"]).code == 2)
        #expect(await runCLI(["ring", "simulate", "--nodes", "a,b", "--add", "c", "--top=-1"]).code == 2)
        #expect(await runCLI(["ring", "show", "--nodes", "a", "--watch", "--interval", "1e300"]).code == 2)
        #expect(await runCLI(["ring", "show", "--nodes", "a", "--points-per-capacity", "9223372036854775807"]).code == 2)
        #expect(await runCLI(["ring", "show", "--nodes", "a", "--keys", "10", "--load-factor", "1e300"]).code == 2)
        #expect(await runCLI(["ring", "show", "--nodes", "a", "--keys", "9223372036854775807"]).code == 2)
        let ok = await runCLI(["ring", "lookup", "k", "--nodes", "a,b", "--fallbacks", "1000", "-o", "json"])
        #expect(ok.code == 0)
    }

    @Test func aNegativeOrHugeRoundRobinCursorDoesNotTrap() async throws {
        let server = try RedisServer()
        let registry = ActorRegistry(redis: try server.connect(), keys: Keyspace())
        for id in ["a", "b", "c"] { try registry.register(ActorRegistration(id: id, type: "T", workerId: "w"), publish: false) }
        let c = try server.connect()
        _ = try c.command("SET", "loomctl:route:rr:T", "-5")
        let r = await runCLI(["actors", "route", "--type", "T", "--strategy", "round-robin", "--apply", "-o", "json"], redis: server)
        #expect(r.code == 0, "\(r.stderr)")
        // -5 mod 3 = 1 → the second id by sort order.
        #expect(try JSONValue.parse(r.stdout)["actorId"]?.stringValue == "b")
        _ = try c.command("SET", "loomctl:route:rr:T", "9223372036854775807")
        let full = await runCLI(["actors", "route", "--type", "T", "--strategy", "round-robin", "--apply"], redis: server)
        #expect(full.code == 1)
        #expect(full.stderr.contains("loomctl:route:rr:T"))
        // Nothing applied: the messageCounts are unchanged.
        for id in ["a", "b", "c"] where id != "b" { #expect(try c.command("HGET", "loom:actor:\(id)", "messageCount").string == "0") }
        #expect(try c.command("HGET", "loom:actor:b", "messageCount").string == "1")
    }

    @Test func aMessageCountAtTheMaximumIsNotIncrementedHalfway() async throws {
        let server = try RedisServer()
        let registry = ActorRegistry(redis: try server.connect(), keys: Keyspace())
        try registry.register(ActorRegistration(id: "a", type: "T", workerId: "w", messageCount: .max), heartbeatTTL: 100, publish: false)
        let c = try server.connect()
        let r = await runCLI(["actors", "route", "--type", "T", "--apply"], redis: server)
        #expect(r.code == 1)
        #expect(r.stderr.contains("loom:actor:a") && r.stderr.contains("messageCount"))
        // The heartbeat was not refreshed either (TTL still ≤ 100, not Loom's 300).
        #expect((try c.command("TTL", "loom:actor:heartbeat:a").int ?? 0) <= 100)
    }

    // MARK: Issue 15 item 15: stored ring config and agent bounds

    @Test func invalidStoredRingConfigIsExit1NamingKeyAndField() async throws {
        let server = try RedisServer()
        #expect(await runCLI(["ring", "add", "n1", "--address", "http://n1", "--static", "--yes"], redis: server).code == 0)
        let c = try server.connect()
        _ = try c.command("HSET", "loom:node:ring", "algorithm", "foo")
        let show = await runCLI(["ring", "show", "--no-actors"], redis: server)
        #expect(show.code == 1)
        #expect(show.stderr.contains("loom:node:ring") && show.stderr.contains("algorithm") && show.stderr.contains("foo"))
        #expect(await runCLI(["ring", "cordon", "n1", "--yes"], redis: server).code == 1)
        // `ring configure` repairs a bad config field.
        let fix = await runCLI(["ring", "configure", "--algorithm", "murmur3", "--yes"], redis: server)
        #expect(fix.code == 0, "\(fix.stderr)")
        #expect(await runCLI(["ring", "show", "--no-actors"], redis: server).code == 0)

        _ = try c.command("HSET", "loom:node:ring", "epoch", "abc")
        let epoch = await runCLI(["ring", "show", "--no-actors", "-o", "json"], redis: server)
        #expect(epoch.code == 1)
        #expect(epoch.stderr.contains("loom:node:ring") && epoch.stderr.contains("epoch") && epoch.stderr.contains("abc"))
        #expect(epoch.stderr.contains("bad_data"))
        #expect(await runCLI(["ring", "configure", "--seed", "3", "--yes"], redis: server).code == 1)
    }

    @Test func agentIntervalsOutsideTheirBoundsAreUsageErrors() async throws {
        let server = try RedisServer()
        let base = ["agent", "--node-id", "n", "--address", "http://n", "--once"]
        #expect(await runCLI(base + ["--interval", "1e-9"], redis: server).code == 2)
        #expect(await runCLI(base + ["--interval", "1e9"], redis: server).code == 2)
        #expect(await runCLI(base + ["--ttl", "0.001"], redis: server).code == 2)
        #expect(await runCLI(base + ["--ttl", "1e300"], redis: server).code == 2)
        #expect(await runCLI(base + ["--count-interval", "0"], redis: server).code == 2)
        #expect(await runCLI(base + ["--drain-timeout", "nan"], redis: server).code == 2)
        #expect(try server.connect().command("DBSIZE").int == 0)
        #expect(await runCLI(base + ["--interval", "0.1", "--ttl", "30"], redis: server).code == 0)
        // Out-of-range TTLs for actor writes are usage errors too (Redis would reject EX halfway).
        #expect(await runCLI(["actors", "register", "a", "--type", "t", "--worker", "w", "--ttl", "9223372036854775807"], redis: server).code == 2)
        #expect(await runCLI(["actors", "heartbeat", "a", "--ttl", "0"], redis: server).code == 2)
    }

    // MARK: Issue 15 item 7: all or nothing

    @Test func registerAgainstAStringIndexWritesNothing() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command("SET", "loom:actor:all", "oops")
        let r = await runCLI(["actors", "register", "z1", "--type", "t", "--worker", "w"], redis: server)
        #expect(r.code == 1)
        #expect(r.stderr.contains("loom:actor:all"))
        #expect(try c.command("EXISTS", "loom:actor:z1").int == 0)
        #expect(try c.command("EXISTS", "loom:actor:type:t").int == 0)
        #expect(try c.command("EXISTS", "loom:actor:heartbeat:z1").int == 0)
    }

    @Test func unregisterAgainstAStringIndexDeletesNothing() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        #expect(await runCLI(["actors", "register", "u1", "--type", "t", "--worker", "w"], redis: server).code == 0)
        _ = try c.command("DEL", "loom:actor:all")
        _ = try c.command("SET", "loom:actor:all", "oops")
        let r = await runCLI(["actors", "unregister", "u1", "--yes"], redis: server)
        #expect(r.code == 1)
        #expect(r.stderr.contains("loom:actor:all"))
        #expect(try c.command("EXISTS", "loom:actor:u1").int == 1)
        #expect(try c.command("EXISTS", "loom:actor:heartbeat:u1").int == 1)
        #expect(try c.command("SISMEMBER", "loom:actor:type:t", "u1").int == 1)
        // A wrong-typed TYPE set is named too, and nothing is deleted.
        _ = try c.command("DEL", "loom:actor:all")
        _ = try c.command("SADD", "loom:actor:all", "u1")
        _ = try c.command("DEL", "loom:actor:type:t")
        _ = try c.command("SET", "loom:actor:type:t", "oops")
        let t = await runCLI(["actors", "unregister", "u1", "--yes"], redis: server)
        #expect(t.code == 1)
        #expect(t.stderr.contains("loom:actor:type:t"))
        #expect(try c.command("EXISTS", "loom:actor:u1").int == 1)
    }

    @Test func statusAndHeartbeatOnAStringKeyNameIt() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command("SET", "loom:actor:s1", "not-a-hash")
        let s = await runCLI(["actors", "status", "s1", "busy"], redis: server)
        #expect(s.code == 1)
        #expect(s.stderr.contains("loom:actor:s1"))
        let h = await runCLI(["actors", "heartbeat", "s1"], redis: server)
        #expect(h.code == 1)
        #expect(h.stderr.contains("loom:actor:s1"))
        #expect(try c.command("EXISTS", "loom:actor:heartbeat:s1").int == 0)
    }

    @Test func cordonAtTheMaximumEpochChangesNothing() async throws {
        let server = try RedisServer()
        #expect(await runCLI(["ring", "add", "n1", "--address", "http://n1", "--static", "--yes"], redis: server).code == 0)
        let c = try server.connect()
        _ = try c.command("HSET", "loom:node:ring", "epoch", String(Int64.max))
        let r = await runCLI(["ring", "cordon", "n1", "--yes"], redis: server)
        #expect(r.code == 1)
        #expect(r.stderr.contains("loom:node:ring"))
        #expect(try c.command("HGET", "loom:node:n1", "status").string == "active")
        // The library path (the agent's) refuses inside the script too, before any write.
        let m = NodeMembership(redis: c, keys: Keyspace())
        #expect(throws: MembershipError.self) { try m.apply(.setStatus("n1", .cordoned), expectedEpoch: nil) }
        #expect(try c.command("HGET", "loom:node:n1", "status").string == "active")
        // A wrong-typed membership set is named, and the node hash is not touched.
        _ = try c.command("HSET", "loom:node:ring", "epoch", "3")
        _ = try c.command("DEL", "loom:node:all")
        _ = try c.command("SET", "loom:node:all", "oops")
        var r2 = NodeRecord(id: "n2")
        r2.address = "http://n2"
        #expect(throws: MembershipError.self) { try m.apply(.register(r2, liveness: .permanent), expectedEpoch: nil) }
        #expect(try c.command("EXISTS", "loom:node:n2").int == 0)
        #expect(try c.command("EXISTS", "loom:node:heartbeat:n2").int == 0)
        #expect(try c.command("HGET", "loom:node:ring", "epoch").string == "3")
    }

    // MARK: Issue 15 item 8: race-free registration

    @Test func concurrentRegistrationsUnderTwoTypesNeverBothSucceed() async throws {
        let server = try RedisServer()
        let ids = (0..<200).map { "race-\($0)" }
        let results = ResultBox()
        let threads = ["A", "B"].map { type in
            Thread {
                guard let conn = try? server.connect() else { return }
                let registry = ActorRegistry(redis: conn, keys: Keyspace())
                for id in ids {
                    do {
                        try registry.register(ActorRegistration(id: id, type: type, workerId: "w"), publish: false)
                        results.add(id, type, nil)
                    } catch {
                        results.add(id, type, (error as? RegistryError)?.kind)
                    }
                }
                results.done()
            }
        }
        threads.forEach { $0.start() }
        let deadline = ContinuousClock.now + .seconds(60)
        while results.finished < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(results.finished == 2)
        let c = try server.connect()
        for id in ids {
            let outcomes = results.outcomes(id)
            #expect(outcomes.count == 2)
            #expect(outcomes.filter { $0.1 == nil }.count == 1, "\(id): \(outcomes)")
            #expect(outcomes.filter { $0.1 == .conflict }.count == 1, "\(id): \(outcomes)")
            let winner = try #require(outcomes.first { $0.1 == nil }?.0)
            #expect(try c.command("HGET", "loom:actor:\(id)", "actorType").string == winner)
            let inA = try c.command("SISMEMBER", "loom:actor:type:A", id).int == 1
            let inB = try c.command("SISMEMBER", "loom:actor:type:B", id).int == 1
            #expect(inA != inB, "\(id) is in both type sets")
        }
    }

    @Test func reRegisteringUnderAnotherTypeIsRefusedOrMoved() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        #expect(await runCLI(["actors", "register", "x", "--type", "A", "--worker", "w"], redis: server).code == 0)
        let refused = await runCLI(["actors", "register", "x", "--type", "B", "--worker", "w2"], redis: server)
        #expect(refused.code == 6)
        #expect(refused.stderr.contains("--retype"))
        #expect(try c.command("HGET", "loom:actor:x", "workerId").string == "w")
        #expect(await runCLI(["actors", "register", "x", "--type", "B", "--worker", "w", "--dry-run"], redis: server).code == 6)
        let moved = await runCLI(["actors", "register", "x", "--type", "B", "--worker", "w2", "--retype"], redis: server)
        #expect(moved.code == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("moved from type A"))
        #expect(try c.command("SISMEMBER", "loom:actor:type:A", "x").int == 0)
        #expect(try c.command("SISMEMBER", "loom:actor:type:B", "x").int == 1)
        #expect(try c.command("HGET", "loom:actor:x", "actorType").string == "B")
        // Same type again: an update, not a conflict.
        #expect(await runCLI(["actors", "register", "x", "--type", "B", "--worker", "w3"], redis: server).code == 0)
        #expect(try c.command("HGET", "loom:actor:x", "workerId").string == "w3")
    }

    // MARK: Issue 15 item 3: dev seed

    @Test func seedRefusesANonEmptyRegistryAndNeverOverwrites() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        #expect(await runCLI(["actors", "register", "order-processor-00", "--type", "order-processor", "--worker", "real-worker",
            "--metadata", #"{"name":"real"}"#], redis: server).code == 0)
        _ = try c.command("HSET", "loom:actor:collide-1", "actorId", "collide-1", "actorType", "real")

        let refused = await runCLI(["dev", "seed", "--actors", "50", "--yes"], redis: server)
        #expect(refused.code == 6)
        #expect(refused.stderr.contains("not empty"))
        #expect(try c.command("SCARD", "loom:actor:all").int == 1)

        let forced = await runCLI(["dev", "seed", "--actors", "50", "--yes", "--force", "-o", "json"], redis: server)
        #expect(forced.code == 0, "\(forced.stderr)")
        let summary = try JSONValue.parse(forced.stdout)
        #expect(summary["actors"]?.intValue == 49)
        let skipped = summary["skipped"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(skipped.contains("order-processor-00") && skipped.contains("collide-1"))
        #expect(try c.command("HGET", "loom:actor:order-processor-00", "workerId").string == "real-worker")
        #expect(try c.command("HGET", "loom:actor:order-processor-00", "metadata").string == #"{"name":"real"}"#)
        #expect(try c.command("TYPE", "loom:actor:collide-1").string == "hash")
        #expect(try c.command("HGET", "loom:actor:collide-1", "actorType").string == "real")
        #expect(try c.command("HGET", "loom:actor:order-processor-05", "actorType").string == "order-processor")
    }

    @Test func seedConfirmsLikeEveryMutationAndSupportsDryRun() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        let noTTY = await runCLI(["dev", "seed", "--actors", "10"], redis: server)
        #expect(noTTY.code == 2)
        #expect(noTTY.stderr.contains("--yes"))
        let declined = await runCLI(["dev", "seed", "--actors", "10"], redis: server, stdinTerminal: true, answer: "n")
        #expect(declined.code == 1)
        let dry = await runCLI(["dev", "seed", "--actors", "10", "--dry-run"], redis: server)
        #expect(dry.code == 5)
        #expect(try c.command("DBSIZE").int == 0)
        let yes = await runCLI(["dev", "seed", "--actors", "10", "--no-broken"], redis: server, stdinTerminal: true, answer: "y")
        #expect(yes.code == 0, "\(yes.stderr)")
        #expect(try c.command("SCARD", "loom:actor:all").int == 10)
    }

    // MARK: Issue 15 item 6: credentials in node addresses

    @Test func nodeAddressCredentialsAreRedactedInOutputAndLogsButKeptInRedis() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        #expect(await runCLI(["ring", "add", "n1", "--address", "http://ops:hunter22@n1.internal:8080", "--static", "--yes"], redis: server).code == 0)
        let wide = await runCLI(["ring", "show", "--no-actors", "-o", "wide"], redis: server)
        #expect(wide.code == 0)
        #expect(!wide.stdout.contains("hunter22") && wide.stdout.contains("n1.internal:8080"))
        let json = await runCLI(["ring", "show", "--no-actors", "-o", "json"], redis: server)
        #expect(!json.stdout.contains("hunter22") && !json.stdout.contains("ops:"))
        #expect(try c.command("HGET", "loom:node:n1", "address").string == "http://ops:hunter22@n1.internal:8080")

        let agent = await runCLI(["agent", "--node-id", "n2", "--address", "http://ops:s3cretpw@n2:8080",
            "--health-url", "http://tok3nvalue@127.0.0.1:1/health", "--once"], redis: server)
        #expect(agent.code == 0, "\(agent.stderr)")
        #expect(!agent.stderr.contains("s3cretpw") && !agent.stderr.contains("tok3nvalue"))
        #expect(agent.stderr.contains("n2:8080"))
        #expect(!(try c.command("HGET", "loom:node:n2", "healthDetail").string ?? "").contains("tok3nvalue"))
    }

    @Test func nodeAddressRedactionByStructure() {
        #expect(Redact.nodeAddress("http://user:pw@host:8080/x") == "http://***@host:8080/x")
        #expect(Redact.nodeAddress("https://token@host") == "https://***@host")
        #expect(Redact.nodeAddress("user:pw@host:8080") == "***@host:8080")
        #expect(Redact.nodeAddress("http://host:8080/health?key=abc") == "http://host:8080/health?key=***")
        #expect(Redact.nodeAddress("http://host:8080") == "http://host:8080")
        #expect(Redact.nodeAddress("") == "")
    }

    // MARK: Issue 14 item 2: round-robin preview follows Loom's SMEMBERS order

    @Test func roundRobinPreviewTakesTheFirstSetMemberLikeLoom() async throws {
        let server = try RedisServer()
        let registry = ActorRegistry(redis: try server.connect(), keys: Keyspace())
        for id in ["101", "7", "42", "3000"] { try registry.register(ActorRegistration(id: id, type: "T", workerId: "w"), publish: false) }
        let c = try server.connect()
        let smembers = try c.command("SMEMBERS", "loom:actor:type:T").array?.compactMap(\.string) ?? []
        #expect(smembers.first == "7")  // an intset: Redis returns it in numeric order
        let r = await runCLI(["actors", "route", "--type", "T", "--strategy", "round-robin", "-o", "json"], redis: server)
        #expect(r.code == 0)
        #expect(try JSONValue.parse(r.stdout)["actorId"]?.stringValue == smembers.first)
        // A busy first member is skipped, as Loom's filter does.
        try registry.setStatus("7", "busy", publish: false)
        let busy = await runCLI(["actors", "route", "--type", "T", "--strategy", "round-robin", "-o", "json"], redis: server)
        #expect(try JSONValue.parse(busy.stdout)["actorId"]?.stringValue == smembers.dropFirst().first)
        // The preview writes nothing.
        #expect(try c.command("EXISTS", "loomctl:route:rr:T").int == 0)
        let help = await runCLI(["actors", "route", "--help"])
        #expect(help.stdout.contains("PREVIEW") && help.stdout.contains("cursor"))
    }

    // MARK: Issue 14 item 4: events pass through as published

    @Test func watchPassesEventsWithMissingFieldsThrough() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        let payload = #"{"type":"actor:status-changed","actorId":"ghost","timestamp":"2026-01-18T10:00:00.000Z","data":{"status":"busy"}}"#
        async let watched = runCLI(["actors", "watch", "-o", "jsonl", "--count", "1"], redis: server)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try c.command("PUBSUB", "NUMSUB", Keyspace.actorEventsChannel).array?.last?.int ?? 0) > 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        _ = try c.command("PUBLISH", Keyspace.actorEventsChannel, payload)
        let r = await watched
        #expect(r.code == 0)
        let line = try JSONValue.parse(r.stdout.trimmingCharacters(in: .newlines))
        #expect(line == (try JSONValue.parse(payload)))
        #expect(!r.stdout.contains("actorType") && !r.stdout.contains("workerId"))
    }

    @Test func statusOnAPartialHashPublishesWithoutTheMissingFields() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command("HSET", "loom:actor:zombie", "status", "idle")
        let events = try await captureEvents(server, count: 1) {
            #expect(await runCLI(["actors", "status", "zombie", "busy"], redis: server).code == 0)
        }
        #expect(events.first?.type == "actor:status-changed")
        #expect(events.first?.actorType == nil && events.first?.workerId == nil)
        #expect(events.first?.json()["actorType"] == nil)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(String, String, ErrorKind?)] = []
    private var doneCount = 0
    func add(_ id: String, _ type: String, _ kind: ErrorKind?) { lock.withLock { list.append((id, type, kind)) } }
    func done() { lock.withLock { doneCount += 1 } }
    var finished: Int { lock.withLock { doneCount } }
    func outcomes(_ id: String) -> [(String, ErrorKind?)] { lock.withLock { list.filter { $0.0 == id }.map { ($0.1, $0.2) } } }
}
