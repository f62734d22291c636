import Testing
@testable import LoomRing

@Suite("zones on the ring")
struct ZoneTests {
    /// 3 zones × 3 nodes, ids interleaved so zone never follows id order.
    static func grid() -> [RingNode] {
        (0..<9).map { RingNode(id: "n\($0)", zone: "z\($0 % 3)") }
    }

    @Test func fallbackOrderCoversThreeDistinctZonesFirstForEveryKey() throws {
        let ring = try HashRing(nodes: Self.grid())
        let zoneOf = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.id, $0.zone) })
        var plainWouldRepeat = 0
        for key in RingSimulation.syntheticKeys(count: 20_000) {
            let order = ring.zonedLookup(key: key, count: 9)
            #expect(order.count == 9)
            #expect(Set(order).count == 9)
            #expect(order.first == ring.owner(of: key))
            #expect(Set(order.prefix(3).map { zoneOf[$0]! }).count == 3, "key \(key): \(order)")
            // Shorter requests are prefixes of the longer order.
            #expect(ring.zonedLookup(key: key, count: 3) == Array(order.prefix(3)))
            let plain = ring.lookup(key: key, count: 3)
            if Set(plain.map { zoneOf[$0]! }).count < 3 { plainWouldRepeat += 1 }
        }
        // The plain clockwise order often repeats a zone: the zone-aware order is what fixes it.
        #expect(plainWouldRepeat > 1000)
    }

    @Test func withoutZonesTheOrderIsPlainClockwise() throws {
        let ring = try HashRing(nodes: (0..<6).map { RingNode(id: "n\($0)") })
        for key in RingSimulation.syntheticKeys(count: 2000) {
            #expect(ring.zonedLookup(key: key, count: 4) == ring.lookup(key: key, count: 4))
        }
        let one = try HashRing(nodes: (0..<4).map { RingNode(id: "n\($0)", zone: "only") })
        for key in RingSimulation.syntheticKeys(count: 500) {
            #expect(one.zonedLookup(key: key, count: 4) == one.lookup(key: key, count: 4))
        }
    }

    @Test func ineligibleNodesAndTheirZonesAreSkipped() throws {
        var nodes = Self.grid()
        for i in nodes.indices where nodes[i].zone == "z2" { nodes[i].isEligible = false }
        let ring = try HashRing(nodes: nodes)
        for key in RingSimulation.syntheticKeys(count: 2000) {
            let order = ring.zonedLookup(key: key, count: 9)
            #expect(order.count == 6)
            #expect(Set(order.prefix(2).map { id in nodes.first { $0.id == id }!.zone }) == ["z0", "z1"])
        }
    }

    @Test func aZoneOutageMovesExactlyThatZonesKeys() throws {
        let ring = try HashRing(nodes: Self.grid())
        let keys = RingSimulation.syntheticKeys(count: 30_000)
        for zone in ["z0", "z1", "z2"] {
            let ids = Set(ring.nodeIDs(inZone: zone))
            #expect(ids.count == 3)
            let after = try ring.removing(Array(ids))
            var ownedByZone = 0
            for key in keys {
                let b = ring.owner(of: key)!, a = after.owner(of: key)!
                if ids.contains(b) { ownedByZone += 1; #expect(!ids.contains(a)) } else { #expect(a == b) }
            }
            let sim = try RingSimulation.compare(before: ring, after: after, keys: keys)
            #expect(sim.movedCount == ownedByZone)
            #expect(ownedByZone > 0)
            #expect(sim.movements.allSatisfy { ids.contains($0.from) && !ids.contains($0.to) })
        }
    }

    @Test func zoneSharesSumAndMeasureImbalance() throws {
        var nodes = Self.grid()
        nodes.append(RingNode(id: "big", capacity: 3, zone: "z0"))
        let ring = try HashRing(nodes: nodes)
        let zones = ring.zoneShares()
        #expect(zones.map(\.zone) == ["z0", "z1", "z2"])
        #expect(abs(zones.reduce(0) { $0 + $1.percent } - 100) < 1e-9)
        #expect(abs(zones[0].idealPercent - 50) < 1e-9) // capacity 6 of 12
        #expect(zones[0].nodes == 4 && zones[0].capacity == 6)
        let imbalance = try #require(ZoneShare.imbalance(zones))
        #expect(imbalance >= 1 && imbalance < 1.2)
        #expect(ZoneShare.imbalance([]) == nil)
    }

    @Test func nodeListParsesZones() throws {
        let nodes = try RingNode.parseList("a@eu-1, b:2@eu-2 ,host:6379:1@us,c")
        #expect(nodes.map(\.zone) == ["eu-1", "eu-2", "us", ""])
        #expect(nodes.map(\.id) == ["a", "b", "host:6379", "c"])
        #expect(nodes.map(\.capacity) == [1, 2, 1, 1])
        #expect(throws: RingError.self) { try RingNode.parseList("a@") }
    }
}
