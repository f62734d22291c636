import Testing

@testable import LoomRing

/// Issue 15 item 1: ring arithmetic on capacities, points and load factors never traps.
@Suite("ring arithmetic bounds")
struct OverflowTests {
    @Test func capacitiesOutsideTheValidRangeAreRefused() {
        for c in [1e19, 7e16, RingNode.maxCapacity.nextUp, .infinity, .nan, 0, -1] {
            #expect(throws: RingError.self) { try HashRing(nodes: [RingNode(id: "a", capacity: c)]) }
            #expect(throws: RingError.self) { try RendezvousHash(nodes: [RingNode(id: "a", capacity: c)]) }
            #expect(!RingNode.isValidCapacity(c))
        }
        #expect(throws: RingError.self) { try RingNode.parseList("a:1e19") }
        // The largest valid capacity fits the point limit at the default points per capacity
        // (built here at 1 point per capacity: a 15M-point debug build takes a minute).
        #expect(Double(RingConfig().pointsPerCapacity) * RingNode.maxCapacity <= Double(HashRing.maxPoints))
        let ring = try? HashRing(nodes: [RingNode(id: "a", capacity: RingNode.maxCapacity)], config: RingConfig(pointsPerCapacity: 1))
        #expect(ring?.pointCount == 100_000)
    }

    @Test func pointsPerCapacityThatWouldOverflowIsAnErrorNotATrap() {
        #expect(throws: RingError.self) { try HashRing(nodes: [RingNode(id: "a")], config: RingConfig(pointsPerCapacity: .max)) }
        #expect(throws: RingError.self) {
            try HashRing(nodes: [RingNode(id: "a", capacity: 100)], config: RingConfig(pointsPerCapacity: HashRing.maxPoints))
        }
        #expect(throws: RingError.self) { try HashRing(nodes: [RingNode(id: "a")], config: RingConfig(loadFactor: 1e300)) }
    }

    @Test func loadBoundsClampInsteadOfTrapping() throws {
        let ring = try HashRing(nodes: RingNode.parseList("a,b:2"))
        let bounds = ring.loadBounds(keyCount: .max / 2, loadFactor: 1e300)
        #expect(bounds.allSatisfy { $0 > 0 })
        #expect(ring.loadBounds(keyCount: 100, loadFactor: 1.25) == [42, 84])
    }
}
