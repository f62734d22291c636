import Foundation
import LoomCLI
import LoomCore
import LoomRedis
import LoomTesting
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// `LoomBench health [--actors N] [--nodes K] [--exact-runs R]`: issue 17 goals 3 and 4.
///
/// Seeds N actors (default 1,000,000; 5 types, K workers, 10% stale) into a throwaway
/// redis-server listening on TCP loopback and a unix socket, then, over each transport:
///   1. `loomctl health -o json` (sampled default; median of 3) vs `loomctl health --exact -o json`
///      (R runs, default 1), in-process through the command tree, wall time;
///   2. checks every sampled per-type interval against the exact answer.
/// Then registers K agents (default 100) and measures one agent tick each: time and Redis
/// commands (INFO `total_commands_processed` deltas), the census pass that one of them runs,
/// and for reference the old per-node full count. Timings are only meaningful in a release build.
enum HealthBench {
    static func run(arguments: [String]) -> Int32 {
        func value(_ flag: String, _ def: Int) -> Int {
            guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 else { return def }
            return n
        }
        if _isDebugAssertConfiguration() { print("warning: debug build — timings are not representative") }
        do {
            return try runAll(actors: value("--actors", 1_000_000), nodes: value("--nodes", 100), exactRuns: value("--exact-runs", 1)) ? 0 : 1
        } catch {
            print("health bench failed: \(error)")
            return 1
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    /// Commands the server has processed (the INFO call itself adds one).
    static func commands(_ c: RedisConnection) throws -> Int {
        Int(try c.info("stats").int("total_commands_processed") ?? 0)
    }

    static func runAll(actors: Int, nodes: Int, exactRuns: Int) throws -> Bool {
        let server = try RedisServer(tcp: true)
        let redis = try server.connect()
        let keys = Keyspace()
        let registry = ActorRegistry(redis: redis, keys: keys)
        print("seeding \(actors) actors (5 types, \(nodes) workers, 10% stale) into redis on TCP + unix socket…")
        var t = ContinuousClock.now
        // Heartbeats live an hour: the runs below take minutes and must see the seeded 10% stale, not expired keys.
        _ = try Seeder(registry: registry).seed(
            .init(actors: actors, types: 5, workers: nodes, staleFraction: 0.1, broken: false, heartbeatTTL: 3600, batch: 5000))
        print(String(format: "  seeded in %.1f s", seconds(ContinuousClock.now - t)))
        var ok = true

        // 1. health: sampled default vs --exact, over TCP and over the unix socket.
        for (transport, url) in [("tcp", server.tcpURL ?? ""), ("unix", server.socketURL)] {
            let env = ["LOOMCTL_REDIS_URL": url, "HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": NSTemporaryDirectory() + "loombench-cfg"]
            func health(_ extra: [String]) throws -> (Double, Int32, JSONValue) {
                let sink = CapturingSink()
                let start = ContinuousClock.now
                let code = RingShowBench.runBlocking {
                    await Entry.run(["health", "-o", "json"] + extra, invocation: Invocation(environment: env, sink: sink.sink, stdinIsTerminal: false))
                }
                return (seconds(ContinuousClock.now - start), code, try JSONValue.parse(sink.stdout))
            }
            var sampledTimes: [Double] = []
            var sampled = JSONValue.null
            var sampledCode: Int32 = 0
            for _ in 0..<3 { let (s, c, doc) = try health([]); sampledTimes.append(s); sampled = doc; sampledCode = c }
            var exactTimes: [Double] = []
            var exact = JSONValue.null
            for _ in 0..<exactRuns { let (s, _, doc) = try health(["--exact"]); exactTimes.append(s); exact = doc }
            let sampleSize = sampled["sampling"]?["sampleSize"]?.intValue ?? -1
            let typeSample = sampled["sampling"]?["typeSampleSize"]?.intValue ?? -1
            print("")
            print("health over \(transport) (\(actors) actors): status \(sampled["status"]?.stringValue ?? "?") (exit \(sampledCode)), "
                + "sample \(sampleSize) of \(sampled["sampling"]?["population"]?.intValue ?? -1) + \(typeSample) per type")
            print(String(format: "  sampled default (median of 3): %7.3f s   (runs: %@)", median(sampledTimes),
                sampledTimes.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
            print(String(format: "  --exact        (median of %d): %7.3f s", exactRuns, median(exactTimes)))
            // Every sampled interval should contain the exact value (99% each: a rare miss is chance).
            func checks(_ doc: JSONValue) -> [String: JSONValue] {
                Dictionary((doc["checks"]?.arrayValue ?? []).compactMap { c in c["name"]?.stringValue.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
            }
            let exactChecks = checks(exact)
            var misses = 0
            for (name, c) in checks(sampled) where name.hasPrefix("actors/") {
                let d = c["details"] ?? .null
                let lo = d["stalePercentLow"]?.doubleValue ?? 0
                let hi = d["stalePercentHigh"]?.doubleValue ?? 100
                let truth = exactChecks[name]?["details"]?["stalePercent"]?.doubleValue ?? -1
                let inside = truth >= lo - 0.05 && truth <= hi + 0.05
                if !inside { misses += 1 }
                print(String(format: "  %-28@ sampled %5.1f%% [%5.1f, %5.1f] from %6d; exact %5.1f%%  %@", name as NSString,
                    d["stalePercent"]?.doubleValue ?? -1, lo, hi, Int(d["sampleSize"]?.intValue ?? 0), truth, inside ? "inside" : "OUTSIDE"))
            }
            let pass = median(sampledTimes) <= 3.0 && sampledCode == 0 && misses <= 1
            print(pass ? "PASS: health ≤ 3 s by default over \(transport)" : "FAIL: health over \(transport)")
            ok = ok && pass
        }

        // 2. Agent ticks at `nodes` agents: the shared census vs the old per-node full count.
        let counter = try server.connect()
        for (transport, url) in [("tcp", server.tcpURL ?? ""), ("unix", server.socketURL)] {
            let endpoint = try RedisEndpoint.parse(url)
            let censusKeys = NodeAgent.CensusKeys(keys)
            _ = try redis.command(["DEL", censusKeys.counts, censusKeys.meta, censusKeys.lease])
            var agents: [NodeAgent] = []
            for i in 1...nodes {
                var cfg = NodeAgent.Config(nodeId: "worker-\(i)", address: "")
                cfg.countInterval = .seconds(30)
                let conn = try RedisConnection(endpoint, timeouts: RedisTimeouts(connect: .seconds(5), reply: .seconds(60)))
                let agent = try NodeAgent(config: cfg, membership: NodeMembership(redis: conn, keys: keys), log: { _, _, _ in })
                try agent.register()
                agents.append(agent)
            }
            var tickTimes: [Double] = []
            var tickCommands: [Int] = []
            var census: (Double, Int, String)?
            for agent in agents {
                let before = try commands(counter)
                t = ContinuousClock.now
                try agent.beat(forceCount: true)
                let took = seconds(ContinuousClock.now - t)
                let n = try commands(counter) - before - 1
                if agent.lastCountSource == .counted { census = (took, n, agent.config.nodeId) } else {
                    tickTimes.append(took)
                    tickCommands.append(n)
                }
            }
            let reported = try NodeMembership(redis: redis, keys: keys).read().nodes.compactMap(\.actorCount).reduce(0, +)
            // The old way: each node counts alone (one full pass each).
            let before = try commands(counter)
            t = ContinuousClock.now
            let own = try agents[0].countActors(registryKeys: keys)
            let ownTook = seconds(ContinuousClock.now - t)
            let ownCommands = try commands(counter) - before - 1
            print("")
            print("agent ticks over \(transport), \(nodes) agents, \(actors) actors:")
            if let (s, n, id) = census {
                print(String(format: "  census tick (%@ ran the shared pass): %7.3f s, %d Redis commands", id, s, n))
            }
            print(String(format: "  every other tick (median of %d)       : %7.3f ms, %d Redis commands (max %d)", tickTimes.count,
                median(tickTimes) * 1000, tickCommands.sorted()[tickCommands.count / 2], tickCommands.max() ?? 0))
            print(String(format: "  old per-node count (one full pass)   : %7.3f s, %d Redis commands; × %d nodes = %d commands per interval",
                ownTook, ownCommands, nodes, ownCommands * nodes))
            let perInterval = (census?.1 ?? 0) + tickCommands.reduce(0, +)
            let c0 = try commands(counter)
            _ = try agents[1].sharedActorCount()
            print("  of which the count itself: \(try commands(counter) - c0 - 1) commands (HGET + HMGET + TIME, one round trip); the rest is the heartbeat script")
            print("  now per interval, whole cluster: \(perInterval) commands (one pass + \(tickCommands.count) cheap ticks)")
            print("  counts: agents reported \(reported) actors in total (registry \(actors)); worker-1 counted alone: \(own)")
            let pass = census != nil && reported == actors && (tickCommands.max() ?? 99) <= 12
            print(pass ? "PASS: one census pass per interval for the cluster, O(1) commands per other agent tick (\(transport))"
                : "FAIL: agent ticks over \(transport)")
            ok = ok && pass
        }
        return ok
    }
}
