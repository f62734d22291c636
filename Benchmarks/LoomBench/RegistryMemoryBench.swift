import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import LoomKeyspace
import LoomRegistry

/// `LoomBench registry-memory [--actors N] [--mb M] [--loomctl PATH]`: peak RSS of the release
/// `loomctl` over large records (issue 15 item 12; default 600 actors × 2 MB of metadata).
///
/// Each command runs as its own process under `/usr/bin/time -f %M` (peak RSS in KB) against a
/// throwaway redis-server. Targets (docs/benchmarks.md, "Memory bounds"): commands that do not
/// print metadata (`actors stats`, `list -o name`, `ring show`) stay under 64 MB, whatever the
/// record size; `list -o jsonl`, which prints it, stays under 64 MB + batch budget + one record cap.
enum RegistryMemoryBench {
    static func run(arguments: [String]) -> Int32 {
        func value(_ flag: String, _ def: Int) -> Int {
            guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 else { return def }
            return n
        }
        let actors = value("--actors", 600)
        let mb = value("--mb", 2)
        let loomctl: String
        if let i = arguments.firstIndex(of: "--loomctl"), i + 1 < arguments.count {
            loomctl = arguments[i + 1]
        } else {
            loomctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("loomctl").path
        }
        do {
            return try runAll(actors: actors, mb: mb, loomctl: loomctl) ? 0 : 1
        } catch {
            print("registry-memory bench failed: \(error)")
            return 1
        }
    }

    static func runAll(actors: Int, mb: Int, loomctl: String) throws -> Bool {
        let server = try RedisServer()
        let redis = try server.connect()
        print("registry-memory: \(actors) actors × \(mb) MB metadata into \(server.url)")
        let blob = "{\"blob\":\"" + String(repeating: "m", count: mb * 1024 * 1024 - 12) + "\"}"
        let now = Timestamp.nowMillis()
        for i in 0..<actors {
            let id = "big-\(i)"
            _ = try redis.pipeline([
                ["HSET", "loom:actor:\(id)", "actorId", id, "actorType", "calc", "workerId", "w-\(i % 4)", "status", "idle",
                    "lastHeartbeat", Timestamp.iso(millis: now), "messageCount", "0", "metadata", blob],
                ["SADD", "loom:actor:type:calc", id], ["SADD", "loom:actor:all", id], ["SETEX", "loom:actor:heartbeat:\(id)", "600", String(now)],
            ])
        }
        let budget = 64
        let printing = 64 + (ActorRegistry(redis: redis, keys: Keyspace()).batchByteBudget + ActorRecord.recordCap) / (1024 * 1024)
        var ok = true
        for (args, limitMB) in [(["actors", "stats", "-o", "json"], budget), (["actors", "list", "-o", "name"], budget),
            (["ring", "show", "-o", "json"], budget), (["actors", "list", "-o", "jsonl"], printing)]
        {
            let (code, rssKB) = try measure(loomctl, args, redisURL: server.url)
            let rssMB = Double(rssKB) / 1024
            let pass = code == 0 && rssMB < Double(limitMB)
            ok = ok && pass
            print(String(format: "  loomctl %-24@ peak RSS %7.1f MB (bound %d MB) exit %d %@", args.joined(separator: " ") as NSString, rssMB,
                limitMB, code, pass ? "PASS" : "FAIL"))
        }
        return ok
    }

    /// Runs `loomctl args` with stdout to /dev/null; returns its exit code and peak RSS (KB).
    static func measure(_ loomctl: String, _ args: [String], redisURL: String) throws -> (Int32, Int) {
        let p = Process()
        let timeFile = NSTemporaryDirectory() + "loombench-time-\(UUID().uuidString.prefix(8))"
        p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        p.arguments = ["-f", "%M", "-o", timeFile, loomctl] + args
        var env = ProcessInfo.processInfo.environment
        env["LOOMCTL_REDIS_URL"] = redisURL
        env["XDG_CONFIG_HOME"] = NSTemporaryDirectory() + "loombench-cfg"
        p.environment = env
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: timeFile) }
        let text = (try? String(contentsOfFile: timeFile, encoding: .utf8)) ?? ""
        let kb = text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last ?? -1
        return (p.terminationStatus, kb)
    }
}
