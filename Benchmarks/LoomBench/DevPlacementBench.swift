import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// `LoomBench dev-placement [--actors N] [--interval I] [--runs R]`: how long a release dev
/// cluster takes to place every actor on its ring owner after a ring change, in heartbeat
/// intervals (issue 10: "within 2 heartbeat intervals").
///
/// Each run: a throwaway redis-server, `dev cluster up --nodes 3` (then `add-node`), sampling the
/// registry until every actor is live under its ring owner. Time is counted from the `updatedAt`
/// the membership script wrote with the last epoch bump to the end of the first converged sample
/// (an upper bound). Target: the maximum over all runs ≤ 2 intervals.
enum DevPlacementBench {
    static func run(arguments: [String]) -> Int32 {
        func arg(_ name: String, _ d: Double) -> Double {
            if let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Double(arguments[i + 1]) { return v }
            return d
        }
        let actors = Int(arg("--actors", 3000)), interval = arg("--interval", 0.5), runs = Int(arg("--runs", 5))
        let loomctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("loomctl").path
        guard FileManager.default.isExecutableFile(atPath: loomctl) else {
            print("FAIL dev-placement: \(loomctl) not found (swift build -c release --product loomctl)")
            return 1
        }
        var upTimes: [Double] = [], addTimes: [Double] = []
        for _ in 0..<runs {
            do {
                let (a, b) = try once(loomctl: loomctl, actors: actors, interval: interval)
                upTimes.append(a / interval)
                addTimes.append(b / interval)
            } catch {
                print("FAIL dev-placement: \(error)")
                return 1
            }
        }
        func summary(_ xs: [Double]) -> String {
            let s = xs.sorted()
            return String(format: "median %.2f, max %.2f intervals (%@)", s[s.count / 2], s.last!, s.map { String(format: "%.2f", $0) }.joined(separator: " "))
        }
        print("dev-placement, 3 nodes, \(actors) actors, --interval \(interval), \(runs) runs")
        print("  after the last join (up):  " + summary(upTimes))
        print("  after a 4th node (add):    " + summary(addTimes))
        let pass = (upTimes + addTimes).allSatisfy { $0 <= 2 }
        print(pass ? "PASS dev-placement (≤ 2 intervals)" : "FAIL dev-placement (> 2 intervals)")
        return pass ? 0 : 1
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Seconds from the last ring change to convergence: after `up`, then after `add-node`.
    static func once(loomctl: String, actors: Int, interval: Double) throws -> (Double, Double) {
        let redis = try RedisServer()
        defer { redis.kill() }
        let conn = try redis.connect()
        let state = NSTemporaryDirectory() + "loomctl-bench-placement-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let env = ["LOOMCTL_REDIS_URL=\(redis.url)", "XDG_STATE_HOME=\(state)", "XDG_CONFIG_HOME=\(state)/none", "PATH=/usr/bin:/bin", "HOME=\(state)"]
        func cli(_ args: [String]) -> Int32 {
            let argv = [loomctl] + args
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let cargs = argv.map { strdup($0) } + [nil]
            let cenv = env.map { strdup($0) } + [nil]
            var pid: pid_t = 0
            guard posix_spawn(&pid, loomctl, &actions, nil, cargs, cenv) == 0 else { return -1 }
            var st: Int32 = 0
            waitpid(pid, &st, 0)
            return (st >> 8) & 0xff
        }
        defer { _ = cli(["dev", "cluster", "down", "--grace", "5"]) }
        var port = RedisServer.freePort()
        if port > 60000 { port = 41000 }
        let i = String(interval), ttl = String(max(2, Int((interval * 3).rounded(.up))))
        guard cli(["dev", "cluster", "up", "--nodes", "3", "--actors", String(actors), "--types", "5", "--rate", "0", "--base-port", String(port),
            "--interval", i, "--ttl", ttl, "--node-ttl", String(interval * 3)]) == 0 else { throw Failure(description: "dev cluster up failed") }
        let keys = Keyspace()
        func converge(nodes: Int, afterEpoch: Int64) throws -> (Double, Int64) {
            let end = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < end {
                let membership = NodeMembership(redis: conn, keys: keys)
                let before = try membership.read()
                let registry = ActorRegistry(redis: conn, keys: keys)
                let ring = try ClusterRing.load(membership: membership, registry: registry)
                var total = 0, bad = 0
                var workers = Set<String>()
                if let r = ring.ring {
                    try registry.forEachPlacement(liveness: true) { batch in
                        for a in batch {
                            total += 1
                            workers.insert(a.workerId ?? "")
                            if !a.live { bad += 1 } else if let o = r.ownerIndex(of: a.id), r.nodes[o].id != a.workerId { bad += 1 }
                        }
                        return true
                    }
                }
                let endMillis = Timestamp.nowMillis()
                let after = try membership.ringState()
                if after.epoch == before.ring.epoch, before.ring.epoch > afterEpoch, before.nodes.filter(\.isEligible).count == nodes,
                    total == actors, bad == 0, workers.count == nodes, let changed = Timestamp.parseISO(before.ring.updatedAt)
                {
                    return (Double(endMillis - changed) / 1000, before.ring.epoch)
                }
                usleep(10_000)
            }
            throw Failure(description: "no convergence to \(nodes) nodes within 60 s")
        }
        let (up, epoch) = try converge(nodes: 3, afterEpoch: -1)
        guard cli(["dev", "cluster", "add-node"]) == 0 else { throw Failure(description: "add-node failed") }
        let (add, _) = try converge(nodes: 4, afterEpoch: epoch)
        return (up, add)
    }
}
