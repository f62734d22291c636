import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing

@Suite("RedisConnection against a real redis-server")
struct RedisConnectionTests {
    @Test func binarySafeKeysAndValuesRoundTrip() throws {
        let server = try RedisServer()
        let c = try server.connect()
        let keys = ["with space", "a:b:c", "ключ-日本-🙂", "nul\u{0}inside", ""]
        for k in keys {
            _ = try c.command(["SET", k, "v-" + k])
            #expect(try c.command(["GET", k]).string == "v-" + k)
        }
        let raw: [UInt8] = [0xFF, 0x00, 0xFE, 0x0A]
        _ = try c.command(bytes: [Array("SET".utf8), raw, raw])
        #expect(try c.command(bytes: [Array("GET".utf8), raw]).bytes == raw)
    }

    @Test func pipelineKeepsOrderAndErrorsInPlace() throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command("SET", "s", "x")
        let replies = try c.pipeline([["INCR", "n"], ["HGETALL", "s"], ["INCR", "n"], ["GET", "missing"]])
        #expect(replies[0] == .integer(1))
        #expect(replies[1].errorText?.hasPrefix("WRONGTYPE") == true)
        #expect(replies[2] == .integer(2))
        #expect(replies[3].isNull)
    }

    @Test func wrongTypeIsTyped() throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command("SET", "s", "x")
        do {
            _ = try c.command("HGETALL", "s")
            Issue.record("expected WRONGTYPE")
        } catch {
            #expect(error.reason == .wrongType)
            #expect(error.code == "redis_wrongtype")
        }
    }

    @Test func scanVisitsEveryKeyOnceWithMatchAndType() throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.pipeline((0..<2500).map { ["SET", "k:\($0)", "v"] } + [["SADD", "k:set", "a"], ["SET", "other", "x"]])
        var seen = Set<String>()
        try c.scan(match: "k:*", count: 100, type: "string") { batch in
            seen.formUnion(batch)
            return true
        }
        #expect(seen.count == 2500)
        #expect(!seen.contains("k:set") && !seen.contains("other"))
        var stoppedAfter = 0
        try c.scan(match: "k:*", count: 100) { batch in
            stoppedAfter += 1
            return false
        }
        #expect(stoppedAfter == 1)
    }

    @Test func evalReloadsAfterScriptFlush() throws {
        let server = try RedisServer()
        let c = try server.connect()
        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        #expect(try c.eval(script, keys: ["n"], args: ["2"]).int == 2)
        _ = try c.command("SCRIPT", "FLUSH")
        #expect(try c.eval(script, keys: ["n"], args: ["3"]).int == 5)
        _ = try c.command("SCRIPT", "FLUSH")
        let replies = try c.evalPipeline(script, calls: [(keys: ["n"], args: ["1"]), (keys: ["n"], args: ["1"])])
        #expect(replies.map(\.int) == [6, 7])
    }

    @Test func authFailureIsTypedAndRedacted() throws {
        let server = try RedisServer(password: "right-password-123")
        var e = server.endpoint
        e.password = "wrong-password-456"
        do {
            _ = try RedisConnection(e, timeouts: .seconds(2))
            Issue.record("expected auth failure")
        } catch {
            #expect(error.reason == .auth)
            #expect(!error.message.contains("wrong-password-456"))
        }
        e.password = nil
        let c = try RedisConnection(e, timeouts: .seconds(2))
        do {
            _ = try c.command("GET", "x")
            Issue.record("expected NOAUTH")
        } catch {
            #expect(error.reason == .auth)
        }
        #expect(try server.connect().command("PING").string == "PONG")
    }

    @Test func aclUserAndDatabaseSelection() throws {
        let server = try RedisServer(tcp: true)
        let admin = try server.connect()
        _ = try admin.command("ACL", "SETUSER", "ops", "on", ">ops-pass-789", "~*", "+@all")
        _ = try admin.command(["SELECT", "3"])
        _ = try admin.command("SET", "where", "db3")
        let c = try RedisConnection(RedisEndpoint.parse("redis://ops:ops-pass-789@127.0.0.1:\(server.port!)/3"))
        #expect(try c.command("GET", "where").string == "db3")
        #expect(try c.command("ACL", "WHOAMI").string == "ops")
    }

    @Test func unreachableServerIsTypedQuickly() throws {
        let port = RedisServer.freePort()
        let start = ContinuousClock.now
        do {
            _ = try RedisConnection(RedisEndpoint.parse("redis://127.0.0.1:\(port)"), timeouts: .seconds(2))
            Issue.record("expected connection refused")
        } catch {
            #expect(error.kind == .unreachable)
            #expect(error.message.contains("127.0.0.1:\(port)"))
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func replyTimeoutAgainstAServerThatNeverAnswers() throws {
        let hole = BlackholeServer()
        let c = try RedisConnection(RedisEndpoint.parse(hole.url), timeouts: .seconds(0.3))
        let start = ContinuousClock.now
        do {
            _ = try c.command("PING")
            Issue.record("expected a timeout")
        } catch {
            #expect(error.reason == .timeout)
            #expect(error.kind == .unreachable)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(3))
    }

    @Test func tlsFailsWithAClearReason() {
        do {
            _ = try RedisConnection(RedisEndpoint.parse("rediss://127.0.0.1:6380"))
            Issue.record("expected unsupported")
        } catch {
            #expect(error.reason == .unsupported)
            #expect(error.message.contains("TLS"))
        }
    }

    @Test func reconnectsOnTheNextCommandAfterARestart() throws {
        let server = try RedisServer()
        let c = try server.connect()
        _ = try c.command("PING")
        try server.restart()
        // The socket the old server closed is noticed before the command is sent: nothing is lost.
        #expect(try c.command("PING").string == "PONG")
    }

    @Test func subscribeDeliversAndStopsWhenAsked() throws {
        let server = try RedisServer()
        let sub = try server.connect()
        let pub = try server.connect()
        var got: [String] = []
        let publisher = Thread {
            usleep(150_000)
            for i in 0..<3 { _ = try? pub.command("PUBLISH", "ch", "m\(i)") }
        }
        publisher.start()
        let start = ContinuousClock.now
        try sub.subscribe(channels: ["ch"], shouldStop: { got.count >= 3 || ContinuousClock.now - start > .seconds(5) }) { channel, payload in
            #expect(channel == "ch")
            got.append(String(decoding: payload, as: UTF8.self))
        }
        #expect(got == ["m0", "m1", "m2"])
        var stopCalls = 0
        try sub.subscribe(channels: ["quiet"], pollInterval: .milliseconds(50), shouldStop: { stopCalls += 1; return stopCalls > 3 }) { _, _ in }
        #expect(stopCalls > 3)
    }
}
