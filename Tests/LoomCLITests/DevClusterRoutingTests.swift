import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing

/// Issue 16 on a live cluster: `dev node` processes in distinct zones, one of them burning CPU on
/// real jobs (`--cpu-work 1`), the others consuming nothing. The node records carry the CPU the
/// processes really used (their own heartbeats), and `actors route` must follow it, and follow it
/// again when the work moves to another node.
@Suite("dev cluster: routing follows the heartbeated load", .serialized)
struct DevClusterRoutingTests {
    static let type = "order-processor"
    static let common = ["--actors", "40", "--types", "1", "--interval", "0.5", "--ttl", "2", "--node-ttl", "2", "--log-level", "warning"]

    final class Nodes: @unchecked Sendable {
        let h: DevClusterHarness
        var procs: [String: SpawnedProcess] = [:]
        init(_ h: DevClusterHarness) { self.h = h }

        func start(_ id: String, zone: String, busy: Bool) {
            let work = busy ? ["--rate", "40", "--cpu-work", "1"] : ["--rate", "0"]
            procs[id] = SpawnedProcess([ShellBinary.loomctl, "dev", "node", "--node-id", id, "--zone", zone, "--health-port", "0"] + work + DevClusterRoutingTests.common,
                env: h.env)
        }

        /// SIGTERM (drain) and wait for the exit.
        func stop(_ id: String) -> Int32 {
            guard let p = procs[id] else { return -1 }
            kill(p.pid, SIGTERM)
            let r = p.wait(timeout: 30)
            procs[id] = nil
            return r.code
        }

        func killAll() {
            for (_, p) in procs {
                kill(p.pid, SIGKILL)
                _ = p.wait(timeout: 10)
            }
        }
    }

    /// cpuPercent each node last heartbeated (nil = not reported yet).
    static func cpu(_ h: DevClusterHarness, _ id: String) -> Double? {
        (try? h.conn.command(["HGET", h.keys.nodeHash(id), "cpuPercent"]).string).flatMap { $0 }.flatMap(Double.init)
    }

    static func route(_ h: DevClusterHarness, _ args: [String]) throws -> JSONValue {
        let r = h.run(["actors", "route", "--type", type] + args + ["-o", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        return try JSONValue.parse(r.stdout)
    }

    /// The node of the picked actor, and the nodes of the ranked candidates in rank order.
    static func pick(_ v: JSONValue) -> (node: String?, ranked: [String]) {
        let ranked = v["ranked"]?.arrayValue?.compactMap { $0["node"]?.stringValue } ?? []
        return (ranked.first, ranked)
    }

    /// Waits until `busy` heartbeats clearly more CPU than every node in `idle` (3 s of real work).
    static func loadVisible(_ h: DevClusterHarness, busy: String, idle: [String]) -> Bool {
        h.eventually(60) {
            guard let b = cpu(h, busy) else { return false }
            let others = idle.compactMap { cpu(h, $0) }
            return others.count == idle.count && b >= 10 && b > (others.max() ?? 0) + 8
        }
    }

    @Test(.enabled(if: ShellBinary.available), .timeLimit(.minutes(6)))
    func nodeLoadZoneAndCustomStrategiesFollowTheLoadOfLiveNodes() throws {
        let h = try DevClusterHarness()
        let nodes = Nodes(h)
        defer {
            nodes.killAll()
            h.tearDown()
        }
        nodes.start("node-a", zone: "z1", busy: true)
        nodes.start("node-b", zone: "z1", busy: false)
        nodes.start("node-c", zone: "z2", busy: false)
        nodes.start("node-d", zone: "z3", busy: false)
        #expect(try h.eventually(60) { let p = try h.placement(); return p.total == 40 && p.misplaced == 0 && p.notLive == 0 && p.byWorker.count == 4 },
            "\((try? h.placement()).map { "\($0)" } ?? "?")")
        let load = SpawnedProcess([ShellBinary.loomctl, "dev", "load", "--type", Self.type, "--rate", "80", "--duration", "300"], env: h.env)!
        defer {
            kill(load.pid, SIGKILL)
            _ = load.wait(timeout: 10)
        }

        // Phase 1: node-a works, b, c, d are idle.
        #expect(Self.loadVisible(h, busy: "node-a", idle: ["node-b", "node-c", "node-d"]),
            "cpu a=\(Self.cpu(h, "node-a") ?? -1) b=\(Self.cpu(h, "node-b") ?? -1) c=\(Self.cpu(h, "node-c") ?? -1) d=\(Self.cpu(h, "node-d") ?? -1)")
        let nl = Self.pick(try Self.route(h, ["--strategy", "node-load"]))
        print("routing phase 1: cpu a=\(Self.cpu(h, "node-a") ?? -1) b=\(Self.cpu(h, "node-b") ?? -1) c=\(Self.cpu(h, "node-c") ?? -1) d=\(Self.cpu(h, "node-d") ?? -1); node-load picks \(nl.node ?? "-")")
        #expect(nl.node != nil && nl.node != "node-a", "\(nl)")
        // Every candidate on the working node ranks after every candidate on an idle one.
        if let firstA = nl.ranked.firstIndex(of: "node-a") { #expect(nl.ranked[firstA...].allSatisfy { $0 == "node-a" }, "\(nl.ranked)") }
        // Zone z1 holds a working and an idle node: the idle one wins inside the zone.
        let z1 = try Self.route(h, ["--strategy", "zone", "--zone", "z1"])
        #expect(Self.pick(z1).node == "node-b", "\(Self.pick(z1))")
        #expect(z1["ranked"]?.arrayValue?.first?["zone"]?.stringValue == "z1")
        // A zone with no node: --near decides, the load only inside a tier.
        let near = Self.pick(try Self.route(h, ["--strategy", "zone", "--zone", "z9", "--near", "z3,z2"]))
        #expect(near.node == "node-d", "\(near)")

        // Custom: outside z3, lightest CPU first.
        let config = h.stateDir + "/routing.yaml"
        try """
            current-context: t
            contexts:
              - name: t
                redis: \(h.redis.url)
            routing:
              strategies:
                - name: light-not-z3
                  filters:
                    - {field: node.zone, op: ne, value: z3}
                  scores:
                    - {field: node.cpu, weight: 1}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        chmod(config, 0o600)
        let custom1 = try Self.route(h, ["--strategy", "custom", "--name", "light-not-z3", "--config", config])
        let c1 = Self.pick(custom1)
        #expect(c1.node == "node-b" || c1.node == "node-c", "\(c1)")
        #expect(!c1.ranked.contains("node-d"))
        if let firstA = c1.ranked.firstIndex(of: "node-a") { #expect(c1.ranked[firstA...].allSatisfy { $0 == "node-a" }, "\(c1.ranked)") }

        // Phase 2: the work moves from node-a to node-b (each restarted with the other's role).
        #expect(nodes.stop("node-a") == 0)
        nodes.start("node-a", zone: "z1", busy: false)
        #expect(nodes.stop("node-b") == 0)
        nodes.start("node-b", zone: "z1", busy: true)
        #expect(try h.eventually(60) { let p = try h.placement(); return p.total == 40 && p.misplaced == 0 && p.notLive == 0 && p.byWorker.count == 4 })
        #expect(Self.loadVisible(h, busy: "node-b", idle: ["node-a", "node-c", "node-d"]),
            "cpu a=\(Self.cpu(h, "node-a") ?? -1) b=\(Self.cpu(h, "node-b") ?? -1)")
        let z1After = Self.pick(try Self.route(h, ["--strategy", "zone", "--zone", "z1"]))
        print("routing phase 2: cpu a=\(Self.cpu(h, "node-a") ?? -1) b=\(Self.cpu(h, "node-b") ?? -1) c=\(Self.cpu(h, "node-c") ?? -1) d=\(Self.cpu(h, "node-d") ?? -1); zone z1 picks \(z1After.node ?? "-")")
        #expect(z1After.node == "node-a", "\(z1After)")
        let nlAfter = Self.pick(try Self.route(h, ["--strategy", "node-load"]))
        #expect(nlAfter.node != nil && nlAfter.node != "node-b", "\(nlAfter)")
        if let firstB = nlAfter.ranked.firstIndex(of: "node-b") { #expect(nlAfter.ranked[firstB...].allSatisfy { $0 == "node-b" }, "\(nlAfter.ranked)") }
        let c2 = Self.pick(try Self.route(h, ["--strategy", "custom", "--name", "light-not-z3", "--config", config]))
        #expect(c2.node == "node-a" || c2.node == "node-c", "\(c2)")

        // --apply on the live cluster: the picked actor's messageCount moves by one, atomically.
        let applied = try Self.route(h, ["--strategy", "zone", "--zone", "z1", "--apply"])
        #expect(applied["applied"]?.boolValue == true)
        #expect(applied["ranked"] == nil || Self.pick(applied).node == "node-a")
    }
}
