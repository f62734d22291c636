import Foundation
import LoomCore
import LoomRedis
import LoomRing
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry
import LoomMembership

@Suite("ring commands offline (no Redis)")
struct RingOfflineTests {
    @Test func showComputesPointsAndShares() async throws {
        let r = await runCLI(["ring", "show", "--nodes", "a,b:2,c", "-o", "json"])
        #expect(r.code == 0)
        let doc = try JSONValue.parse(r.stdout)
        #expect(doc["source"]?.stringValue == "offline")
        #expect(doc["epoch"]?.intValue == 0)
        let nodes = try #require(doc["nodes"]?.arrayValue)
        #expect(nodes.map { $0["points"]?.intValue } == [150, 300, 150])
        let total = nodes.compactMap { $0["sharePercent"]?.doubleValue }.reduce(0, +)
        #expect(abs(total - 100) < 1e-9)
        #expect(doc["actors"] == .null)

        let keyed = try JSONValue.parse(await runCLI(["ring", "show", "--nodes", "a,b:2,c", "--keys", "3000", "-o", "json"]).stdout)
        #expect(keyed["nodes"]?.arrayValue?.compactMap { $0["shouldOwn"]?.intValue }.reduce(0, +) == 3000)
        #expect((keyed["imbalance"]?.doubleValue ?? 0) > 1)
        #expect(keyed["misplaced"] == .null)

        let table = await runCLI(["ring", "show", "--nodes", "a,b:2,c"])
        #expect(table.stdout.contains("EPOCH 0"))
        #expect(table.stdout.contains("SHOULD-OWN"))
        #expect(table.stdout.contains("SOURCE"))
        let names = await runCLI(["ring", "show", "--nodes", "a,b:2,c", "-o", "name"])
        #expect(names.stdout == "a\nb\nc\n")
    }

    @Test func lookupMatchesTheLibraryInEveryFormat() async throws {
        let ring = try HashRing(nodes: RingNode.parseList("a,b:2,c"))
        let ids = ["order-1", "user:42", "актор-é"]
        let json = await runCLI(["ring", "lookup", "--nodes", "a,b:2,c"] + ids + ["-o", "json"])
        #expect(json.code == 0)
        let rows = try #require(try JSONValue.parse(json.stdout).arrayValue)
        for (row, id) in zip(rows, ids) {
            let order = ring.lookup(key: id, count: 3)
            #expect(row["owner"]?.stringValue == order[0])
            #expect(row["fallbacks"]?.arrayValue?.compactMap(\.stringValue) == Array(order.dropFirst()))
            #expect(row["hash"]?.intValue == Int64(MurmurHash3.x86_32(id)))
        }
        let jsonl = await runCLI(["ring", "lookup", "--nodes", "a,b:2,c"] + ids + ["-o", "jsonl"])
        #expect(try jsonLines(jsonl.stdout).count == 3)
        let yaml = await runCLI(["ring", "lookup", "--nodes", "a,b:2,c", "order-1", "-o", "yaml"])
        #expect(yaml.stdout.hasPrefix("- actorId: order-1"))
        let name = await runCLI(["ring", "lookup", "--nodes", "a,b:2,c"] + ids + ["-o", "name"])
        #expect(name.stdout.split(separator: "\n").map(String.init) == ids.map { ring.owner(of: $0)! })
        let table = await runCLI(["ring", "lookup", "--nodes", "a,b:2,c", "order-1", "--fallbacks", "1"])
        #expect(table.stdout.contains("OWNER") && table.stdout.contains("FALLBACKS"))
        let wide = await runCLI(["ring", "lookup", "--nodes", "a,b:2,c", "order-1", "-o", "wide"])
        #expect(wide.stdout.contains("EPOCH"))
        // ketama mode agrees with the library's ketama ring.
        let k = try HashRing(nodes: RingNode.parseList("a,b:2,c"), config: RingConfig(algorithm: .ketama))
        let kj = try JSONValue.parse(await runCLI(["ring", "lookup", "--nodes", "a,b:2,c", "--algorithm", "ketama", "order-1", "-o", "json"]).stdout)
        #expect(kj.arrayValue?.first?["owner"]?.stringValue == k.owner(of: "order-1"))
    }

    @Test func simulateMovesAboutTheIdealFraction() async throws {
        let nodes = (0..<10).map { "n\($0)" }.joined(separator: ",")
        let r = await runCLI(["ring", "simulate", "--nodes", nodes, "--add", "n10", "--keys", "50000", "--compare", "-o", "json"])
        #expect(r.code == 0)
        let doc = try JSONValue.parse(r.stdout)
        let moved = try #require(doc["movedFraction"]?.doubleValue)
        #expect(abs(moved - 1.0 / 11) < 0.02)
        #expect(abs((doc["idealFraction"]?.doubleValue ?? 0) - 1.0 / 11) < 1e-9)
        // Adding a node only moves actors TO it.
        #expect(doc["movements"]?.arrayValue?.allSatisfy { $0["to"]?.stringValue == "n10" } == true)
        #expect(doc["comparison"]?.arrayValue?.compactMap { $0["strategy"]?.stringValue } == ["ring", "jump", "rendezvous"])
        let table = await runCLI(["ring", "simulate", "--nodes", nodes, "--remove", "n3", "--keys", "1000"])
        #expect(table.code == 0)
        #expect(table.stdout.contains("FROM") && table.stdout.contains("DELTA"))
    }

    @Test func usageErrorsExit2AndUnknownNodesExit3() async {
        #expect(await runCLI(["ring", "show", "--nodes", "a,,b"]).code == 2)
        #expect(await runCLI(["ring", "show", "--nodes", "a:0"]).code == 2)
        #expect(await runCLI(["ring", "simulate", "--nodes", "a,b"]).code == 2)
        #expect(await runCLI(["ring", "simulate", "--nodes", "a,b", "--add", "b"]).code == 2)
        #expect(await runCLI(["ring", "simulate", "--nodes", "a,b", "--remove", "zz"]).code == 3)
        #expect(await runCLI(["ring", "show", "--nodes", "a", "--load-factor", "0.5"]).code == 2)
        #expect(await runCLI(["ring", "lookup", "--nodes", "a"]).code == 2)
        let json = await runCLI(["ring", "show", "--nodes", "a,,b", "-o", "json"])
        #expect(json.stderr.contains("\"exitCode\":2"))
    }

    @Test func unreachableRedisExits7() async {
        let r = await runCLI(["ring", "show", "--redis", "redis://127.0.0.1:1", "--timeout", "1"])
        #expect(r.code == 7)
        #expect(await runCLI(["ring", "cordon", "a", "--redis", "redis://127.0.0.1:1", "--timeout", "1"]).code == 7)
    }
}

@Suite("ring commands against a real redis-server")
struct RingRedisTests {
    let redis: RedisServer

    init() throws {
        redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 600, types: 3, workers: 3, staleFraction: 0.1, broken: false))
    }

    func add(_ ids: [String]) async {
        for id in ids {
            let r = await runCLI(["ring", "add", id, "--address", "http://\(id):8080", "--static", "--yes"], redis: redis)
            #expect(r.code == 0, "\(r.stderr)")
        }
    }

    func show() async throws -> JSONValue {
        try JSONValue.parse(await runCLI(["ring", "show", "-o", "json"], redis: redis).stdout)
    }

    @Test func inferredNodesUntilNodesAreRegistered() async throws {
        let before = try await show()
        #expect(before["source"]?.stringValue == "inferred")
        #expect(before["nodes"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["worker-1", "worker-2", "worker-3"])
        #expect(before["actors"]?.intValue == 600)
        let table = await runCLI(["ring", "show"], redis: redis)
        #expect(table.stdout.contains("inferred"))

        await add(["worker-1", "worker-2", "worker-3"])
        let after = try await show()
        #expect(after["source"]?.stringValue == "agent")
        #expect(after["epoch"]?.intValue == 3)
        let nodes = try #require(after["nodes"]?.arrayValue)
        #expect(nodes.compactMap { $0["shouldOwn"]?.intValue }.reduce(0, +) == 600)
        #expect(nodes.compactMap { $0["hosts"]?.intValue }.reduce(0, +) == 600)
        #expect(nodes.allSatisfy { $0["live"]?.boolValue == true })

        // ring misplaced lists exactly the actors whose workerId is not the owner.
        let mis = try jsonLines(await runCLI(["ring", "misplaced", "-o", "jsonl"], redis: redis).stdout)
        #expect(Int64(mis.count) == after["misplaced"]?.intValue)
        #expect(mis.allSatisfy { $0["workerId"]?.stringValue != $0["owner"]?.stringValue })
        let limited = await runCLI(["ring", "misplaced", "--limit", "5", "-o", "name"], redis: redis)
        #expect(limited.stdout.split(separator: "\n").count == 5)

        // lookup shows where the actor lives now.
        let look = try JSONValue.parse(await runCLI(["ring", "lookup", "order-processor-000", "-o", "json"], redis: redis).stdout)
        #expect(look.arrayValue?.first?["hostedOn"]?.stringValue?.hasPrefix("worker-") == true)
        #expect(look.arrayValue?.first?["epoch"]?.intValue == 3)
    }

    @Test func membershipChangesDryRunConfirmationAndExitCodes() async throws {
        await add(["a", "b", "c"])
        // Adding the same node again changes nothing.
        #expect(await runCLI(["ring", "add", "a", "--address", "http://a:8080", "--static", "--yes"], redis: redis).code == 0)
        #expect(await runCLI(["ring", "add", "a", "--address", "http://other", "--yes"], redis: redis).code == 2)

        let dry = await runCLI(["ring", "cordon", "b", "--dry-run"], redis: redis)
        #expect(dry.code == 5)
        #expect(dry.stdout.contains("node/b would be cordoned (dry run)"))
        #expect(dry.stdout.contains("would change owner"))
        #expect(try await show()["epoch"]?.intValue == 3)

        // No terminal and no --yes: refused (usage, exit 2), nothing changed.
        let refused = await runCLI(["ring", "cordon", "b"], redis: redis)
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("--yes"))
        // A terminal that answers y.
        let confirmed = await runCLI(["ring", "cordon", "b"], redis: redis, stdinTerminal: true, answer: "y")
        #expect(confirmed.code == 0)
        #expect(confirmed.stdout.contains("node/b cordoned"))
        let s = try await show()
        #expect(s["epoch"]?.intValue == 4)
        #expect(s["nodes"]?.arrayValue?.first { $0["id"]?.stringValue == "b" }?["shouldOwn"]?.intValue == 0)

        // Already cordoned: nothing to do, and a dry run has no changes → 0.
        #expect(await runCLI(["ring", "cordon", "b", "--yes"], redis: redis).code == 0)
        #expect(await runCLI(["ring", "cordon", "b", "--dry-run"], redis: redis).code == 0)
        #expect(try await show()["epoch"]?.intValue == 4)

        // A stale pinned epoch is a conflict (6), in dry runs too.
        let stale = await runCLI(["ring", "uncordon", "b", "--epoch", "3", "--yes"], redis: redis)
        #expect(stale.code == 6)
        #expect(stale.stderr.contains("ring epoch"))
        #expect(await runCLI(["ring", "uncordon", "b", "--epoch", "3", "--dry-run"], redis: redis).code == 6)
        #expect(await runCLI(["ring", "uncordon", "b", "--epoch", "4", "--yes"], redis: redis).code == 0)

        #expect(await runCLI(["ring", "cordon", "nope", "--yes"], redis: redis).code == 3)
        #expect(await runCLI(["ring", "remove", "nope", "--yes"], redis: redis).code == 3)
        #expect(await runCLI(["ring", "add", "all", "--address", "x", "--yes"], redis: redis).code == 2)

        let removeDry = await runCLI(["ring", "remove", "c", "--dry-run", "-o", "json"], redis: redis)
        #expect(removeDry.code == 5)
        let plan = try JSONValue.parse(removeDry.stdout)
        #expect(plan.arrayValue?.first?["detail"]?["placement"]?["moved"]?.intValue ?? 0 > 0)
        #expect(await runCLI(["ring", "remove", "c", "--yes"], redis: redis).code == 0)
        #expect(try await show()["nodes"]?.arrayValue?.count == 2)

        // Ring configuration lives under the same epoch.
        let e = try await show()["epoch"]?.intValue ?? 0
        #expect(await runCLI(["ring", "configure", "--load-factor", "1.25", "--dry-run"], redis: redis).code == 5)
        #expect(await runCLI(["ring", "configure", "--load-factor", "1.25", "--yes"], redis: redis).code == 0)
        let cfg = try await show()
        #expect(cfg["loadFactor"]?.doubleValue == 1.25)
        #expect(cfg["epoch"]?.intValue == e + 1)
        #expect(await runCLI(["ring", "configure", "--load-factor", "1.25", "--dry-run"], redis: redis).code == 0)
    }

    /// Two operators plan against the same epoch: the second apply is refused with exit 6.
    @Test func twoOperatorsWithTheSameEpoch() async throws {
        await add(["x", "y"])
        let epoch = try await show()["epoch"]?.intValue ?? -1
        async let first = runCLI(["ring", "cordon", "x", "--epoch", String(epoch), "--yes"], redis: redis)
        async let second = runCLI(["ring", "cordon", "y", "--epoch", String(epoch), "--yes"], redis: redis)
        let codes = await [first.code, second.code].sorted()
        #expect(codes == [0, 6])
        #expect(try await show()["epoch"]?.intValue == epoch + 1)
    }

    @Test func removingANodeWithALiveAgentNeedsForce() async throws {
        let conn = try redis.connect()
        try NodeMembership(redis: conn, keys: Keyspace()).apply(.register(NodeRecord(id: "agented"), liveness: .ttl(milliseconds: 60_000)), expectedEpoch: nil)
        #expect(await runCLI(["ring", "remove", "agented", "--yes"], redis: redis).code == 6)
        #expect(await runCLI(["ring", "remove", "agented", "--yes", "--force"], redis: redis).code == 0)
    }

    @Test func watchAppendsJSONLinesWhenNotATerminal() async throws {
        let r = await runCLI(["ring", "show", "--watch", "--interval", "0.1", "--count", "2", "--no-actors"], redis: redis)
        #expect(r.code == 0)
        let lines = try jsonLines(r.stdout)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0["timestamp"]?.stringValue != nil && $0["epoch"] != nil })
    }

    @Test func ctrlCOnWatchExits130() async throws {
        let server = redis
        let task = Task { await runCLI(["ring", "show", "--watch", "--interval", "0.2", "--no-actors", "-o", "jsonl"], redis: server) }
        try await Task.sleep(for: .milliseconds(500))
        task.cancel()
        let r = await task.value
        #expect(r.code == 130)
        #expect(r.stderr.contains("interrupted"))
    }

    @Test func aCorruptRingKeyIsAnOtherError() async throws {
        let conn = try redis.connect()
        _ = try conn.command("SET", "loom:node:ring", "not-a-hash")
        let r = await runCLI(["ring", "show", "--no-actors", "-o", "json"], redis: redis)
        #expect(r.code == 1)
        #expect(r.stderr.contains("WRONGTYPE"))
        _ = try conn.command("DEL", "loom:node:ring")
    }

    @Test func keyPrefixAndNodePrefixAreHonoured() async throws {
        let r = await runCLI(["ring", "add", "p1", "--address", "x", "--static", "--yes", "--key-prefix", "t1:", "--node-prefix", "cluster:nodes"], redis: redis)
        #expect(r.code == 0)
        let conn = try redis.connect()
        #expect(try conn.command("SISMEMBER", "t1:cluster:nodes:all", "p1").int == 1)
        #expect(try conn.command("HGET", "t1:cluster:nodes:ring", "epoch").string == "1")
        #expect(try conn.command("EXISTS", "loom:node:all").int == 0)
    }
}

@Suite("ring zones (offline)")
struct RingZoneCommandTests {
    static let grid = (0..<9).map { "n\($0)@z\($0 % 3)" }.joined(separator: ",")

    @Test func lookupSpreadsFallbacksOverZones() async throws {
        let ids = (0..<200).map { "actor-\($0)" }
        let r = await runCLI(["ring", "lookup", "--nodes", Self.grid, "--fallbacks", "2", "-o", "json"] + ids)
        #expect(r.code == 0)
        let rows = try #require(try JSONValue.parse(r.stdout).arrayValue)
        #expect(rows.count == 200)
        for row in rows {
            let zones = row["zones"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(Set(zones).count == 3)
            let order = [row["owner"]?.stringValue ?? ""] + (row["fallbacks"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(order.map { "z\(Int($0.dropFirst())! % 3)" } == zones)
        }
        let wide = await runCLI(["ring", "lookup", "--nodes", Self.grid, "actor-1", "-o", "wide"])
        #expect(wide.stdout.contains("ZONES"))
    }

    @Test func showReportsZoneShares() async throws {
        let r = await runCLI(["ring", "show", "--nodes", Self.grid + ",big:3@z0", "--keys", "9000", "-o", "json"])
        #expect(r.code == 0)
        let doc = try JSONValue.parse(r.stdout)
        let zones = try #require(doc["zones"]?["zones"]?.arrayValue)
        #expect(zones.compactMap { $0["zone"]?.stringValue } == ["z0", "z1", "z2"])
        #expect(zones.compactMap { $0["shouldOwn"]?.intValue }.reduce(0, +) == 9000)
        #expect(abs(zones.compactMap { $0["sharePercent"]?.doubleValue }.reduce(0, +) - 100) < 1e-9)
        #expect(abs((zones.first?["idealPercent"]?.doubleValue ?? 0) - 50) < 1e-9)
        #expect((doc["zones"]?["shareImbalance"]?.doubleValue ?? 0) >= 1)
        #expect((doc["zones"]?["actorImbalance"]?.doubleValue ?? 0) >= 1)
        let table = await runCLI(["ring", "show", "--nodes", Self.grid, "--keys", "900"])
        #expect(table.stdout.contains("ZONE-IMBALANCE share"))
        #expect(table.stdout.contains("z1"))
    }

    @Test func simulateRemoveZoneMovesOnlyThatZone() async throws {
        let r = await runCLI(["ring", "simulate", "--nodes", Self.grid, "--remove-zone", "z1", "--keys", "20000", "-o", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let doc = try JSONValue.parse(r.stdout)
        #expect(doc["remove"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["n1", "n4", "n7"])
        let zones = try #require(doc["zones"]?.arrayValue)
        let z1 = try #require(zones.first { $0["zone"]?.stringValue == "z1" })
        #expect(z1["after"]?.intValue == 0)
        #expect(doc["moved"]?.intValue == z1["before"]?.intValue)
        for m in doc["movements"]?.arrayValue ?? [] {
            #expect(["n1", "n4", "n7"].contains(m["from"]?.stringValue ?? ""))
        }
        let missing = await runCLI(["ring", "simulate", "--nodes", Self.grid, "--remove-zone", "nope"])
        #expect(missing.code == 3)
        #expect(missing.stderr.contains("no node is in zone 'nope'"))
        let table = await runCLI(["ring", "simulate", "--nodes", Self.grid, "--remove-zone", "z0", "--keys", "3000"])
        #expect(table.stdout.contains("ZONE") && table.stdout.contains("z0"))
    }
}
