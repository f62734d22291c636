import Foundation
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// `actors stats` walks the keyspace once (no TYPE filter) instead of twice (type sets, then actor
/// hashes). What only that walk can find must still be found, and a clean registry must not be
/// sent to the exact unindexed walk by the keys the untyped SCAN now also returns.
@Suite("actors stats: one keyspace pass")
struct StatsKeyspacePassTests {
    static func register(_ c: RedisConnection, _ ids: [(String, String)]) throws {
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        for (id, type) in ids {
            try registry.register(ActorRegistration(id: id, type: type, workerId: "w1", status: "idle", messageCount: 0), publish: false)
        }
    }

    /// SCAN calls the server counted (INFO commandstats) while `body` ran.
    static func scanCalls(_ c: RedisConnection, _ body: () throws -> Void) throws -> Int {
        _ = try c.command(["CONFIG", "RESETSTAT"])
        try body()
        let info = try c.command(["INFO", "commandstats"]).string ?? ""
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_scan:") }),
            let calls = line.split(separator: ",").first?.split(separator: "=").last.flatMap({ Int($0) })
        else { return 0 }
        return calls
    }

    @Test func aCleanRegistryIsOneWalkAndNoUnindexedCheck() throws {
        let server = try RedisServer()
        let c = try server.connect()
        try Self.register(c, (0..<300).map { ("a\($0)", $0 % 2 == 0 ? "svc" : "job") })
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        var stats = RegistryStats()
        let calls = try Self.scanCalls(c) { stats = try RegistryStats.collect(registry) }
        #expect(stats.total.total == 300 && stats.anomalyTotal == 0)
        #expect(stats.indexedByType == ["svc": 150, "job": 150])
        // 300 hashes + 300 heartbeat keys + 3 sets fit one SCAN call (COUNT = the batch size); the old code made two walks
        // and the unindexed check would be a third.
        print("stats on a clean 300-actor registry: \(calls) SCAN call(s)")
        #expect(calls == 1, "\(calls) SCAN calls")
    }

    @Test func whatOnlyTheWalkCanSeeIsStillFound() throws {
        let server = try RedisServer()
        let c = try server.connect()
        try Self.register(c, [("a1", "svc"), ("a2", "svc")])
        // A full hash outside every index, a partial one, a type set whose members have no hash
        // (a type with no actor at all), and a hash over the type-index namespace.
        _ = try c.command(["HSET", "loom:actor:lost", "actorType", "svc", "workerId", "w1", "status", "idle", "messageCount", "0",
            "lastHeartbeat", "2026-01-01T00:00:00.000Z"])
        _ = try c.command(["HSET", "loom:actor:half", "status", "idle"])
        _ = try c.command(["SADD", "loom:actor:type:ghosts", "g1", "g2"])
        _ = try c.command(["HSET", "loom:actor:type:weird", "actorType", "svc"])
        // A stray non-hash key under the prefix only makes the count high: the exact walk then runs.
        _ = try c.command(["SET", "loom:actor:stray", "x"])
        let stats = try RegistryStats.collect(ActorRegistry(redis: c, keys: Keyspace()))
        #expect(stats.anomalyCounts[.unindexed] == 1)
        #expect(stats.anomalyCounts[.zombie] == 1)
        #expect(stats.anomalyCounts[.dangling] == 2, "\(stats.anomalyExamples)")
        #expect(stats.anomalyCounts[.collision] == 1)
        #expect(stats.indexedByType["ghosts"] == 2 && stats.indexedByType["svc"] == 2)
        #expect(stats.anomalyExamples.contains { $0.kind == .unindexed && $0.id == "lost" })
    }
}
