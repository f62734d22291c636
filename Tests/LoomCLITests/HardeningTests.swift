import Foundation
@testable import LoomCLI
import LoomCore
import LoomOutput
import LoomRedis
import LoomTesting
import Testing
import Yams

/// Runs the CLI in-process with stdout on a real file descriptor (for write-error tests).
private func runCLI(_ args: [String], stdoutFD: Int32, env: [String: String]) async -> (code: Int32, stderr: String) {
    let out = FileDescriptorStream(fd: stdoutFD)
    let err = MemoryStream()
    let sink = OutputSink(out: out, err: err)
    var environment = ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": TestDirs.configHome]
    environment.merge(env) { $1 }
    let inv = Invocation(environment: environment, sink: sink, stdinIsTerminal: false)
    let code = await Entry.run(args, invocation: inv)
    return (code, err.text)
}

/// Issue 15, the items owned by the CLI edge: lost output, secrets, config mistakes, watch
/// timeouts, terminal injection and truncated YAML. Each test failed before its fix.
@Suite("hardening: output, secrets, config, terminal safety")
struct HardeningTests {
    // MARK: Item 2: output write errors

    @Test func writeErrorsOtherThanEPIPEExitOne() async throws {
        let server = try RedisServer()
        _ = try LoomClusterSeed.seed(try server.connect(), actors: 3000)
        let some = await runCLI(["actors", "list", "-o", "name", "--limit", "1"], redis: server).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!some.isEmpty)
        for args in [["actors", "list", "-o", "jsonl"], ["actors", "get", some, "-o", "json"],
            ["health", "-o", "json"], ["actors", "list"]]
        {
            let fd = open("/dev/full", O_WRONLY)
            #expect(fd >= 0)
            let r = await runCLI(args, stdoutFD: fd, env: ["LOOMCTL_REDIS_URL": server.url])
            close(fd)
            #expect(r.code == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("cannot write output: No space left on device"), "\(args)")
        }
    }

    @Test func aReaderThatGoesAwayIsStillANormalEnd() async throws {
        let server = try RedisServer()
        _ = try LoomClusterSeed.seed(try server.connect(), actors: 3000)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // like `| head` that has exited
        let r = await runCLI(["actors", "list", "-o", "jsonl"], stdoutFD: fds[1], env: ["LOOMCTL_REDIS_URL": server.url])
        close(fds[1])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("cannot write output"))
    }

    // MARK: Item 6: secrets

    @Test func malformedURLsNeverPrintTheirPassword() async throws {
        for url in ["redis//:hunter2secret@h", ":hunter2secret@h", "redis:/user:hunter2secret@h:6379", "redis://u:hunter2secret@h:99999"] {
            for format in ["table", "json"] {
                let r = await runCLI(["actors", "list", "--redis", url, "-o", format])
                #expect(r.code == 2, "\(url): \(r.stderr)")
                #expect(!r.stderr.contains("hunter2secret"), "\(url) leaked: \(r.stderr)")
                #expect(r.stderr.contains("invalid Redis URL"))
            }
        }
    }

    @Test func setContextRefusesAMalformedURLAndStoresNothing() async throws {
        let dir = TestDirs.fresh()
        let cfg = dir + "/config.yaml"
        let r = await runCLI(["config", "set-context", "prod", "--set-redis", "redis//:hunter2secret@h", "--config", cfg])
        #expect(r.code == 2)
        #expect(!r.stderr.contains("hunter2secret"))
        #expect(!FileManager.default.fileExists(atPath: cfg))
        // Even a URL stored by hand (or by an older loomctl) is shown redacted.
        try "contexts:\n  - name: old\n    redis: \"redis//:hunter2secret@h\"\ncurrent-context: old\n".write(
            toFile: cfg, atomically: true, encoding: .utf8)
        chmod(cfg, 0o600)
        for args in [["config", "get-contexts"], ["config", "view"], ["config", "view", "-o", "json"]] {
            let v = await runCLI(args + ["--config", cfg])
            #expect(v.code == 0, "\(args): \(v.stderr)")
            #expect(!v.stdout.contains("hunter2secret") && !v.stderr.contains("hunter2secret"), "\(args): \(v.stdout)")
        }
    }

    @Test func structuralRedaction() {
        let cases: [(String, String)] = [
            ("redis://:pw123456@host:6379/0", "redis://:***@host:6379/0"),
            ("redis://ops:pw123456@host", "redis://ops:***@host"),
            ("redis://pw123456@host", "redis://***@host"),
            ("redis//:pw123456@h", "redis//:***@h"),
            (":pw123456@h", ":***@h"),
            ("connect with redis://:hunter2@10.0.0.1 please", "connect with redis://:***@10.0.0.1 please"),
            ("--redis=:pw123456@h", "--redis=:***@h"),
            ("http://user:tok@node:8080/health", "http://user:***@node:8080/health"),
            ("https://x/api?key=abcdef&x=1", "https://x/api?key=***&x=1"),
            ("unix:///tmp/redis.sock", "unix:///tmp/redis.sock"),
            ("mail ops@example.com", "mail ops@example.com"),
            ("monkey=banana", "monkey=banana"),
        ]
        for (input, expected) in cases { #expect(Redact.url(input) == expected, "\(input)") }
    }

    @Test func aPasswordOnTheCommandLineIsWarnedAbout() async throws {
        let server = try RedisServer(tcp: true, password: "s3cret-pass")
        let r = await runCLI(["actors", "list", "--redis", "redis://:s3cret-pass@127.0.0.1:\(server.port!)"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("other local users can read in ps"))
        #expect(r.stderr.contains("--password-file"))
        #expect(!r.stderr.contains("s3cret-pass"))
    }

    @Test func passwordFilesWithCRLFWorkAndLoosePermissionsAreWarned() async throws {
        let server = try RedisServer(tcp: true, password: "s3cret-pass")
        let file = TestDirs.fresh() + "/pw"
        try "s3cret-pass\r\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let r = await runCLI(["actors", "list", "--redis", "redis://127.0.0.1:\(server.port!)", "--password-file", file])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("password file \(file) is readable by group or others"))
        chmod(file, 0o600)
        let quiet = await runCLI(["actors", "list", "--redis", "redis://127.0.0.1:\(server.port!)", "--password-file", file])
        #expect(quiet.code == 0)
        #expect(!quiet.stderr.contains("readable by group"))
    }

    // MARK: Item 10: config mistakes never fall back to the default Redis

    @Test func configMistakesAreUsageErrors() async throws {
        let dir = TestDirs.fresh()
        let missing = await runCLI(["actors", "list", "--config", dir + "/nope.yaml"])
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("cannot read config file \(dir)/nope.yaml"))
        let viaEnv = await runCLI(["actors", "list"], env: ["LOOMCTL_CONFIG": dir + "/nope.yaml"])
        #expect(viaEnv.code == 2)

        let loop = dir + "/loop.yaml"
        symlink(loop, loop)
        let looped = await runCLI(["actors", "list", "--config", loop])
        #expect(looped.code == 2)
        #expect(looped.stderr.contains("symbolic links"))

        let typo = dir + "/typo.yaml"
        try "contexts:\n  - name: prod\n    redsi: redis://10.0.0.9:6379\ncurrent-context: prod\n".write(
            toFile: typo, atomically: true, encoding: .utf8)
        chmod(typo, 0o600)
        let t = await runCLI(["actors", "list", "--config", typo])
        #expect(t.code == 2)
        #expect(t.stderr.contains("unknown key 'contexts.0.redsi'"))
        let top = dir + "/top.yaml"
        try "curent-context: prod\n".write(toFile: top, atomically: true, encoding: .utf8)
        chmod(top, 0o600)
        let u = await runCLI(["actors", "list", "--config", top])
        #expect(u.code == 2)
        #expect(u.stderr.contains("unknown key 'curent-context'"))
        // set-context may create the file it is pointed at.
        let fresh = dir + "/new.yaml"
        let created = await runCLI(["config", "set-context", "dev", "--set-redis", "redis://127.0.0.1:6390", "--config", fresh])
        #expect(created.code == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: fresh))
    }

    // MARK: Item 11: watch honours --timeout without a password

    @Test func watchTimesOutOnAHungServerWithoutPassword() async throws {
        let hole = BlackholeServer()
        let r = await runCLI(["actors", "watch", "--redis", hole.url, "--timeout", "1"])
        #expect(r.code == 7, "\(r.stderr)")
        #expect(r.stderr.contains("did not answer within 1s"))
    }

    @Test func watchNoticesAServerThatStopsAnsweringLater() async throws {
        let server = try RedisServer()
        let conn = try server.connect()
        let stopped = LockedValue(false)
        let task = Task.detached {
            try conn.subscribe(channels: ["loom:actor:events"], keepAlive: .milliseconds(300), shouldStop: { stopped.value }) { _, _ in }
        }
        try await Task.sleep(for: .milliseconds(500))
        server.pause()
        defer { server.resume() }
        let result = await task.result
        stopped.value = true
        guard case .failure(let error) = result else {
            Issue.record("subscribe returned without error on a paused server")
            return
        }
        #expect((error as? RedisError)?.reason == .timeout)
    }

    // MARK: Item 14: terminal escape injection

    @Test func controlCharactersFromRedisAreEscapedInHumanOutputOnly() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        let evil = "evil\u{1B}[31mred\u{1B}]0;pwned\u{07}\nforged-row"
        _ = try c.command(["HSET", "loom:actor:" + evil, "actorId", evil, "actorType", "t\u{1B}[2J", "workerId", "w\rx",
            "status", "idle", "lastHeartbeat", "2026-01-01T00:00:00.000Z", "messageCount", "0", "metadata", ""])
        _ = try c.command(["SADD", "loom:actor:all", evil])
        _ = try c.command(["SADD", "loom:actor:type:t\u{1B}[2J", evil])
        for args in [["actors", "list"], ["actors", "list", "-o", "wide"], ["actors", "list", "-o", "name"], ["actors", "stats"]] {
            let r = await runCLI(args, redis: server)
            #expect(r.code == 0, "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{07}") && !r.stdout.contains("\r"), "\(args)")
            #expect(!r.stderr.contains("\u{1B}"), "\(args)")
            #expect(!r.stdout.contains("\nforged-row"), "\(args): a newline in an id forged a line")
        }
        let name = await runCLI(["actors", "list", "-o", "name"], redis: server)
        #expect(name.stdout == "evil\\x1b[31mred\\x1b]0;pwned\\x07\\nforged-row\n")
        let json = await runCLI(["actors", "list", "-o", "json"], redis: server)
        let parsed = try JSONValue.parse(json.stdout)
        #expect(parsed.arrayValue?.first?["id"]?.stringValue == evil)
        #expect(parsed.arrayValue?.first?["workerId"]?.stringValue == "w\rx")
        let yaml = await runCLI(["actors", "list", "-o", "yaml"], redis: server)
        let loaded = try Yams.load(yaml: yaml.stdout) as? [[String: Any]]
        #expect(loaded?.first?["id"] as? String == evil)
    }

    @Test func escapeRules() {
        #expect(TerminalText.escape("plain-id_01") == "plain-id_01")
        #expect(TerminalText.escape("café 東京") == "café 東京")
        #expect(TerminalText.escape("a\u{1B}[0mb") == "a\\x1b[0mb")
        #expect(TerminalText.escape("x\u{202E}y") == "x\\u{202e}y")
        #expect(TerminalText.escape("x\u{85}y") == "x\\u{0085}y")
        #expect(TerminalText.escapeKeepingLines("line1\n\tline2\u{1B}") == "line1\n\tline2\\x1b")
    }

    // MARK: Item 15: smaller problems

    @Test func aRedisRestartBetweenCommandsLosesNoCommand() async throws {
        let server = try RedisServer()
        let conn = try server.connect()
        #expect(try conn.command("SET", "k", "v").string == "OK")
        try server.restart()
        // The old socket is closed by the restart; the next command must reconnect, not fail.
        #expect(try conn.command("PING").string == "PONG")
        // The same through the shell, which keeps one connection for all its commands.
        let capture = CapturingSink()
        let shell = ShellSession(options: .init(environment: ["XDG_CONFIG_HOME": TestDirs.configHome, "LOOMCTL_REDIS_URL": server.url],
            interactive: false), sink: capture.sink)
        #expect(await shell.execute("actors list") == .status(0))
        try server.restart()
        #expect(await shell.execute("actors list -o json") == .status(0), "\(capture.stderr)")
        #expect(capture.stdout.contains("[]"))
    }

    @Test func agesOfFutureAndAbsurdTimestamps() {
        #expect(Age.since(millis: 253_402_300_799_000, now: 1_768_730_400_000).hasPrefix("in "))
        #expect(Age.since(millis: Int64.min, now: Int64.max).hasSuffix("y"))
        #expect(Age.format(seconds: 1e300) == "31709791y")
        #expect(Age.format(seconds: 90) == "90s")
        #expect(Age.format(seconds: -90) == "in 90s")
    }

    @Test func absurdBreakerTimestampsDoNotTrap() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        for (t, last) in [("min", "-9223372036854775808"), ("max", "9223372036854775807")] {
            _ = try c.command(["SET", "circuit:\(t):state", "OPEN"])
            _ = try c.command(["SET", "circuit:\(t):failures", "9223372036854775807"])
            _ = try c.command(["SET", "circuit:\(t):lastFailure", last])
        }
        for format in ["table", "json"] {
            let r = await runCLI(["health", "breakers", "--exact", "-o", format], redis: server)
            #expect([0, 4].contains(r.code), "\(format): \(r.stderr)")
            #expect(r.stdout.contains("min") && r.stdout.contains("max"))
        }
    }

    @Test func staleCleanupAgainstAWrongTypedIndexRemovesNothing() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command(["HSET", "loom:actor:s1", "actorId", "s1", "actorType", "t", "workerId", "w", "status", "idle",
            "lastHeartbeat", "2026-01-01T00:00:00.000Z", "messageCount", "0", "metadata", ""])
        _ = try c.command(["SADD", "loom:actor:all", "s1"])
        _ = try c.command(["SET", "loom:actor:type:t", "not-a-set"])
        let r = await runCLI(["actors", "cleanup", "--yes"], redis: server)
        #expect(r.code != 0)
        #expect(r.stderr.contains("loom:actor:type:t"))
        // Nothing was half-removed: the hash and its index entry are both still there.
        #expect(try c.command(["EXISTS", "loom:actor:s1"]).int == 1)
        #expect(try c.command(["SISMEMBER", "loom:actor:all", "s1"]).int == 1)
    }

    // MARK: Item 15: a cut-short YAML list does not parse as complete

    @Test func yamlListingCutShortIsInvalidYAML() async throws {
        let server = try RedisServer()
        _ = try LoomClusterSeed.seed(try server.connect(), actors: 20_000)
        let out = KillOnFirstWrite(server)
        let err = MemoryStream()
        let inv = Invocation(environment: ["LOOMCTL_REDIS_URL": server.url, "XDG_CONFIG_HOME": TestDirs.configHome],
            sink: OutputSink(out: out, err: err), stdinIsTerminal: false)
        let code = await Entry.run(["actors", "list", "-o", "yaml"], invocation: inv)
        #expect(code == 7)
        #expect(out.inner.text.hasPrefix("- "))
        #expect(out.inner.text.hasSuffix("# loomctl: output truncated by an error (see stderr)\n]\n"))
        #expect(throws: (any Error).self) { _ = try Yams.load(yaml: out.inner.text) }
        // A complete listing still parses.
    }
}

/// A tiny lock-protected flag for tests that stop a blocking loop from another task.
final class LockedValue<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}
