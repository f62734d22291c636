import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomMembership

/// Issue 15 item 1 (library entry points): the agent's capacity and Duration arithmetic.
@Suite("node agent bounds")
struct AgentBoundsTests {
    @Test func anOutOfRangeCapacityIsRefusedByTheLibrary() throws {
        let redis = try RedisServer()
        var cfg = NodeAgent.Config(nodeId: "n", address: "http://n")
        for c in [1e19, 7e16, 0, -1, .nan, .infinity] {
            cfg.capacity = c
            #expect(throws: MembershipError.self) {
                try NodeAgent(config: cfg, membership: NodeMembership(redis: try redis.connect(), keys: Keyspace()), log: { _, _, _ in })
            }
        }
    }

    @Test func anAbsurdHeartbeatTTLIsClampedNotATrap() async throws {
        let redis = try RedisServer()
        var cfg = NodeAgent.Config(nodeId: "n", address: "http://user:pw@n:8080")
        cfg.heartbeatTTL = .seconds(Int64.max)
        cfg.countInterval = .zero
        let logs = LogBox()
        let agent = try NodeAgent(config: cfg, membership: NodeMembership(redis: try redis.connect(), keys: Keyspace()),
            log: { l, m, _ in logs.add(l, m) })
        _ = try await agent.runOnce()
        let pttl = try redis.connect().command("PTTL", "loom:node:heartbeat:n").int ?? 0
        #expect(pttl > 0 && pttl <= 31_536_000_000)
    }
}
