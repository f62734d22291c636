import Testing
@testable import LoomRing

@Suite struct BoundedLoadsTests {
    static let nodes = [RingNode(id: "a"), RingNode(id: "b", capacity: 2), RingNode(id: "c"), RingNode(id: "d", capacity: 0.5), RingNode(id: "e")]
    static let keys = RingSimulation.syntheticKeys(count: 20_000)

    @Test(arguments: [1.0, 1.05, 1.25, 2.0])
    func neverExceedsTheBound(loadFactor: Double) throws {
        let ring = try HashRing(nodes: Self.nodes, config: RingConfig(pointsPerCapacity: 20))
        let result = try ring.assignBounded(Self.keys, loadFactor: loadFactor)
        #expect(result.keys.count == Self.keys.count)
        #expect(result.nodes.reduce(0) { $0 + $1.load } == Self.keys.count)
        let total = Self.nodes.reduce(0) { $0 + $1.capacity }
        for (node, load) in zip(ring.nodes, result.nodes) {
            #expect(load.load <= load.bound, "\(load.id): \(load.load) > \(load.bound)")
            #expect(Double(load.bound) >= loadFactor * Double(Self.keys.count) * node.capacity / total - 1e-6)
            #expect(Double(load.bound) < loadFactor * Double(Self.keys.count) * node.capacity / total + 1)
        }
        // A key is displaced only when its ring owner ended up full.
        let full = Set(result.nodes.filter { $0.load == $0.bound }.map(\.id))
        for (key, owner) in zip(result.keys, result.ownerIndices) where owner != ring.ownerIndex(of: key) {
            #expect(full.contains(ring.owner(of: key)!))
        }
        // With 20 points per capacity the plain ring is unbalanced, so a tight bound must displace.
        if loadFactor <= 1.05 { #expect(result.displaced > 0) }
    }

    @Test func displacedKeysWalkClockwiseToTheNextNodeWithRoom() throws {
        // Reference: replay the assignment key by key with the documented rule.
        let ring = try HashRing(nodes: Self.nodes, config: RingConfig(pointsPerCapacity: 10))
        let keys = Array(Self.keys.prefix(3000))
        let result = try ring.assignBounded(keys, loadFactor: 1.1)
        var loads = [Int](repeating: 0, count: ring.nodes.count)
        let bounds = ring.loadBounds(keyCount: keys.count, loadFactor: 1.1)
        for (key, owner) in zip(result.keys, result.ownerIndices) {
            let index = Dictionary(uniqueKeysWithValues: ring.nodes.enumerated().map { ($0.element.id, $0.offset) })
            let order = ring.lookup(key: key, count: ring.nodes.count).map { index[$0]! }
            let expected = try #require(order.first { loads[$0] < bounds[$0] })
            #expect(owner == expected)
            loads[owner] += 1
        }
    }

    @Test func deterministicForTheKeySet() throws {
        let ring = try HashRing(nodes: Self.nodes, config: RingConfig(pointsPerCapacity: 20))
        let reference = try ring.assignBounded(Self.keys, loadFactor: 1.1).owners
        var rng = SplitMix64(state: 5)
        let shuffled = Self.keys.shuffled(using: &rng)
        #expect(try ring.assignBounded(shuffled + shuffled.prefix(100), loadFactor: 1.1).owners == reference)
        let reordered = try HashRing(nodes: Self.nodes.reversed(), config: RingConfig(pointsPerCapacity: 20))
        #expect(try reordered.assignBounded(shuffled, loadFactor: 1.1).owners == reference)
    }

    @Test func looseBoundEqualsPlainConsistentHashing() throws {
        let ring = try HashRing(nodes: Self.nodes)
        let result = try ring.assignBounded(Self.keys, loadFactor: 100)
        #expect(result.displaced == 0)
        #expect(result.owners.allSatisfy { ring.owner(of: $0.key) == $0.value })
    }

    @Test func configLoadFactorDrivesOwnerIndicesAndSimulation() throws {
        let bounded = try HashRing(nodes: Self.nodes, config: RingConfig(pointsPerCapacity: 20, loadFactor: 1.05))
        let owners = try bounded.ownerIndices(of: Self.keys)
        let expected = try bounded.assignBounded(Self.keys).owners
        #expect(zip(Self.keys, owners).allSatisfy { expected[$0.0] == bounded.nodes[$0.1].id })
        let stats = try BalanceStats.measure(bounded, keys: Self.keys)
        #expect(stats.busiestToMean <= 1.05 + 1e-3)
    }

    @Test func errors() throws {
        let ring = try HashRing(nodes: Self.nodes)
        #expect(throws: RingError.invalidLoadFactor(0.9)) { try ring.assignBounded(["k"], loadFactor: 0.9) }
        #expect(throws: RingError.self) { try ring.assignBounded(["k"]) } // no factor configured
        let down = try HashRing(nodes: [RingNode(id: "a", isEligible: false)])
        #expect(throws: RingError.noEligibleNodes) { try down.assignBounded(["k"], loadFactor: 1.5) }
    }
}
