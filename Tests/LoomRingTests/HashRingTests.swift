import Testing
@testable import LoomRing

@Suite struct HashRingTests {
    /// Keys used for the statistical properties (≥ 200k as required; the 1M check is in LoomBench).
    static let propertyKeys = RingSimulation.syntheticKeys(count: 200_000)

    @Test func murmurRingMatchesIndependentPythonImplementation() throws {
        let fixture = Vectors.shared.murmurRing
        let ring = try HashRing(nodes: ringNodes(fixture.capacities))
        #expect(ring.pointCount == fixture.capacities.values.reduce(0) { $0 + Int($1 * 150) })
        #expect(fixture.keys.count == 1000)
        var mismatches = 0
        for (key, node) in fixture.keys where ring.owner(of: key) != node { mismatches += 1 }
        #expect(mismatches == 0)
    }

    @Test(arguments: [(1, 1), (5, 7), (3, 1000), (20, 100)])
    func bucketedSearchMatchesLinearScan(nodeCount: Int, pointsPerCapacity: Int) throws {
        let ring = try HashRing(nodes: numberedNodes(nodeCount), config: RingConfig(pointsPerCapacity: pointsPerCapacity))
        var probes: [UInt32] = [0, 1, UInt32.max, UInt32.max - 1, 1 << 31]
        for h in ring.hashes.prefix(600) { probes += [h, h &- 1, h &+ 1] }
        var rng = SplitMix64(state: 3)
        for _ in 0..<2000 { probes.append(UInt32.random(in: 0...UInt32.max, using: &rng)) }
        for h in probes {
            let expected = ring.hashes.firstIndex { $0 >= h } ?? 0
            #expect(ring.pointIndex(forHash: h) == expected, "hash \(h)")
        }
        #expect(ring.hashes == ring.hashes.sorted())
    }

    @Test func pointsAreLabelledNodeColonIndex() throws {
        let ring = try HashRing(nodes: [RingNode(id: "n1", capacity: 2), RingNode(id: "n2")], config: RingConfig(seed: 5, pointsPerCapacity: 3))
        let expected = (0..<6).map { MurmurHash3.x86_32("n1:\($0)", seed: 5) }.sorted()
        #expect(ring.points(of: "n1") == expected)
        #expect(ring.points(of: "n2").count == 3)
        #expect(ring.points(of: "nope").isEmpty)
        #expect(ring.pointCount == 9)
    }

    @Test func inputOrderDoesNotMatter() throws {
        let nodes = numberedNodes(12) + [RingNode(id: "big", capacity: 3)]
        let reference = try HashRing(nodes: nodes)
        var rng = SplitMix64(state: 11)
        let keys = RingSimulation.syntheticKeys(count: 5000)
        for _ in 0..<3 {
            let shuffled = try HashRing(nodes: nodes.shuffled(using: &rng))
            #expect(shuffled.hashes == reference.hashes && shuffled.owners == reference.owners)
            #expect(keys.allSatisfy { shuffled.owner(of: $0) == reference.owner(of: $0) })
        }
    }

    /// Finds two labels `"<a>:<i>"`, `"<b>:<j>"` with equal murmur3 hashes (birthday search over
    /// 2^17 points each: ~4 collisions expected) and checks that the tie goes to the smaller id
    /// whatever order the nodes are given in.
    @Test func equalPointHashesTieBreakByNodeID() throws {
        let n = 1 << 17
        var byHash = [UInt32: Int](minimumCapacity: n)
        for i in 0..<n { byHash[MurmurHash3.x86_32("zeta:\(i)")] = i }
        var collision: (i: Int, j: Int, hash: UInt32)?
        for j in 0..<n {
            let h = MurmurHash3.x86_32("alpha:\(j)")
            if let i = byHash[h] { collision = (i, j, h); break }
        }
        let c = try #require(collision)
        let config = RingConfig(pointsPerCapacity: max(c.i, c.j) + 1)
        for nodes in [[RingNode(id: "zeta"), RingNode(id: "alpha")], [RingNode(id: "alpha"), RingNode(id: "zeta")]] {
            let ring = try HashRing(nodes: nodes, config: config)
            #expect(ring.points(of: "zeta").contains(c.hash) && ring.points(of: "alpha").contains(c.hash))
            let first = try #require(ring.pointIndex(forHash: c.hash))
            #expect(ring.hashes[first] == c.hash && ring.hashes[first + 1] == c.hash)
            #expect(ring.nodes[Int(ring.owners[first])].id == "alpha")
            #expect(ring.nodes[Int(ring.owners[first + 1])].id == "zeta")
            #expect(ring.nodes[ring.ownerIndex(forHash: c.hash)!].id == "alpha")
        }
    }

    @Test func lookupGivesOwnerThenDistinctFallbacks() throws {
        let ring = try HashRing(nodes: numberedNodes(6) + [RingNode(id: "down", isEligible: false)])
        for key in RingSimulation.syntheticKeys(count: 500) {
            let order = ring.lookup(key: key, count: 10)
            #expect(order.count == 6)
            #expect(order.first == ring.owner(of: key))
            #expect(Set(order).count == order.count)
            #expect(!order.contains("down"))
            #expect(ring.lookup(key: key, count: 3) == Array(order.prefix(3)))
            // Each fallback is the owner once the nodes before it are gone.
            let without = try ring.removing(Array(order.prefix(2)))
            #expect(without.owner(of: key) == order[2])
        }
        #expect(ring.lookup(key: "k", count: 0).isEmpty)
    }

    @Test func ineligibleNodesNeverOwnKeysButAreReported() throws {
        var nodes = numberedNodes(8)
        nodes[2].isEligible = false
        nodes[5].isEligible = false
        let ring = try HashRing(nodes: nodes)
        let owners = Set(RingSimulation.syntheticKeys(count: 20_000).compactMap { ring.owner(of: $0) })
        #expect(owners == Set(nodes.filter(\.isEligible).map(\.id)))
        let shares = ring.shares()
        #expect(shares.count == 8)
        #expect(shares.filter { !$0.isEligible }.allSatisfy { $0.points == 0 && $0.percent == 0 && $0.idealPercent == 0 })
        // Excluding a node is exactly removing it.
        let removed = try HashRing(nodes: nodes.filter(\.isEligible))
        #expect(removed.hashes == ring.hashes)

        let allDown = try HashRing(nodes: [RingNode(id: "a", isEligible: false)])
        #expect(allDown.owner(of: "k") == nil && allDown.lookup(key: "k", count: 2).isEmpty && allDown.pointCount == 0)
    }

    @Test func sharesCoverTheWholeSpaceAndTrackCapacity() throws {
        let ring = try HashRing(nodes: [RingNode(id: "a"), RingNode(id: "b", capacity: 3), RingNode(id: "c", capacity: 2)], config: RingConfig(pointsPerCapacity: 400))
        let shares = ring.shares()
        #expect(abs(shares.reduce(0) { $0 + $1.percent } - 100) < 1e-9)
        #expect(shares.map(\.points) == [400, 1200, 800])
        for s in shares { #expect(abs(s.percent - s.idealPercent) < 3, "\(s.id): \(s.percent)% vs \(s.idealPercent)%") }
        // Empirical key share agrees with the arc share.
        let keys = RingSimulation.syntheticKeys(count: 50_000)
        let counted = Dictionary(grouping: keys, by: { ring.owner(of: $0)! }).mapValues { Double($0.count) / 500 }
        for s in shares { #expect(abs(counted[s.id]! - s.percent) < 1) }
    }

    @Test func balanceOfTenNodes() throws {
        let ring = try HashRing(nodes: numberedNodes(10))
        let stats = try BalanceStats.measure(ring, keys: Self.propertyKeys)
        #expect(stats.keyCount == Self.propertyKeys.count)
        #expect(stats.busiestToMean <= 1.2)
        #expect(stats.minToMean >= 0.8)
    }

    @Test func addingAnEleventhNodeMovesOnlyToIt() throws {
        let ring = try HashRing(nodes: numberedNodes(10))
        let sim = try RingSimulation.compare(ring: ring, adding: [RingNode(id: "node-10")], keys: Self.propertyKeys)
        #expect(abs(sim.idealFraction - 1.0 / 11) < 1e-12)
        #expect(abs(sim.movedFraction - 1.0 / 11) < 0.01)
        #expect(sim.movements.allSatisfy { $0.to == "node-10" })
        #expect(sim.movements.reduce(0) { $0 + $1.count } == sim.movedCount)
        #expect(sim.nodes.first { $0.id == "node-10" }?.after == sim.movedCount)
    }

    @Test func removingANodeMovesOnlyItsKeys() throws {
        let ring = try HashRing(nodes: numberedNodes(10))
        let after = try ring.removing(["node-3"])
        let keys = Array(Self.propertyKeys.prefix(50_000))
        for key in keys {
            let before = ring.owner(of: key)!
            if before != "node-3" { #expect(after.owner(of: key) == before) }
        }
        let sim = try RingSimulation.compare(before: ring, after: after, keys: keys)
        #expect(sim.movedCount == sim.nodes.first { $0.id == "node-3" }!.before)
        #expect(sim.movements.allSatisfy { $0.from == "node-3" })
        #expect(abs(sim.idealFraction - 0.1) < 1e-12)
    }

    @Test func invalidConfigurationsThrow() {
        #expect(throws: RingError.emptyRing) { try HashRing(nodes: []) }
        #expect(throws: RingError.duplicateNodeID("a")) { try HashRing(nodes: [RingNode(id: "a"), RingNode(id: "b"), RingNode(id: "a")]) }
        #expect(throws: RingError.invalidCapacity(node: "a", capacity: 0)) { try HashRing(nodes: [RingNode(id: "a", capacity: 0)]) }
        #expect(throws: RingError.invalidCapacity(node: "a", capacity: -1)) { try HashRing(nodes: [RingNode(id: "a", capacity: -1)]) }
        #expect(throws: RingError.invalidNodeID("")) { try HashRing(nodes: [RingNode(id: "")]) }
        #expect(throws: RingError.invalidPointsPerCapacity(0)) { try HashRing(nodes: [RingNode(id: "a")], config: RingConfig(pointsPerCapacity: 0)) }
        #expect(throws: RingError.invalidLoadFactor(0.5)) { try HashRing(nodes: [RingNode(id: "a")], config: RingConfig(loadFactor: 0.5)) }
        #expect(throws: RingError.tooManyPoints(150 * 200_000)) {
            try HashRing(nodes: [RingNode(id: "a", capacity: 100_000), RingNode(id: "b", capacity: 100_000)])
        }
        #expect(throws: RingError.invalidCapacity(node: "a", capacity: 200_000)) { try HashRing(nodes: [RingNode(id: "a", capacity: 200_000)]) }
        #expect(throws: RingError.unknownNode("x")) { try HashRing(nodes: [RingNode(id: "a")]).removing(["x"]) }
        #expect(RingError.duplicateNodeID("a").description.contains("duplicate node id 'a'"))
    }
}
