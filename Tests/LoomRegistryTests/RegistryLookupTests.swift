import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
@testable import LoomKeyspace
@testable import LoomRegistry
@testable import LoomMembership
@testable import LoomHealth

/// The lookups LoomCLI used to run itself (completion names, owner lookups, the eviction policy),
/// now library functions, against a real redis-server.
@Suite("registry names, owners and node eviction")
struct RegistryLookupTests {
    let server: RedisServer
    let registry: ActorRegistry
    let membership: NodeMembership

    init() throws {
        server = try RedisServer()
        let conn = try server.connect()
        registry = ActorRegistry(redis: conn, keys: Keyspace())
        membership = NodeMembership(redis: conn, keys: Keyspace())
        for (id, type, worker) in [("order-1", "order", "w1"), ("order-2", "order", "w2"), ("billing-1", "billing", "w1")] {
            try registry.register(ActorRegistration(id: id, type: type, workerId: worker))
        }
    }

    func names(_ kind: ActorRegistry.NameKind, _ prefix: String, max: Int = 100) throws -> (Set<String>, Bool) {
        var out = Set<String>()
        let complete = try registry.names(kind, prefix: prefix, deadline: .now + .seconds(5), maxResults: max, scanCount: 100, into: &out)
        return (out, complete)
    }

    @Test func actorIdsByPrefix() throws {
        let (ids, complete) = try names(.actorIds, "order-")
        #expect(ids == ["order-1", "order-2"])
        #expect(complete)
        #expect(try names(.actorIds, "").0 == ["order-1", "order-2", "billing-1"])
        #expect(try names(.actorIds, "nope").0.isEmpty)
    }

    @Test func actorTypesByPrefix() throws {
        #expect(try names(.actorTypes, "").0 == ["order", "billing"])
        #expect(try names(.actorTypes, "bi").0 == ["billing"])
    }

    @Test func nodesFromMembershipOrElseFromWorkerIds() throws {
        // No registered node: a sample of workerIds stands in.
        #expect(try names(.nodes, "w").0 == ["w1", "w2"])
        try membership.apply(.register(NodeRecord(id: "n1"), liveness: .permanent), expectedEpoch: nil)
        let (nodes, complete) = try names(.nodes, "")
        #expect(nodes == ["n1"])
        #expect(complete)
    }

    @Test func ownersOfActors() throws {
        #expect(try registry.owners(of: ["order-1", "missing", "order-2"]) == ["w1", nil, "w2"])
        #expect(try registry.owners(of: []) == [])
        #expect(try registry.owner(of: "billing-1") == "w1")
        #expect(try registry.owner(of: "missing") == nil)
        var ids: [String] = []
        try registry.forEachIDBatch(count: 1) { batch in
            ids += batch
            return true
        }
        #expect(Set(ids) == ["order-1", "order-2", "billing-1"])
    }

    @Test func evictionTakesAgentNodesPastTheThresholdOnly() throws {
        for id in ["n1", "n2", "n3"] { try membership.apply(.register(NodeRecord(id: id), liveness: .permanent), expectedEpoch: nil) }
        try membership.apply(.setStatus("n2", .down), expectedEpoch: nil)
        let snapshot = try membership.read()
        let outcome = NodeHealth.Outcome(checks: [], downNodes: [], consecutiveUnhealthy: ["n1": 3, "n2": 5, "n3": 2], snapshot: snapshot)
        let candidates = outcome.evictionCandidates(after: 3)
        #expect(candidates.map(\.node.id) == ["n1"])
        #expect(candidates.first?.consecutiveUnhealthy == 3)
        #expect(outcome.evictionCandidates(after: 2).map(\.node.id) == ["n1", "n3"])
        // Inferred nodes (no record to mark) are never candidates.
        var inferred = snapshot
        inferred.nodes = inferred.nodes.map { var n = $0; n.source = .inferred; return n }
        #expect(NodeHealth.Outcome(checks: [], downNodes: [], consecutiveUnhealthy: ["n1": 9], snapshot: inferred).evictionCandidates(after: 1).isEmpty)

        let epoch = try membership.evict(candidates.map(\.node), fromEpoch: snapshot.ring.epoch, by: "test")
        #expect(epoch == snapshot.ring.epoch + 1)
        let after = try membership.read()
        #expect(after.node("n1")?.status == .down)
        #expect(after.node("n3")?.status == .active)
        // A membership change made meanwhile stops the eviction (the epoch it read is stale).
        #expect(throws: MembershipError.self) { try membership.evict([snapshot.node("n3")!], fromEpoch: snapshot.ring.epoch, by: "test") }
        #expect(try membership.read().node("n3")?.status == .active)
    }
}
