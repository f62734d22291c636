import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

@Suite("actors commands against a real redis-server")
struct ActorsCommandTests {
    let redis: RedisServer

    init() throws {
        redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 60, types: 3, workers: 2, staleFraction: 0.2))
    }

    @Test func listPrintsTableWithHeadersAndAllSeededActors() async throws {
        let r = await runCLI(["actors", "list"], redis: redis)
        #expect(r.code == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.first?.contains("LAST-HEARTBEAT") == true)
        // 60 seeded + bad-metadata-1, bad-count-1, partial-1, tenant:42:actor-7, the unicode id.
        #expect(lines.count == 1 + 65)
        #expect(r.stdout.contains("tenant:42:actor-7"))
        #expect(r.stdout.contains("актор-日本-é"))
        // Broken records are reported on stderr, not dropped.
        #expect(r.stderr.contains("dangling"))
        #expect(r.stderr.contains("collision"))
    }

    @Test func listFiltersByTypeStatusAndLiveness() async throws {
        let all = try jsonLines(await runCLI(["actors", "list", "-o", "jsonl"], redis: redis).stdout)
        let orders = try jsonLines(await runCLI(["actors", "list", "--type", "order-processor", "-o", "jsonl"], redis: redis).stdout)
        #expect(!orders.isEmpty)
        #expect(orders.allSatisfy { $0["type"]?.stringValue == "order-processor" })
        #expect(orders.count == all.filter { $0["type"]?.stringValue == "order-processor" }.count)

        let stale = try jsonLines(await runCLI(["actors", "list", "--stale", "-o", "jsonl"], redis: redis).stdout)
        let live = try jsonLines(await runCLI(["actors", "list", "--live", "-o", "jsonl"], redis: redis).stdout)
        #expect(stale.allSatisfy { $0["live"]?.boolValue == false })
        #expect(live.allSatisfy { $0["live"]?.boolValue == true })
        #expect(stale.count + live.count == all.count)
        #expect(!stale.isEmpty)

        let busy = try jsonLines(await runCLI(["actors", "list", "--status", "busy", "--worker", "worker-1", "-o", "jsonl"], redis: redis).stdout)
        #expect(busy.allSatisfy { $0["status"]?.stringValue == "busy" && $0["workerId"]?.stringValue == "worker-1" })
    }

    @Test func everyOutputFormat() async throws {
        let json = await runCLI(["actors", "list", "--type", "inventory-sync", "-o", "json"], redis: redis)
        #expect(json.code == 0)
        let doc = try JSONValue.parse(json.stdout)
        #expect((doc.arrayValue?.count ?? 0) > 0)

        let empty = await runCLI(["actors", "list", "--type", "no-such-type", "-o", "json"], redis: redis)
        #expect(empty.code == 0)
        #expect(try JSONValue.parse(empty.stdout) == .array([]))

        let yaml = await runCLI(["actors", "list", "--type", "inventory-sync", "-o", "yaml"], redis: redis)
        #expect(yaml.stdout.hasPrefix("- id: "))

        let names = await runCLI(["actors", "list", "--type", "inventory-sync", "-o", "name", "--sort-by", "id"], redis: redis)
        let ids = names.stdout.split(separator: "\n").map(String.init)
        #expect(ids == ids.sorted())
        #expect(ids.count == (doc.arrayValue?.count ?? -1))

        let noHeaders = await runCLI(["actors", "list", "--no-headers", "--limit", "3"], redis: redis)
        #expect(noHeaders.stdout.split(separator: "\n").count == 3)
        #expect(!noHeaders.stdout.contains("LAST-HEARTBEAT"))

        let wide = await runCLI(["actors", "list", "-o", "wide", "--limit", "2"], redis: redis)
        #expect(wide.stdout.contains("CATEGORY"))
    }

    @Test func globalFlagsBeforeAndAfterTheSubcommand() async throws {
        let before = await runCLI(["--redis", redis.url, "-o", "name", "actors", "list", "--sort-by", "id"])
        let after = await runCLI(["actors", "list", "--sort-by", "id", "--redis", redis.url, "-o", "name"])
        #expect(before.code == 0)
        #expect(before.stdout == after.stdout)
        #expect(!before.stdout.isEmpty)
    }

    @Test func getFoundMissingAndCollision() async throws {
        let one = await runCLI(["actors", "get", "tenant:42:actor-7", "-o", "json"], redis: redis)
        #expect(one.code == 0)
        #expect(try JSONValue.parse(one.stdout)["id"]?.stringValue == "tenant:42:actor-7")

        let missing = await runCLI(["actors", "get", "tenant:42:actor-7", "nope", "-o", "json"], redis: redis)
        #expect(missing.code == 3)
        #expect(try JSONValue.parse(missing.stdout).arrayValue?.count == 1)
        #expect(missing.stderr.contains("\"code\":\"not_found\""))
        #expect(missing.stderr.contains("\"exitCode\":3"))

        let collision = await runCLI(["actors", "get", "collide-1"], redis: redis)
        #expect(collision.code == 3)
        #expect(collision.stderr.contains("non-hash"))

        let bad = await runCLI(["actors", "get", "bad-metadata-1", "-o", "json"], redis: redis)
        let problems = try JSONValue.parse(bad.stdout)["problems"]?.arrayValue ?? []
        #expect(problems.contains { $0.stringValue?.contains("metadata is not valid JSON") == true })
    }

    @Test func statsCountsAndAnomalies() async throws {
        let r = await runCLI(["actors", "stats", "-o", "json"], redis: redis)
        #expect(r.code == 0)
        let s = try JSONValue.parse(r.stdout)
        #expect(s["totalActors"]?.intValue == 65)
        let byKind = s["anomalies"]?["byKind"]
        #expect(byKind?["dangling"]?.intValue == 1)
        #expect(byKind?["collision"]?.intValue == 1)
        #expect(byKind?["zombie"]?.intValue == 2)
        #expect((byKind?["bad-record"]?.intValue ?? 0) >= 3)
        let types = s["actorsByType"]?.objectValue?.map(\.0) ?? []
        #expect(types.contains("order-processor"))
        let table = await runCLI(["actors", "stats"], redis: redis)
        #expect(table.stdout.contains("ANOMALIES: "))
    }

    /// A database over the walk budget: by default stats reads the indexes only and says so;
    /// `--exact` walks the keyspace and finds the hash outside them.
    @Test func statsSkipsTheKeyspaceWalkOnALargeDatabaseUnlessExact() async throws {
        let conn = try redis.connect()
        _ = try conn.command(["EVAL", "for i = 1, tonumber(ARGV[1]) do redis.call('SET', 'other:' .. i, '1') end", "0",
            String(RegistryStats.walkBudgetKeys + 1)])
        _ = try conn.command(["HSET", "loom:actor:lost", "actorType", "svc", "workerId", "w1", "status", "idle", "messageCount", "0",
            "lastHeartbeat", "2026-01-01T00:00:00.000Z"])
        let fast = try JSONValue.parse(await runCLI(["actors", "stats", "-o", "json"], redis: redis).stdout)
        #expect(fast["keyspaceScanned"]?.boolValue == false)
        #expect(fast["anomalies"]?["byKind"]?["unindexed"]?.intValue == 0)
        #expect(fast["notChecked"]?.arrayValue?.compactMap(\.stringValue).contains("unindexed") == true)
        #expect(fast["totalActors"]?.intValue == 65)
        let exact = try JSONValue.parse(await runCLI(["actors", "stats", "--exact", "-o", "json"], redis: redis).stdout)
        #expect(exact["keyspaceScanned"]?.boolValue == true)
        #expect(exact["anomalies"]?["byKind"]?["unindexed"]?.intValue == 1)
        #expect(exact["actorsByType"] == fast["actorsByType"] && exact["indexed"] == fast["indexed"])
        let table = await runCLI(["actors", "stats"], redis: redis)
        #expect(table.code == 0)
        #expect(table.stdout.contains("(indexed actors only: the database holds "))
        #expect(table.stdout.contains("--exact also walks the keyspace for zombie/unindexed hashes"))
    }
}
