import Foundation
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// The package root and the debug binary the process-level tests drive.
enum ShellBinary {
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let loomctl = root + "/.build/debug/loomctl"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: loomctl) }

    /// A python3 that can import pexpect (`make deps` installs it), for the pseudo-terminal tests.
    static let pythonWithPexpect: String? = {
        var candidates: [String] = []
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + [home + "/.pyenv/shims", "/usr/local/bin", "/usr/bin"]
        {
            let p = dir + "/python3"
            if FileManager.default.isExecutableFile(atPath: p), !candidates.contains(p) { candidates.append(p) }
        }
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = env["PATH"] ?? "/usr/bin:/bin"
        for p in candidates where runProcess([p, "-c", "import pexpect"], env: env, timeout: 10).code == 0 { return p }
        return nil
    }()

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin", "/bin"] {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

struct ProcessResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// A child started with posix_spawn; stdin comes from a file, stdout/stderr go to files, so no
/// pipe can fill up. Waits are bounded (Foundation's Process.waitUntilExit can deadlock here).
struct SpawnedProcess {
    let pid: pid_t
    let dir: String

    init?(_ argv: [String], stdin: String = "", env: [String: String]) {
        dir = TestDirs.fresh()
        FileManager.default.createFile(atPath: dir + "/stdin", contents: Data(stdin.utf8))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, dir + "/stdin", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let cargs = argv.map { strdup($0) } + [nil]
        let cenv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for a in cargs { free(a) }
            for e in cenv { free(e) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, cargs, cenv) == 0 else { return nil }
        self.pid = pid
    }

    /// The exit status once the child has exited, nil while it runs.
    func poll() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    func wait(timeout: Double, whileWaiting: () -> Void = {}) -> ProcessResult {
        let deadline = Date().addingTimeInterval(timeout)
        var code: Int32 = -9
        while true {
            if let c = poll() { code = c; break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                break
            }
            whileWaiting()
            usleep(5_000)
        }
        let out = (try? String(contentsOfFile: dir + "/stdout", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: dir + "/stderr", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: dir)
        return ProcessResult(code: code, stdout: out, stderr: err)
    }
}

func runProcess(_ argv: [String], stdin: String = "", env: [String: String], timeout: Double = 30) -> ProcessResult {
    guard let p = SpawnedProcess(argv, stdin: stdin, env: env) else { return ProcessResult(code: -1, stdout: "", stderr: "spawn failed") }
    return p.wait(timeout: timeout)
}

func baseEnvironment(redis: RedisServer?) -> [String: String] {
    var env = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        "XDG_CONFIG_HOME": TestDirs.configHome, "XDG_STATE_HOME": TestDirs.fresh(), "TERM": "xterm",
    ]
    if let redis { env["LOOMCTL_REDIS_URL"] = redis.url }
    return env
}

@Suite("Shell script mode (loomctl shell < script)", .serialized)
struct ShellScriptTests {
    let redis: RedisServer

    init() throws {
        redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 50, broken: false))
    }

    func shell(_ script: String, _ extra: [String] = []) -> ProcessResult {
        runProcess([ShellBinary.loomctl, "shell"] + extra, stdin: script, env: baseEnvironment(redis: redis))
    }

    @Test(.enabled(if: ShellBinary.available)) func runsLinesInOrderAndSkipsComments() {
        let r = shell("# a comment\n\n  actors get order-processor-00 -o name\nloomctl actors stats -o json\n")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("order-processor-00\n"))
        #expect(r.stdout.contains("\"totalActors\": 50"))
    }

    @Test(.enabled(if: ShellBinary.available)) func stopsAtTheFirstFailureWithItsCode() {
        let r = shell("actors get order-processor-00 -o name\nactors get nope\nactors get payment-gateway-01 -o name\n")
        #expect(r.code == 3)
        #expect(r.stdout == "order-processor-00\n")
        #expect(r.stderr.contains("not found"))
    }

    @Test(.enabled(if: ShellBinary.available)) func keepGoingRunsEverythingAndReturnsTheLastFailure() {
        let r = shell("actors get nope\nactors list --bogus\nactors get payment-gateway-01 -o name\n", ["--keep-going"])
        #expect(r.code == 2)
        #expect(r.stdout == "payment-gateway-01\n")
        #expect(shell("actors get payment-gateway-01 -o name\n", ["--keep-going"]).code == 0)
    }

    @Test(.enabled(if: ShellBinary.available)) func usageErrorsBadQuotingExitAndUnreachable() {
        #expect(shell("actors list --bogus\nactors stats\n").code == 2)
        let bad = shell("actors get \"open\nactors stats\n")
        #expect(bad.code == 2 && bad.stderr.contains("Invalid argument(s)"))
        #expect(shell("exit 4\nactors get nope\n").code == 4)
        #expect(shell("shell\n").code == 2)
        let down = runProcess([ShellBinary.loomctl, "shell", "--redis", "redis://127.0.0.1:1"], stdin: "actors stats\n",
            env: baseEnvironment(redis: nil))
        #expect(down.code == 7)
    }

    @Test(.enabled(if: ShellBinary.available)) func sessionSettingsApplyToLaterLines() {
        let r = shell("set output json\nactors get order-processor-00\nset output name\nactors get order-processor-00\n")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"id\": \"order-processor-00\""))
        #expect(r.stdout.hasSuffix("order-processor-00\n"))
    }

    @Test(.enabled(if: ShellBinary.available)) func noArgumentsWithoutATerminalPrintsHelp() {
        let r = runProcess([ShellBinary.loomctl], env: baseEnvironment(redis: nil))
        #expect(r.code == 0)
        #expect(r.stdout.contains("USAGE") || r.stdout.contains("SUBCOMMANDS"))
    }
}
