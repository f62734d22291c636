import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
@testable import LoomKeyspace
@testable import LoomRegistry
@testable import LoomMembership
@testable import LoomDev

/// Reads a redis-server's MONITOR stream over its unix socket: every command as executed,
/// including those a Lua script runs (`[0 lua]`), in execution order.
final class MonitorTap {
    struct Line {
        var fromScript: Bool
        var args: [[UInt8]]
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    init(socketPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            let p = Array(socketPath.utf8)
            raw.copyBytes(from: p.prefix(raw.count - 1))
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw RedisError(.unreachable, "monitor connect failed") }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = "MONITOR\r\n".withCString { write(fd, $0, 9) }
        guard try readLine() == "+OK" else { throw RedisError(.protocolError, "MONITOR not confirmed") }
    }

    deinit { close(fd) }

    private func readLine() throws -> String {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                let line = buffer[..<i].last == 13 ? Array(buffer[..<(i - 1)]) : Array(buffer[..<i])
                buffer.removeFirst(i + 1)
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { throw RedisError(.timeout, "monitor read ended") }
            buffer += chunk[..<n]
        }
    }

    /// Lines up to (not including) the `ECHO marker` sent after the work.
    func lines(until marker: String) throws -> [Line] {
        var out: [Line] = []
        while true {
            let raw = try readLine()
            guard raw.hasPrefix("+"), let close = raw.firstIndex(of: "]") else { continue }
            let origin = raw[raw.startIndex..<close]
            let args = Self.parseArgs(Array(raw[raw.index(after: close)...].utf8))
            if args.first.map({ String(decoding: $0, as: UTF8.self).uppercased() }) == "ECHO", args.count == 2,
                String(decoding: args[1], as: UTF8.self) == marker
            {
                return out
            }
            out.append(Line(fromScript: origin.hasSuffix(" lua"), args: args))
        }
    }

    /// `"a" "b\"c" "\x00"` → bytes (sdscatrepr's escapes).
    static func parseArgs(_ s: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var i = 0
        while i < s.count {
            guard s[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            i += 1
            var arg: [UInt8] = []
            while i < s.count, s[i] != UInt8(ascii: "\"") {
                if s[i] == UInt8(ascii: "\\"), i + 1 < s.count {
                    let e = s[i + 1]
                    switch e {
                    case UInt8(ascii: "n"): arg.append(10); i += 2
                    case UInt8(ascii: "r"): arg.append(13); i += 2
                    case UInt8(ascii: "t"): arg.append(9); i += 2
                    case UInt8(ascii: "a"): arg.append(7); i += 2
                    case UInt8(ascii: "b"): arg.append(8); i += 2
                    case UInt8(ascii: "x"):
                        arg.append(UInt8(String(decoding: s[(i + 2)..<(i + 4)], as: UTF8.self), radix: 16) ?? 0)
                        i += 4
                    default: arg.append(e); i += 2
                    }
                } else {
                    arg.append(s[i])
                    i += 1
                }
            }
            i += 1
            out.append(arg)
        }
        return out
    }
}

/// Redis Cluster routes a script by its KEYS and refuses keys it was not told about; so every key
/// a loomctl script touches must come through KEYS, never be built from ARGV or from a value read
/// inside the script. Checked on a real server: the library's writes run under MONITOR, and each
/// command a script issued has its keys (from `COMMAND GETKEYS`) checked against the EVALSHA's KEYS.
@Suite("every key a script touches comes through KEYS")
struct ScriptKeysTests {
    let server: RedisServer
    let conn: RedisConnection
    let keys = Keyspace()

    init() throws {
        server = try RedisServer()
        conn = try server.connect()
    }

    /// Runs `work` under MONITOR and returns each script-issued command whose keys were not in its EVALSHA's KEYS.
    func undeclaredKeys(_ work: () throws -> Void) throws -> [String] {
        let tap = try MonitorTap(socketPath: server.socketPath)
        try work()
        let marker = "end-\(UUID().uuidString)"
        _ = try conn.command("ECHO", marker)
        let lines = try tap.lines(until: marker)
        var declared: Set<[UInt8]> = []
        var scriptCalls = 0
        var problems: [String] = []
        for line in lines {
            let name = String(decoding: line.args.first ?? [], as: UTF8.self).uppercased()
            if !line.fromScript {
                if name == "EVALSHA" || name == "EVAL", line.args.count >= 3, let n = Int(String(decoding: line.args[2], as: UTF8.self)) {
                    declared = Set(line.args[3..<(3 + n)])
                } else {
                    declared = []
                }
                continue
            }
            scriptCalls += 1
            // Error replies come back in place from a pipeline: a keyless command (PUBLISH, TIME) has none.
            let reply = try conn.pipeline(bytes: [[Array("COMMAND".utf8), Array("GETKEYS".utf8)] + line.args])[0]
            if let e = reply.errorText, !e.contains("no key arguments") { throw RedisError.fromServer(e) }
            let used = reply.array?.compactMap(\.bytes) ?? []
            for key in used where !declared.contains(key) {
                problems.append("\(name) \(String(decoding: key, as: UTF8.self))")
            }
        }
        #expect(scriptCalls > 0, "the work ran no script")
        return problems
    }

    /// The check itself: a key built from ARGV is reported, a key in KEYS is not.
    @Test func theCheckCatchesAKeyBuiltFromARGV() throws {
        let script = RedisScript("redis.call('SET', KEYS[1], '1'); redis.call('SET', ARGV[1] .. ':x', '1'); return 1")
        let problems = try undeclaredKeys { _ = try conn.eval(script, keys: ["declared"], args: ["built"]) }
        #expect(problems == ["SET built:x"])
    }

    @Test func registryWritesDeclareEveryKey() throws {
        let registry = ActorRegistry(redis: conn, keys: keys)
        let problems = try undeclaredKeys {
            try registry.register(ActorRegistration(id: "a1", type: "order", workerId: "w1"))
            try registry.register(ActorRegistration(id: "a1", type: "billing", workerId: "w1"), typeChange: .move)
            try registry.heartbeat("a1")
            try registry.setStatus("a1", "busy")
            _ = try registry.unregister("a1")
        }
        #expect(problems.isEmpty)
        // The move really left the old type's set and the unregister really emptied the new one.
        #expect(try conn.command("EXISTS", keys.typeSet("order"), keys.typeSet("billing"), keys.allSet).int == 0)
    }

    @Test func cleanupDeclaresEveryKey() throws {
        let registry = ActorRegistry(redis: conn, keys: keys)
        try registry.register(ActorRegistration(id: "stale", type: "order", workerId: "w1"))
        _ = try conn.command("DEL", keys.heartbeat("stale"))
        try registry.register(ActorRegistration(id: "mis", type: "order", workerId: "w1"))
        _ = try conn.command("SADD", keys.typeSet("billing"), "mis")
        _ = try conn.command("SADD", keys.allSet, "ghost")
        _ = try conn.command("HSET", keys.actorHash("zombie"), "status", "idle")
        let cleanup = ActorCleanup(registry: registry)
        let findings = try cleanup.plan()
        #expect(Set(findings.map(\.kind)) == [.stale, .misIndexed, .dangling, .zombie])
        var outcome = ActorCleanup.Outcome()
        let problems = try undeclaredKeys { outcome = try cleanup.apply(findings, publish: true) }
        #expect(problems.isEmpty)
        #expect(outcome.removed == 1)
        #expect(outcome.removedMisIndexed == 1)
        #expect(outcome.repairedIndexEntries == 1)
        #expect(outcome.deletedZombies == 1)
        #expect(try conn.command("SISMEMBER", keys.typeSet("order"), "stale").int == 0)
    }

    /// A stale actor whose type changes between the read and the script: the script refuses to
    /// touch the set it was not given and the caller retries with the right one.
    @Test func staleRemovalFollowsATypeChange() throws {
        let registry = ActorRegistry(redis: conn, keys: keys)
        try registry.register(ActorRegistration(id: "s1", type: "order", workerId: "w1"))
        _ = try conn.command("DEL", keys.heartbeat("s1"))
        let cleanup = ActorCleanup(registry: registry)
        let findings = try cleanup.plan().filter { $0.kind == .stale }
        // Retyped behind the plan's back (hash and sets, as a register with --retype leaves them).
        _ = try conn.command("HSET", keys.actorHash("s1"), "actorType", "billing")
        _ = try conn.command("SMOVE", keys.typeSet("order"), keys.typeSet("billing"), "s1")
        let outcome = try cleanup.apply(findings, publish: false)
        #expect(outcome.removed == 1)
        #expect(try conn.command("SISMEMBER", keys.typeSet("billing"), "s1").int == 0)
        #expect(try conn.command("EXISTS", keys.actorHash("s1")).int == 0)
    }

    @Test func membershipAndQueueScriptsDeclareEveryKey() throws {
        let membership = NodeMembership(redis: conn, keys: keys)
        let queue = DevQueue(redis: conn, keys: keys)
        let problems = try undeclaredKeys {
            var n = NodeRecord(id: "n1")
            n.address = "http://127.0.0.1:1"
            try membership.apply(.register(n, liveness: .permanent), expectedEpoch: nil)
            _ = try membership.heartbeat("n1", fields: [], ttlMillis: 10_000)
            try membership.apply(.setStatus("n1", .down), expectedEpoch: nil)
            try queue.enqueue(type: "order", count: 2)
            try queue.finish(type: "order", jobId: "j1", actorId: "a1", node: "n1", ok: false)
        }
        #expect(problems.isEmpty)
        #expect(try conn.command("GET", keys.circuitKey("order", "failures")).string == "1")
    }

    /// The scripts converted for Redis Cluster build no key from ARGV (the few that still do are
    /// listed in docs/architecture.md and left for issue 13).
    @Test func convertedScriptsBuildNoKeyFromARGV() {
        for script in [ActorRegistry.registerScript, ActorRegistry.unregisterScript, ActorCleanup.removeStaleScript, DevScripts.release,
            DevScripts.finish]
        {
            #expect(script.source.range(of: #"ARGV\[\d+\] \.\."#, options: .regularExpression) == nil, "\(script.source.prefix(80))")
        }
    }
}
