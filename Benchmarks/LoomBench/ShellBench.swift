import Foundation
import LoomCLI
import LoomCluster
import LoomRedis
import LoomTesting

/// `LoomBench shell [--actors N]`: the shell's completion over a large registry.
///
/// Seeds N actors (default 1,000,000) into a throwaway redis-server, then times actor-id
/// completion for a typical prefix (target: 200 ms) and the command-model build the first TAB pays.
/// Shell start-up (target 100 ms to the prompt) is measured through a pseudo-terminal by
/// `scripts/shell-ready.py` (see docs/shell.md).
enum ShellBench {
    static func run(arguments: [String]) -> Int32 {
        var actors = 1_000_000
        if let i = arguments.firstIndex(of: "--actors"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) { actors = n }
        if _isDebugAssertConfiguration() { print("warning: debug build — timings are not representative") }
        do {
            let redis = try RedisServer()
            let conn = try redis.connect()
            let seedStart = ContinuousClock.now
            let summary = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace()))
                .seed(.init(actors: actors, types: 5, broken: false, batch: 5000))
            print("seeded \(summary.actors) actors in \(seedStart.duration(to: .now))")
            let env = ["LOOMCTL_REDIS_URL": redis.url, "XDG_CONFIG_HOME": NSTemporaryDirectory() + "loomctl-bench-none"]
            let width = String(actors - 1).count
            let typical = "order-processor-" + String(repeating: "0", count: max(0, width - 4)) + "12"
            var pass = true
            print("prefix                              results  median     max    (budget 150 ms, target 200 ms)")
            for prefix in [typical, "order-processor-" + String(repeating: "0", count: max(0, width - 2)), "payment-gateway-9", "zzz-no-match", ""] {
                var times: [Double] = []
                var count = 0
                for _ in 0..<7 {
                    let t0 = ContinuousClock.now
                    count = ShellBenchmarkHooks.completeActorIds(prefix: prefix, environment: env).count
                    times.append(Double(t0.duration(to: .now).components.attoseconds) / 1e15 + Double(t0.duration(to: .now).components.seconds) * 1000)
                }
                times.sort()
                let median = times[times.count / 2], maxT = times.last!
                if maxT > 200 { pass = false }
                let label = "'\(prefix)'".padding(toLength: 34, withPad: " ", startingAt: 0)
                print(label + String(format: "  %7d  %6.1f ms %6.1f ms", count, median, maxT))
            }
            let t0 = ContinuousClock.now
            let nodes = ShellBenchmarkHooks.buildCommandModel()
            print("command model: \(nodes) commands built in \(t0.duration(to: .now))")
            return pass ? 0 : 1
        } catch {
            print("shell bench failed: \(error)")
            return 1
        }
    }
}
