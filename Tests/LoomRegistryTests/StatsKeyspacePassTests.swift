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

    /// Connections the server accepted so far (INFO stats).
    static func connectionsReceived(_ c: RedisConnection) throws -> Int {
        let info = try c.command(["INFO", "stats"]).string ?? ""
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_connections_received:") }
        return line.flatMap { Int($0.split(separator: ":").last ?? "") } ?? -1
    }

    /// On a registry larger than one batch the keyspace pass runs on a second connection while the
    /// per-actor pass runs; the result is the same document as the sequential run, anomalies included.
    @Test func theOverlappedPassGivesTheSameStats() throws {
        let server = try RedisServer()
        let c = try server.connect()
        try Self.register(c, (0..<300).map { ("a\($0)", $0 % 3 == 0 ? "svc" : "job") })
        _ = try c.command(["HSET", "loom:actor:lost", "actorType", "svc", "workerId", "w1", "status", "idle", "messageCount", "0",
            "lastHeartbeat", "2026-01-01T00:00:00.000Z"])
        _ = try c.command(["HSET", "loom:actor:half", "status", "idle"])
        _ = try c.command(["SADD", "loom:actor:type:ghosts", "g1", "g2"])
        _ = try c.command(["SADD", "loom:actor:type:svc", "a1"])
        _ = try c.command(["HSET", "loom:actor:type:weird", "actorType", "svc"])
        _ = try c.command(["SADD", "loom:actor:all", "gone"])
        let registry = ActorRegistry(redis: c, keys: Keyspace(), batchSize: 50)
        let sequential = try RegistryStats.collect(registry, overlapKeyspacePass: false)
        let before = try Self.connectionsReceived(c)
        let overlapped = try RegistryStats.collect(registry)
        #expect(try Self.connectionsReceived(c) == before + 1, "the keyspace pass opens one connection of its own")
        #expect(overlapped.json().serialized() == sequential.json().serialized())
        #expect(overlapped.total.total == 300 && overlapped.anomalyCounts[.unindexed] == 1 && overlapped.anomalyCounts[.misIndexed] == 1)
        #expect(overlapped.anomalyCounts[.collision] == 1 && overlapped.anomalyCounts[.zombie] == 1)
        // One batch or less: no second connection.
        let small = ActorRegistry(redis: c, keys: Keyspace(), batchSize: 1000)
        let again = try Self.connectionsReceived(c)
        #expect(try RegistryStats.collect(small).json().serialized() == sequential.json().serialized())
        #expect(try Self.connectionsReceived(c) == again)
    }

    /// A per-actor pass that fails stops the overlapped keyspace pass and closes its connection.
    @Test func aFailedPassStopsTheKeyspacePass() async throws {
        let server = try RedisServer()
        let c = try server.connect()
        try Self.register(c, (0..<300).map { ("a\($0)", "svc") })
        let registry = ActorRegistry(redis: c, keys: Keyspace(), batchSize: 50)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try RegistryStats.collect(registry)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        // The server sees the close a moment later: wait for it (up to 5 s), then only `c` is left.
        var clients = ""
        for _ in 0..<100 {
            clients = try c.command(["CLIENT", "LIST"]).string ?? ""
            if clients.split(whereSeparator: \.isNewline).count == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(clients.split(whereSeparator: \.isNewline).count == 1, "\(clients)")
    }
}
