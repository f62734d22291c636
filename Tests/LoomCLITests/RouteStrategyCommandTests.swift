import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// `actors route` with the node-aware strategies against a real Redis holding node records
/// written the way the agent writes them (N:{id} hash + heartbeat key).
@Suite("actors route: node-aware strategies")
struct RouteStrategyCommandTests {
    static func seed(_ server: RedisServer) throws -> RedisConnection {
        let c = try server.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        let keys = Keyspace()
        // node, zone, cpu, mem (nil = the agent did not report it)
        let nodes: [(String, String, String?, String?)] = [("n1", "eu-1", "80", "70"), ("n2", "eu-1", "20", "30"), ("n3", "us-1", "5", "5"), ("n4", "ap-1", nil, nil)]
        for (id, zone, cpu, mem) in nodes {
            var fields = ["nodeId", id, "zone", zone, "capacity", "1", "status", "active", "labels", id == "n2" ? "{\"tier\":\"gold\"}" : "{}"]
            if let cpu { fields += ["cpuPercent", cpu] }
            if let mem { fields += ["memoryPercent", mem] }
            _ = try c.command(["HSET", keys.nodeHash(id)] + fields)
            _ = try c.command(["SADD", keys.nodeAllSet, id])
            _ = try c.command(["SET", keys.nodeHeartbeat(id), "1", "PX", "600000"])
        }
        for (id, node, count) in [("a1", "n1", 0), ("a2", "n2", 9), ("a3", "n3", 4), ("a4", "n4", 0)] {
            try registry.register(ActorRegistration(id: id, type: "svc", workerId: node, status: "idle", messageCount: Int64(count)), publish: false)
        }
        return c
    }

    @Test func nodeLoadPreviewsExplainsAndApplies() async throws {
        let server = try RedisServer()
        let c = try Self.seed(server)
        let preview = await runCLI(["actors", "route", "--type", "svc", "--strategy", "node-load", "-o", "json"], redis: server)
        #expect(preview.code == 0, "\(preview.stderr)")
        let d = try JSONValue.parse(preview.stdout)
        #expect(d["actorId"]?.stringValue == "a3")
        #expect(d["applied"]?.boolValue == false)
        let ranked = try #require(d["ranked"]?.arrayValue)
        #expect(ranked.compactMap { $0["actorId"]?.stringValue } == ["a3", "a2", "a1", "a4"])
        #expect(ranked.last?["score"] == .null && ranked.last?["cpuPercent"] == .null)  // n4 reports nothing: missing, not 0
        #expect(d["reason"]?.stringValue?.contains("a3") == true)
        #expect(try c.command("HGET", "loom:actor:a3", "messageCount").string == "4")  // preview writes nothing

        let table = await runCLI(["actors", "route", "--type", "svc", "--strategy", "node-load"], redis: server)
        #expect(table.stdout.contains("WHY:") && table.stdout.contains("RANK") && table.stdout.contains("missing"))

        let applied = await runCLI(["actors", "route", "--type", "svc", "--strategy", "node-load", "--apply", "-o", "json"], redis: server)
        #expect(applied.code == 0)
        #expect(try JSONValue.parse(applied.stdout)["applied"]?.boolValue == true)
        #expect(try c.command("HGET", "loom:actor:a3", "messageCount").string == "5")
        #expect(try c.command("PTTL", "loom:actor:heartbeat:a3").int ?? 0 > 0)

        // The choice follows the load: n3 gets busy, n2 becomes the lightest.
        _ = try c.command("HSET", "loom:node:n3", "cpuPercent", "99", "memoryPercent", "99")
        let after = try JSONValue.parse(await runCLI(["actors", "route", "--type", "svc", "--strategy", "node-load", "-o", "json"], redis: server).stdout)
        #expect(after["actorId"]?.stringValue == "a2")
    }

    @Test func zoneUsesTheConfigsNearestOrder() async throws {
        let server = try RedisServer()
        let c = try Self.seed(server)
        let inZone = try JSONValue.parse(await runCLI(["actors", "route", "--type", "svc", "--strategy", "zone", "--zone", "eu-1", "-o", "json"], redis: server).stdout)
        #expect(inZone["actorId"]?.stringValue == "a2")  // eu-1, lower load than a1

        // Nobody in ap-2: the config says ap-2's nearest are ap-1 then us-1.
        let dir = TestDirs.fresh()
        let config = dir + "/config.yaml"
        try """
            current-context: t
            contexts:
              - name: t
                redis: \(server.url)
            routing:
              nearest-zones:
                ap-2: [ap-1, us-1]
              strategies:
                - name: gold-light
                  description: gold nodes, light first
                  filters:
                    - {field: node.label.tier, op: eq, value: gold}
                  scores:
                    - {field: node.cpu, weight: 1}
                    - {field: messageCount, weight: 1}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        chmod(config, 0o600)
        let env = ["LOOMCTL_REDIS_URL": ""]
        let near = await runCLI(["actors", "route", "--type", "svc", "--strategy", "zone", "--zone", "ap-2", "--config", config, "-o", "json"], env: env)
        #expect(near.code == 0, "\(near.stderr)")
        let n = try JSONValue.parse(near.stdout)
        #expect(n["actorId"]?.stringValue == "a4")  // ap-1 is nearest even though its load is unknown
        #expect(n["ranked"]?.arrayValue?.first?["tierLabel"]?.stringValue == "nearest zone #1 (ap-1)")
        let flag = try JSONValue.parse(await runCLI(["actors", "route", "--type", "svc", "--strategy", "zone", "--zone", "ap-2", "--near", "us-1",
            "--config", config, "-o", "json"], env: env).stdout)
        #expect(flag["actorId"]?.stringValue == "a3")

        let custom = await runCLI(["actors", "route", "--type", "svc", "--strategy", "custom", "--name", "gold-light", "--apply", "--config", config, "-o", "json"], env: env)
        #expect(custom.code == 0, "\(custom.stderr)")
        let cj = try JSONValue.parse(custom.stdout)
        #expect(cj["actorId"]?.stringValue == "a2")
        #expect(cj["excluded"]?.arrayValue?.count == 3)
        #expect(try c.command("HGET", "loom:actor:a2", "messageCount").string == "10")
        let unknown = await runCLI(["actors", "route", "--type", "svc", "--strategy", "custom", "--name", "nope", "--config", config], env: env)
        #expect(unknown.code == 3 && unknown.stderr.contains("gold-light"))
        #expect(await runCLI(["actors", "route", "--type", "svc", "--strategy", "zone"], redis: server).code == 2)

        let typo = dir + "/typo.yaml"
        try "routing:\n  strategies:\n    - name: x\n      filters:\n        - {field: status, opp: eq}\n".write(toFile: typo, atomically: true, encoding: .utf8)
        chmod(typo, 0o600)
        let t = await runCLI(["actors", "route", "--type", "svc", "--config", typo], redis: server)
        #expect(t.code == 2)
        #expect(t.stderr.contains("unknown key 'routing.strategies.0.filters.0.opp'"))
    }
}
