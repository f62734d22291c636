import Testing
@testable import LoomRing

@Suite struct SimulationTests {
    @Test func idealFractionIsCapacityShareChange() {
        let before = [RingNode(id: "a"), RingNode(id: "b", capacity: 3)]
        // Adding capacity 2 to a total of 4 → 2/6.
        #expect(abs(RingSimulation.idealMovement(before: before, after: before + [RingNode(id: "c", capacity: 2)]) - 2.0 / 6) < 1e-12)
        // Removing capacity 3 of 4 → 3/4.
        #expect(abs(RingSimulation.idealMovement(before: before, after: [before[0]]) - 0.75) < 1e-12)
        // Marking a node ineligible counts as removing it.
        var cordoned = before
        cordoned[0].isEligible = false
        #expect(abs(RingSimulation.idealMovement(before: before, after: cordoned) - 0.25) < 1e-12)
        #expect(RingSimulation.idealMovement(before: before, after: before.reversed()) == 0)
    }

    @Test func countsDeltasAndMatrixAreConsistent() throws {
        let ring = try HashRing(nodes: numberedNodes(5))
        let keys = RingSimulation.syntheticKeys(count: 30_000, prefix: "user/")
        #expect(keys[7] == "user/7")
        let sim = try RingSimulation.compare(ring: ring, adding: [RingNode(id: "new", capacity: 2)], removing: ["node-1"], keys: keys)
        #expect(sim.keyCount == keys.count)
        #expect(sim.nodes.map(\.id) == ["new", "node-0", "node-1", "node-2", "node-3", "node-4"])
        #expect(sim.nodes.reduce(0) { $0 + $1.before } == keys.count && sim.nodes.reduce(0) { $0 + $1.after } == keys.count)
        #expect(sim.nodes.reduce(0) { $0 + $1.delta } == 0)
        #expect(sim.nodes.first { $0.id == "new" }!.before == 0 && sim.nodes.first { $0.id == "node-1" }!.after == 0)
        #expect(sim.movements.reduce(0) { $0 + $1.count } == sim.movedCount)
        #expect(sim.movements.allSatisfy { $0.from != $0.to && $0.count > 0 })
        #expect(zip(sim.movements, sim.movements.dropFirst()).allSatisfy { $0.count >= $1.count })
        // Each node's delta is what the matrix says flowed in minus out.
        for node in sim.nodes {
            let inflow = sim.movements.filter { $0.to == node.id }.reduce(0) { $0 + $1.count }
            let outflow = sim.movements.filter { $0.from == node.id }.reduce(0) { $0 + $1.count }
            #expect(node.delta == inflow - outflow)
        }
        // Brute-force recount of moved keys.
        let after = try ring.removing(["node-1"]).adding([RingNode(id: "new", capacity: 2)])
        #expect(sim.movedCount == keys.filter { ring.owner(of: $0) != after.owner(of: $0) }.count)
        // Ideal: node-1's 1/5 leaves, "new" takes 2/6 → TV distance = 1/3.
        #expect(abs(sim.idealFraction - 1.0 / 3) < 1e-12)
        #expect(sim.movedFraction >= sim.idealFraction - 0.02)
    }

    @Test func balanceStatsFromCounts() {
        let nodes = [RingNode(id: "a"), RingNode(id: "b", capacity: 2), RingNode(id: "c", capacity: 1), RingNode(id: "z", isEligible: false)]
        // 40 keys, capacities 1:2:1 → expected 10, 20, 10.
        let stats = BalanceStats(counts: [15, 20, 5, 0], nodes: nodes)
        #expect(stats.keyCount == 40)
        #expect(stats.perNode.map(\.id) == ["a", "b", "c"])
        #expect(stats.perNode.map(\.expected) == [10, 20, 10])
        #expect(stats.busiestToMean == 1.5 && stats.minToMean == 0.5)
        // ratios 1.5, 1, 0.5 → mean 1, population stddev sqrt(0.5/3).
        #expect(abs(stats.stddevToMean - (0.5 / 3).squareRoot()) < 1e-12)
    }

    @Test func comparesDifferentStrategiesOnTheSameNodes() throws {
        let nodes = numberedNodes(4)
        let keys = RingSimulation.syntheticKeys(count: 5000)
        let sim = try RingSimulation.compare(before: try HashRing(nodes: nodes), after: try RendezvousHash(nodes: nodes), keys: keys)
        #expect(sim.idealFraction == 0)
        #expect(sim.movedFraction > 0.5) // unrelated strategies agree only by chance (~1/4)
        #expect(throws: RingError.noEligibleNodes) {
            try RingSimulation.compare(before: try HashRing(nodes: nodes), after: try HashRing(nodes: [RingNode(id: "x", isEligible: false)]), keys: keys)
        }
    }
}
