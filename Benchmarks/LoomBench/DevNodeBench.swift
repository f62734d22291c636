import Foundation
import LoomRedis
import LoomTesting
import LoomKeyspace

/// `LoomBench dev-node [--actors N] [--seconds S] [--interval I]`: the idle cost of one
/// `loomctl dev node` process hosting N actors (default 1,000) with no load.
///
/// Starts a throwaway redis-server and the release `loomctl` next to this binary, waits until
/// the node hosts all N actors, then samples the process's own CPU time (utime + stime from
/// /proc/PID/stat) over S seconds (default 60) and its RSS (VmRSS, peak VmHWM from
/// /proc/PID/status). Targets: < 5 % of one core and < 30 MB.
enum DevNodeBench {
    static func run(arguments: [String]) -> Int32 {
        func arg(_ name: String, _ d: Double) -> Double {
            if let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Double(arguments[i + 1]) { return v }
            return d
        }
        let actors = Int(arg("--actors", 1000)), seconds = arg("--seconds", 60), interval = arg("--interval", 2)
        if _isDebugAssertConfiguration() { print("warning: debug build — figures are not representative") }
        let loomctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("loomctl").path
        guard FileManager.default.isExecutableFile(atPath: loomctl) else {
            print("FAIL dev-node: \(loomctl) not found (swift build -c release --product loomctl)")
            return 1
        }
        do {
            let redis = try RedisServer()
            defer { redis.kill() }
            let conn = try redis.connect()
            let log = NSTemporaryDirectory() + "loomctl-bench-devnode-\(getpid()).log"
            defer { try? FileManager.default.removeItem(atPath: log) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let argv = [loomctl, "dev", "node", "--node-id", "bench-node", "--actors", String(actors), "--types", "5",
                "--interval", String(interval), "--health-port", "0", "--log-level", "warning"]
            let env = ["LOOMCTL_REDIS_URL=\(redis.url)", "XDG_CONFIG_HOME=\(NSTemporaryDirectory())loomctl-bench-none", "PATH=/usr/bin:/bin"]
            let cargs = argv.map { strdup($0) } + [nil]
            let cenv = env.map { strdup($0) } + [nil]
            var pid: pid_t = 0
            guard posix_spawn(&pid, loomctl, &actions, nil, cargs, cenv) == 0 else {
                print("FAIL dev-node: cannot start \(loomctl)")
                return 1
            }
            defer {
                kill(pid, SIGKILL)
                var st: Int32 = 0
                waitpid(pid, &st, 0)
            }
            let keys = Keyspace()
            let start = ContinuousClock.now
            while true {
                let n = try conn.command(["SCARD", keys.allSet]).int ?? 0
                if n == actors { break }
                if start.duration(to: .now) > .seconds(120) {
                    print("FAIL dev-node: only \(n) of \(actors) actors hosted after 120 s")
                    return 1
                }
                usleep(100_000)
            }
            print("dev-node: hosting \(actors) actors after \(start.duration(to: .now)); sampling \(Int(seconds)) s (interval \(interval) s, idle queues)")
            usleep(UInt32(interval * 2 * 1_000_000))  // settle: first heartbeat rounds after the claims
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            let c0 = cpuTicks(pid), t0 = ContinuousClock.now
            var rssMax = 0
            let end = t0 + .milliseconds(Int64(seconds * 1000))
            while ContinuousClock.now < end {
                rssMax = max(rssMax, status(pid, "VmRSS") ?? 0)
                usleep(500_000)
            }
            let c1 = cpuTicks(pid)
            let wall = t0.duration(to: .now)
            let wallS = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            let cpuPct = (c1 - c0) / ticks / wallS * 100
            let hwm = status(pid, "VmHWM") ?? 0
            let hosted = try conn.command(["SCARD", keys.allSet]).int ?? 0
            print(String(format: "dev-node idle, %d actors: CPU %.2f%% of one core (target < 5%%), RSS %.1f MB, peak %.1f MB (target < 30 MB)",
                actors, cpuPct, Double(rssMax) / 1024, Double(hwm) / 1024))
            let pass = cpuPct < 5 && Double(hwm) / 1024 < 30 && hosted == actors
            print(pass ? "PASS dev-node cost" : "FAIL dev-node cost")
            return pass ? 0 : 1
        } catch {
            print("FAIL dev-node: \(error)")
            return 1
        }
    }

    static func cpuTicks(_ pid: pid_t) -> Double {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = s.lastIndex(of: ")") else { return 0 }
        let f = s[s.index(after: close)...].split(separator: " ")
        // After the command: state(0) ppid(1) … utime(11) stime(12).
        guard f.count > 12, let u = Double(f[11]), let k = Double(f[12]) else { return 0 }
        return u + k
    }

    /// A `kB` field of /proc/PID/status.
    static func status(_ pid: pid_t, _ field: String) -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
