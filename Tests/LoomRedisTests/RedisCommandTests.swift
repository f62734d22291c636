import Foundation
import LoomRedis
import LoomTesting
import Testing

private func text(_ b: [[UInt8]]) -> [String] { b.map { String(decoding: $0, as: UTF8.self) } }

@Suite("typed commands carry their key positions")
struct RedisCommandTests {
    @Test func singleKeyCommandsNameTheirKey() {
        let cases: [(RedisCommand, String)] = [(.get("a"), "a"), (.hget("h", "f"), "h"), (.hgetall("h"), "h"), (.pttl("p"), "p"),
            (.scard("s"), "s"), (.smembers("s"), "s"), (.srandmember("s", count: 3), "s"), (.type("t"), "t"),
            (.hmget("h", ["f", "g"]), "h"), (.set("k", "v", "NX", "PX", "10"), "k"), (.hset("h", [("f", "1"), ("g", "2")]), "h"),
            (.sscan("s", cursor: "0", match: "x*", count: 10), "s")]
        for (c, key) in cases {
            #expect(c.keyIndices.map { $0 } == [1], "\(c.name)")
            #expect(text(c.keys) == [key], "\(c.name)")
        }
        #expect(text(RedisCommand.hset("h", [("f", "1")]).argv) == ["HSET", "h", "f", "1"])
    }

    @Test func multiKeyCommandsNameEveryKey() {
        #expect(text(RedisCommand.exists(["a", "b", "c"]).keys) == ["a", "b", "c"])
        #expect(text(RedisCommand.del(["a", "b"]).keys) == ["a", "b"])
        #expect(text(RedisCommand.mget(["x", "y"]).keys) == ["x", "y"])
        // MSET-style interleaving: every other argument is a key.
        let mset = RedisCommand(argv: ["MSET", "k1", "v1", "k2", "v2"].map { Array($0.utf8) }, keyStart: 1, keyCount: 2, keyStep: 2)
        #expect(text(mset.keys) == ["k1", "k2"])
        #expect(mset.keyIndices.map { $0 } == [1, 3])
    }

    @Test func keylessCommandsHaveNoKeys() {
        let keyless: [RedisCommand] = [.ping, .time, .info("memory"), .configGet("maxclients"), .publish("loom:actor:events", "{}"),
            .scan(cursor: "0", match: "loom:*", count: 10, type: "hash")]
        for c in keyless {
            #expect(c.keyCount == 0, "\(c.name)")
            #expect(c.keys.isEmpty)
        }
        #expect(text(RedisCommand.scan(cursor: "7", match: "p*", count: 5, type: "set").argv)
            == ["SCAN", "7", "MATCH", "p*", "COUNT", "5", "TYPE", "set"])
    }

    @Test func evalshaKeysAreTheScriptKeys() {
        let c = RedisCommand.evalsha(Array("abc".utf8), keys: [Array("k1".utf8), Array("k2".utf8)], args: [Array("a1".utf8)])
        #expect(text(c.argv) == ["EVALSHA", "abc", "2", "k1", "k2", "a1"])
        #expect(c.keyIndices.map { $0 } == [3, 4])
        #expect(text(c.keys) == ["k1", "k2"])
        let none = RedisCommand.evalsha(Array("abc".utf8), keys: [], args: [Array("a".utf8)])
        #expect(none.keys.isEmpty)
        #expect(text(none.argv) == ["EVALSHA", "abc", "0", "a"])
    }

    @Test func binaryKeysStayExact() {
        let id: [UInt8] = [0xff, 0x00, 0x41]
        let c = RedisCommand("HGETALL", keyBytes: [Array("p:".utf8) + id])
        #expect(c.keys == [Array("p:".utf8) + id])
    }

    /// The server agrees: `COMMAND GETKEYS` on each command's argv gives the keys the command says it has.
    @Test func keyPositionsMatchTheServer() throws {
        let server = try RedisServer()
        let c = try server.connect()
        let client: any RedisClient = c
        let commands: [RedisCommand] = [.get("a"), .hget("h", "f"), .exists(["a", "b"]), .del(["x", "y", "z"]), .mget(["m1", "m2"]),
            .hset("h", [("f", "v")]), .set("k", "v", "PX", "100"), .srandmember("s", count: 2), .sscan("s", cursor: "0", match: nil, count: 5),
            .evalsha(Array(String(repeating: "0", count: 40).utf8), keys: [Array("k1".utf8), Array("k2".utf8)], args: [Array("a".utf8)])]
        for cmd in commands {
            let reply = try client.send(RedisCommand(argv: [Array("COMMAND".utf8), Array("GETKEYS".utf8)] + cmd.argv, keyCount: 0))
            #expect(reply.array?.compactMap(\.bytes) == cmd.keys, "\(cmd.name)")
        }
    }

    @Test func theProtocolRunsCommandsPipelinesAndScripts() throws {
        let server = try RedisServer()
        let client: any RedisClient = try server.connect()
        _ = try client.send(.set("k", "v"))
        #expect(try client.send(.get("k")).string == "v")
        let replies = try client.pipeline([.exists(["k", "missing"]), .hget("k", "f")])
        #expect(replies[0].int == 1)
        #expect(replies[1].errorText?.hasPrefix("WRONGTYPE") == true)
        let script = RedisScript("return {KEYS[1], ARGV[1]}")
        #expect(try client.eval(script, keys: ["a"], args: ["b"]).array?.compactMap(\.string) == ["a", "b"])
        let many = try client.evalPipeline(script, calls: [RedisScriptCall(keys: ["x"], args: ["1"]), RedisScriptCall(keys: ["y"], args: ["2"])])
        #expect(many.map { $0.array?.compactMap(\.string) ?? [] } == [["x", "1"], ["y", "2"]])
        var seen: [String] = []
        try client.scan(match: "k*", count: 10) { batch in
            seen += batch
            return true
        }
        #expect(seen == ["k"])
        let other = try client.openAnother()
        #expect(try other.send(.get("k")).string == "v")
        other.close()
    }

    /// A blocking loop run through `BlockingRedis` sees its task's cancellation and ends.
    @Test func blockingLoopsSeeTaskCancellation() async throws {
        let server = try RedisServer()
        let subscriber = try server.connect().openAnother()
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await BlockingRedis.run(name: "test subscribe") { isCancelled -> Bool in
                var confirmed = false
                try subscriber.subscribe(channels: ["c"], shouldStop: {
                    if !confirmed {
                        confirmed = true
                        started.continuation.yield()
                    }
                    return isCancelled()
                }) { _, _ in }
                return isCancelled()
            }
        }
        var it = started.stream.makeAsyncIterator()
        _ = await it.next()
        task.cancel()
        #expect(try await task.value == true)
    }
}
