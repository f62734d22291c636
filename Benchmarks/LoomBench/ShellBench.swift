import Foundation
import LoomCLI
import LoomRedis
import LoomTesting
import LoomKeyspace
import LoomRegistry

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
            let cacheHome = NSTemporaryDirectory() + "loomctl-bench-cache-\(getpid())"
            try? FileManager.default.removeItem(atPath: cacheHome)
            defer { try? FileManager.default.removeItem(atPath: cacheHome) }
            let env = ["LOOMCTL_REDIS_URL": redis.url, "XDG_CONFIG_HOME": NSTemporaryDirectory() + "loomctl-bench-none",
                "XDG_CACHE_HOME": cacheHome]
            let width = String(actors - 1).count
            let typical = "order-processor-" + String(repeating: "0", count: max(0, width - 4)) + "12"
            let prefixes = [typical, "order-processor-" + String(repeating: "0", count: max(0, width - 2)), "payment-gateway-9",
                "zzz-no-match", ""]
            // The true answers, independently: a full SSCAN MATCH of the all-set (not time-bounded).
            var truth: [String: Int] = [:]
            for prefix in prefixes {
                var n = Set<String>()
                try conn.sscan("loom:actor:all", match: prefix.isEmpty ? nil : prefix + "*", count: 5000) { batch throws(RedisError) in
                    n.formUnion(batch)
                    return true
                }
                truth[prefix] = n.count
            }
            let maxResults = 500
            var pass = true

            // Cold cache: what the first TAB gets (live scan only), and the background rebuild it starts.
            let c0 = ContinuousClock.now
            let cold = ShellBenchmarkHooks.completeActorIds(prefix: typical, environment: env, refreshInBackground: true).count
            let coldMs = ms(c0.duration(to: .now))
            while ShellBenchmarkHooks.completionCacheFile(environment: env)?.valid != true, c0.duration(to: .now) < .seconds(120) {
                usleep(20_000)
            }
            let readyMs = ms(c0.duration(to: .now))
            print("cold cache: '\(typical)' -> \(cold) of \(truth[typical] ?? -1) matches in "
                + String(format: "%.1f ms (live scan only); background refresh ready after %.0f ms", coldMs, readyMs))

            // Explicit rebuild: its cost and the file size.
            let b0 = ContinuousClock.now
            let built = try ShellBenchmarkHooks.rebuildCompletionCache(environment: env)
            print(String(format: "cache build: %d ids, %d bytes (%.1f MB), %.0f ms", built?.count ?? -1, built?.bytes ?? 0,
                Double(built?.bytes ?? 0) / 1e6, ms(b0.duration(to: .now)))
                + " (\(ShellBenchmarkHooks.completionCacheFile(environment: env)?.path ?? "?"))")

            print("warm cache: prefix                  results   true  median     max    (budget 150 ms, target 200 ms, cap \(maxResults))")
            for prefix in prefixes {
                var times: [Double] = []
                var count = 0
                for _ in 0..<7 {
                    let t0 = ContinuousClock.now
                    count = ShellBenchmarkHooks.completeActorIds(prefix: prefix, environment: env).count
                    times.append(ms(t0.duration(to: .now)))
                }
                times.sort()
                let median = times[times.count / 2], maxT = times.last!
                let expected = min(truth[prefix] ?? -1, maxResults)
                if maxT > 200 || count != expected { pass = false }
                let label = "'\(prefix)'".padding(toLength: 34, withPad: " ", startingAt: 0)
                print(label + String(format: "  %7d  %5d  %6.1f ms %6.1f ms", count, truth[prefix] ?? -1, median, maxT)
                    + (count == expected ? "" : "  INCOMPLETE"))
            }
            let t0 = ContinuousClock.now
            let nodes = ShellBenchmarkHooks.buildCommandModel()
            print("command model: \(nodes) commands built in \(t0.duration(to: .now))")
            print(pass ? "PASS" : "FAIL")
            return pass ? 0 : 1
        } catch {
            print("shell bench failed: \(error)")
            return 1
        }
    }
}

private func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
