import Testing
@testable import LoomRing

@Suite struct JumpHashTests {
    @Test func matchesThePublishedAlgorithm() {
        let vectors = Vectors.shared.jump
        #expect(vectors.count >= 400)
        for v in vectors {
            #expect(JumpHash.bucket(key: UInt64(v.key)!, buckets: v.buckets) == v.bucket, "key \(v.key) buckets \(v.buckets)")
        }
    }

    @Test func growingMovesOnlyToTheNewBucketAndBalances() {
        let keys = (0..<100_000).map { JumpHash.keyHash("actor-\($0)") }
        for n in [1, 5, 10, 31] {
            var moved = 0
            var counts = [Int](repeating: 0, count: n + 1)
            for key in keys {
                let before = JumpHash.bucket(key: key, buckets: n), after = JumpHash.bucket(key: key, buckets: n + 1)
                #expect(after == before || after == n)
                if after != before { moved += 1 }
                counts[after] += 1
            }
            #expect(abs(Double(moved) / Double(keys.count) - 1 / Double(n + 1)) < 0.01)
            #expect(Double(counts.max()!) / (Double(keys.count) / Double(n + 1)) < 1.05)
        }
    }

    @Test func placementUsesEligibleNodesInGivenOrder() throws {
        let nodes = [RingNode(id: "c"), RingNode(id: "x", isEligible: false), RingNode(id: "a"), RingNode(id: "b")]
        let jump = try JumpHash(nodes: nodes, seed: 3)
        let keys = RingSimulation.syntheticKeys(count: 2000)
        for key in keys {
            let bucket = JumpHash.bucket(key: JumpHash.keyHash(key, seed: 3), buckets: 3)
            #expect(jump.owner(of: key) == ["c", "a", "b"][bucket])
        }
        // Appending moves ~1/4, all to the new node.
        let sim = try RingSimulation.compare(before: jump, after: try JumpHash(nodes: nodes + [RingNode(id: "d")], seed: 3), keys: keys)
        #expect(sim.movements.allSatisfy { $0.to == "d" })
        #expect(abs(sim.movedFraction - 0.25) < 0.05)
        #expect(throws: RingError.duplicateNodeID("a")) { try JumpHash(nodes: nodes + [RingNode(id: "a")]) }
    }
}

@Suite struct RendezvousHashTests {
    @Test func matchesPythonReference() throws {
        let fixture = Vectors.shared.rendezvous
        let hrw = try RendezvousHash(nodes: ringNodes(fixture.capacities))
        #expect(fixture.keys.count >= 300)
        for (key, node) in fixture.keys { #expect(hrw.owner(of: key) == node, "key \(key.debugDescription)") }
    }

    @Test func removalMovesOnlyTheRemovedNodesKeysAndOrderIsIrrelevant() throws {
        let nodes = numberedNodes(8)
        let hrw = try RendezvousHash(nodes: nodes)
        let keys = RingSimulation.syntheticKeys(count: 20_000)
        let shuffled = try RendezvousHash(nodes: nodes.reversed())
        #expect(keys.prefix(2000).allSatisfy { hrw.owner(of: $0) == shuffled.owner(of: $0) })
        let sim = try RingSimulation.compare(before: hrw, after: try RendezvousHash(nodes: nodes.filter { $0.id != "node-4" }), keys: keys)
        #expect(sim.movements.allSatisfy { $0.from == "node-4" })
        #expect(sim.movedCount == sim.nodes.first { $0.id == "node-4" }!.before)
        #expect(abs(sim.movedFraction - 1.0 / 8) < 0.01)
    }

    @Test func weightsAreHonouredAndRankingStartsWithOwner() throws {
        let hrw = try RendezvousHash(nodes: [RingNode(id: "small"), RingNode(id: "big", capacity: 3), RingNode(id: "off", capacity: 5, isEligible: false)])
        let keys = RingSimulation.syntheticKeys(count: 40_000)
        let stats = try BalanceStats.measure(hrw, keys: keys)
        #expect(stats.perNode.map(\.id) == ["big", "small"])
        #expect(stats.busiestToMean < 1.03 && stats.minToMean > 0.97)
        for key in keys.prefix(500) {
            let ranking = hrw.ranking(of: key)
            #expect(ranking.count == 2 && ranking.first == hrw.owner(of: key))
        }
    }
}
