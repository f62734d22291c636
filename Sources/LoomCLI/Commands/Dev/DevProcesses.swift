import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomMembership

/// Spawning and stopping dev processes (shared by the cluster verbs).
enum DevProcesses {
    static var selfExe: String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] }

    /// The environment for children: ours plus the resolved Redis URL, password and prefixes (via
    /// the environment, never argv, so a password does not show in `ps`).
    static func environment(_ context: CommandContext) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in context.environment { env[k] = v }
        env.merge(context.settings.handOffEnvironment) { _, resolved in resolved }
        // Children log JSON whatever -o this command was given.
        for name in SettingsSchema[.output].environment { env[name] = nil }
        return env
    }

    /// Starts `loomctl <args>` in its own session (a Ctrl-C in the terminal does not reach it),
    /// output appended to `log`.
    static func spawn(_ args: [String], env: [String: String], log: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(0x80 /* POSIX_SPAWN_SETSID (glibc) */ | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        let argv = [selfExe] + args
        let cargs = argv.map { strdup($0) } + [nil]
        let cenv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for a in cargs { free(a) }
            for e in cenv { free(e) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, cenv)
        guard rc == 0 else { throw CLIError.badData("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Reaps `pid` if it is our child (non-blocking); harmless otherwise.
    static func reap(_ pid: Int32) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// SIGTERM (SIGCONT first, so a stopped node can drain), wait up to `grace`, then SIGKILL.
    /// Only processes that are still ours are signalled. Returns the ids that needed SIGKILL.
    static func stop(_ procs: [DevClusterState.Proc], grace: Duration, ownChildren: Bool = false) -> [String] {
        func alive(_ p: DevClusterState.Proc) -> Bool {
            guard ownChildren else { return DevClusterState.isOurs(p) }
            reap(p.pid)
            return DevClusterState.isRunning(p.pid)
        }
        let live = procs.filter(alive)
        for p in live {
            kill(p.pid, SIGCONT)
            kill(p.pid, SIGTERM)
        }
        let deadline = ContinuousClock.now + grace
        var remaining = live
        while !remaining.isEmpty && ContinuousClock.now < deadline {
            for p in remaining { reap(p.pid) }
            remaining = remaining.filter(alive)
            if !remaining.isEmpty { usleep(50_000) }
        }
        for p in remaining { kill(p.pid, SIGKILL) }
        let killDeadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < killDeadline && remaining.contains(where: alive) {
            for p in remaining { reap(p.pid) }
            usleep(20_000)
        }
        return remaining.map(\.id)
    }

    static func portFree(_ port: Int) -> Bool { Loopback.isFree(port) }

    static func logPath(_ statePath: String, _ id: String) -> String {
        (statePath as NSString).deletingLastPathComponent + "/dev-cluster-logs/\(id).log"
    }

    static func tail(_ path: String) -> String {
        guard let d = FileManager.default.contents(atPath: path) else { return "" }
        return TerminalText.escapeKeepingLines(String(decoding: d.suffix(600), as: UTF8.self))
    }

    /// Waits until every node in `ids` is live in the membership table; fails early when a node
    /// process exits (its log tail is quoted).
    static func waitLive(_ procs: [DevClusterState.Proc], context: CommandContext, statePath: String, timeout: Duration) throws {
        let membership = NodeMembership(redis: try context.redis(), keys: context.keyspace)
        let deadline = ContinuousClock.now + timeout
        while true {
            for p in procs {
                reap(p.pid)
                if !DevClusterState.isRunning(p.pid) {
                    throw CLIError.badData("dev node \(p.id) (pid \(p.pid)) exited during start-up; its log ends with:\n\(tail(logPath(statePath, p.id)))")
                }
            }
            let snap = try membership.read()
            if procs.allSatisfy({ p in snap.node(p.id)?.isLive == true }) { return }
            if ContinuousClock.now >= deadline {
                throw CLIError(.unreachable, code: "timeout", "dev nodes did not register within \(timeout.formatted()): "
                    + procs.filter { snap.node($0.id)?.isLive != true }.map(\.id).joined(separator: ", "),
                    hint: "see their logs in \((statePath as NSString).deletingLastPathComponent)/dev-cluster-logs/")
            }
            usleep(100_000)
        }
    }
}
