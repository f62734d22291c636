import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// Issue 17, goal 2: on a large database `actors stats` is one pass over `P:all` plus SCARDs, with no
/// keyspace walk. What the indexes show must be the same as with the walk; what only the walk finds
/// (hashes outside the indexes) is named as not checked, never reported as zero by omission.
@Suite("actors stats without the keyspace walk")
struct StatsWithoutWalkTests {
    /// 300 actors of two types, with the anomalies the indexes can show: a mis-indexed id, an id in
    /// `P:all` whose hash is gone, an indexed partial hash and a bad record; plus one full hash outside
    /// every index, which only the walk finds.
    static func registry() throws -> (RedisServer, RedisConnection, ActorRegistry) {
        let server = try RedisServer()
        let c = try server.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        for i in 0..<300 {
            try registry.register(ActorRegistration(id: "a\(i)", type: i % 2 == 0 ? "svc" : "job", workerId: "w\(i % 3)", status: "idle",
                messageCount: 0), publish: false)
        }
        _ = try c.command(["SADD", "loom:actor:type:svc", "a1"])  // a1 is a job: mis-indexed
        _ = try c.command(["SADD", "loom:actor:all", "gone"])  // dangling in P:all
        _ = try c.command(["HSET", "loom:actor:half", "status", "busy"])
        _ = try c.command(["SADD", "loom:actor:all", "half"])  // indexed zombie
        _ = try c.command(["HSET", "loom:actor:a7", "messageCount", "lots"])  // bad record
        _ = try c.command(["HSET", "loom:actor:lost", "actorType", "svc", "workerId", "w1", "status", "idle", "messageCount", "0",
            "lastHeartbeat", "2026-01-01T00:00:00.000Z"])
        return (server, c, registry)
    }

    /// The stats document without the fields that say whether the walk ran.
    static func counts(_ s: RegistryStats) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in s.json().objectValue ?? [] where !["keyspaceScanned", "notChecked", "walkSkipped", "anomalies"].contains(k) {
            out[k] = v.serialized()
        }
        return out
    }

    @Test func aLargeDatabaseIsOnePassWithoutSCAN() throws {
        let (server, c, registry) = try Self.registry()
        defer { withExtendedLifetime(server) {} }
        var fast = RegistryStats()
        // A budget below the database's 600-odd keys stands in for a database of millions.
        let calls = try StatsKeyspacePassTests.scanCalls(c) {
            fast = try RegistryStats.collect(registry, walk: .auto, walkBudget: 100, overlapKeyspacePass: true)
        }
        #expect(calls == 0, "\(calls) SCAN calls")
        #expect(!fast.keyspaceScanned)
        #expect(fast.walkSkippedBecause?.contains("keys (walked at most 100 by default)") == true, "\(fast.walkSkippedBecause ?? "nil")")
        let exact = try RegistryStats.collect(registry, walk: .always)
        #expect(exact.keyspaceScanned)
        // Everything the indexes show is the same: counts, SCARDs, and these anomalies.
        #expect(Self.counts(fast) == Self.counts(exact))
        #expect(fast.indexedByType == ["svc": 151, "job": 150])
        for kind in [Anomaly.Kind.misIndexed, .dangling, .badRecord] {
            #expect(fast.anomalyCounts[kind] == exact.anomalyCounts[kind], "\(kind)")
            #expect((fast.anomalyCounts[kind] ?? 0) >= 1, "\(kind)")
        }
        #expect(fast.anomalyCounts[.zombie] == 1)  // the indexed one
        // Only the walk finds the hash outside the indexes.
        #expect(fast.anomalyCounts[.unindexed] == nil)
        #expect(exact.anomalyCounts[.unindexed] == 1)
        #expect(exact.anomalyExamples.contains { $0.kind == .unindexed && $0.id == "lost" })
        // The document says what was not checked.
        let json = fast.json()
        #expect(json["keyspaceScanned"]?.boolValue == false)
        #expect(json["notChecked"]?.arrayValue?.compactMap(\.stringValue) == ["zombie", "unindexed"])
        #expect(exact.json()["keyspaceScanned"]?.boolValue == true)
        #expect(exact.json()["notChecked"] == nil)
    }

    @Test func autoWalksASmallDatabaseAndNeverDoesNot() throws {
        let (server, c, registry) = try Self.registry()
        defer { withExtendedLifetime(server) {} }
        let auto = try RegistryStats.collect(registry)
        #expect(auto.keyspaceScanned && auto.anomalyCounts[.unindexed] == 1)
        var never = RegistryStats()
        let calls = try StatsKeyspacePassTests.scanCalls(c) { never = try RegistryStats.collect(registry, walk: .never) }
        #expect(calls == 0 && !never.keyspaceScanned && never.walkSkippedBecause == "not asked for")
        #expect(Self.counts(never) == Self.counts(auto))
    }

    /// A hash at `P:type:T` (an actor id `type:T`) where the type set of an indexed actor's type should be:
    /// the SCARD's WRONGTYPE is the collision the walk reports.
    @Test func aHashOverASeenTypeSetIsACollisionWithoutTheWalk() throws {
        let server = try RedisServer()
        let c = try server.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        try registry.register(ActorRegistration(id: "w1", type: "weird", workerId: "n1", status: "idle", messageCount: 0), publish: false)
        _ = try c.command(["DEL", "loom:actor:type:weird"])
        _ = try c.command(["HSET", "loom:actor:type:weird", "actorType", "svc"])
        let fast = try RegistryStats.collect(registry, walk: .never)
        let exact = try RegistryStats.collect(registry, walk: .always)
        #expect(fast.anomalyCounts[.collision] == 1 && exact.anomalyCounts[.collision] == 1)
        #expect(fast.anomalyExamples.first { $0.kind == .collision }?.key == exact.anomalyExamples.first { $0.kind == .collision }?.key)
        #expect(fast.indexedByType["weird"] == nil && exact.indexedByType["weird"] == nil)
    }
}
