import Testing
@testable import LoomRing

@Suite struct KetamaTests {
    @Test func keyHashesMatchUhashring() {
        let hashes = Vectors.shared.ketamaHashes
        #expect(hashes.count >= 50)
        for (key, hash) in hashes { #expect(Ketama.hash(key) == hash, "key \(key.debugDescription)") }
    }

    @Test(arguments: Vectors.shared.ketamaRings.map(\.name))
    func ringsMatchUhashring(name: String) throws {
        let fixture = try #require(Vectors.shared.ketamaRings.first { $0.name == name })
        let ring = try HashRing(
            nodes: fixture.weights.map { RingNode(id: $0.key, capacity: Double($0.value)) },
            config: RingConfig(algorithm: .ketama))
        let points = Dictionary(uniqueKeysWithValues: ring.shares().map { ($0.id, $0.points) })
        #expect(points == fixture.points, "uhashring's weighting: ⌊40·N·w/W⌋ digests × 4 points")
        #expect(ring.pointCount == fixture.points.values.reduce(0, +))
        #expect(fixture.keys.count >= 1000)
        var mismatches = 0
        for (key, node) in fixture.keys where ring.owner(of: key) != node { mismatches += 1 }
        #expect(mismatches == 0)
    }

    @Test func equalWeightsGive160PointsPerNode() throws {
        let ring = try HashRing(nodes: numberedNodes(7), config: RingConfig(algorithm: .ketama))
        #expect(ring.shares().allSatisfy { $0.points == 160 })
        #expect(ring.pointCount == 7 * 160)
    }

    @Test func digestCountFormula() {
        // 4 nodes, weights 1,2,3,5 (W = 11): ⌊160·w/11⌋.
        #expect([1.0, 2, 3, 5].map { Ketama.digestCount(weight: $0, totalWeight: 11, nodeCount: 4) } == [14, 29, 43, 72])
        // Integer arithmetic: 40·3·1/3 is exactly 40, not 39.
        #expect(Ketama.digestCount(weight: 1, totalWeight: 3, nodeCount: 3) == 40)
        // Fractional weights fall back to Double: 40·2·0.5/1.5 = 26.67 → 26.
        #expect(Ketama.digestCount(weight: 0.5, totalWeight: 1.5, nodeCount: 2) == 26)
    }
}
