import Foundation
import LoomCLI
import LoomCore
import LoomOutput
import LoomRedis
import LoomTesting
import Testing

/// A stream that kills the Redis server the first time it receives output.
final class KillOnFirstWrite: ByteStream, @unchecked Sendable {
    let server: RedisServer
    let inner = MemoryStream()
    private var killed = false
    init(_ server: RedisServer) { self.server = server }
    func write(_ bytes: [UInt8]) {
        inner.write(bytes)
        if !killed {
            killed = true
            server.kill()
        }
    }
    func flush() {}
}

@Suite("exit codes, errors and secrets")
struct ExitCodeTests {
    @Test func unreachableRedisIsSevenWithJSONEnvelope() async throws {
        let port = RedisServer.freePort()
        let r = await runCLI(["actors", "list", "-o", "json", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(r.code == 7)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("loomctl: cannot connect to Redis at redis://127.0.0.1:\(port)"))
        let envelope = try JSONValue.parse(String(r.stderr.split(separator: "\n").last ?? ""))
        #expect(envelope["error"]?["code"]?.stringValue == "redis_unreachable")
        #expect(envelope["error"]?["exitCode"]?.intValue == 7)
    }

    @Test func aServerThatNeverAnswersTimesOutWithSeven() async throws {
        let hole = BlackholeServer()
        let start = ContinuousClock.now
        let r = await runCLI(["actors", "stats", "--redis", hole.url, "--timeout", "0.5"])
        #expect(r.code == 7)
        #expect(r.stderr.contains("did not answer within"))
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func serverKilledMidListingLeavesNoCompleteDocument() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try LoomClusterSeed.seed(c, actors: 20_000)
        let out = KillOnFirstWrite(server)
        let err = MemoryStream()
        let sink = OutputSink(out: out, err: err)
        let inv = Invocation(environment: ["LOOMCTL_REDIS_URL": server.url, "XDG_CONFIG_HOME": TestDirs.configHome], sink: sink, stdinIsTerminal: false)
        let code = await Entry.run(["actors", "list", "-o", "json"], invocation: inv)
        #expect(code == 7)
        #expect(err.text.contains("redis_unreachable") || err.text.contains("lost the connection"))
        #expect(out.inner.text.hasPrefix("["))
        #expect(throws: JSONParseError.self) { try JSONValue.parse(out.inner.text) }
    }

    @Test func wrongPasswordFailsWithoutEchoingIt() async throws {
        let server = try RedisServer(password: "the-right-one-1234")
        let r = await runCLI(["actors", "list", "--redis", server.socketURL], env: ["LOOMCTL_REDIS_PASSWORD": "not-the-right-one-5678"])
        #expect(r.code == 1)
        #expect(r.stderr.contains("authentication"))
        #expect(!r.stderr.contains("not-the-right-one-5678"))
        let pwFile = TestDirs.fresh() + "/pw"
        try "the-right-one-1234\n".write(toFile: pwFile, atomically: true, encoding: .utf8)
        let ok = await runCLI(["actors", "list", "--redis", server.socketURL, "--password-file", pwFile])
        #expect(ok.code == 0)
        let viaURL = await runCLI(["actors", "stats", "--redis", "unix://\(server.socketPath)?password=wrong-in-url-999"])
        #expect(viaURL.code == 1)
        #expect(!viaURL.stderr.contains("wrong-in-url-999"))
    }

    @Test func usageErrorsAreTwo() async throws {
        #expect(await runCLI(["actors", "list", "--live", "--stale"]).code == 2)
        #expect(await runCLI(["actors", "list", "--bogus"]).code == 2)
        #expect(await runCLI(["actors", "list", "-o", "xml"]).code == 2)
        #expect(await runCLI(["actors", "list", "--redis", "ftp://x"]).code == 2)
        #expect(await runCLI(["nonsense"]).code == 2)
        let env = await runCLI(["actors", "list"], env: ["LOOMCTL_OUTPUT": "xml"])
        #expect(env.code == 2)
    }

    @Test func helpAndVersionGoToStdoutWithZero() async throws {
        let v = await runCLI(["--version"])
        #expect(v.code == 0)
        #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let h = await runCLI(["actors", "list", "--help"])
        #expect(h.code == 0)
        #expect(h.stdout.contains("--sort-by"))
    }

    @Test func transparentKeyPrefixAndCustomActorPrefix() async throws {
        let server = try RedisServer()
        let r = await runCLI(["actors", "register", "p-1", "--type", "t", "--worker", "w", "--key-prefix", "test:abc:", "--actor-prefix", "reg"], redis: server)
        #expect(r.code == 0)
        let c = try server.connect()
        #expect(try c.command("EXISTS", "test:abc:reg:p-1", "test:abc:reg:all", "test:abc:reg:heartbeat:p-1").int == 3)
        let listed = await runCLI(["actors", "list", "-o", "name"], env: ["LOOMCTL_KEY_PREFIX": "test:abc:", "LOOMCTL_ACTOR_PREFIX": "reg"], redis: server)
        #expect(listed.stdout == "p-1\n")
        let stats = try JSONValue.parse(await runCLI(["actors", "stats", "-o", "json", "--key-prefix", "test:abc:", "--actor-prefix", "reg"], redis: server).stdout)
        #expect(stats["anomalies"]?["total"]?.intValue == 0)
        #expect(await runCLI(["actors", "list", "-o", "name"], redis: server).stdout.isEmpty)
    }
}

import LoomKeyspace
import LoomRegistry

enum LoomClusterSeed {
    static func seed(_ c: RedisConnection, actors: Int) throws -> Seeder.Summary {
        try Seeder(registry: ActorRegistry(redis: c, keys: Keyspace())).seed(.init(actors: actors, types: 3, workers: 2, staleFraction: 0, broken: false))
    }
}

@Suite("colour policy")
struct ColorTests {
    @Test func colourOnlyWhenAskedOrOnATerminal() async throws {
        let server = try RedisServer()
        _ = await runCLI(["actors", "register", "c-1", "--type", "t", "--worker", "w"], redis: server)
        let always = await runCLI(["actors", "list", "--color", "always"], redis: server)
        #expect(always.stdout.contains("\u{1B}[32m"))
        let auto = await runCLI(["actors", "list"], redis: server)
        #expect(!auto.stdout.contains("\u{1B}["))
        let never = await runCLI(["actors", "list", "--color", "never"], redis: server)
        #expect(!never.stdout.contains("\u{1B}["))
        // Machine formats never carry escape codes, whatever --color says.
        let json = await runCLI(["actors", "list", "--color", "always", "-o", "json"], redis: server)
        #expect(!json.stdout.contains("\u{1B}["))
        let health = await runCLI(["health", "redis", "--color", "always"], redis: server)
        #expect(health.stdout.contains("\u{1B}[32mhealthy"))
    }

    @Test func noColorDisablesAutoColour() {
        #expect(ColorMode.auto.enabled(isTerminal: true, environment: [:]))
        #expect(!ColorMode.auto.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!ColorMode.auto.enabled(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!ColorMode.auto.enabled(isTerminal: false, environment: [:]))
        #expect(ColorMode.always.enabled(isTerminal: false, environment: ["NO_COLOR": "1"]))
    }
}
