/// Zones (failure domains) on the ring: a fallback order that spreads over distinct zones
/// first, and per-zone shares with the imbalance between zones.
///
/// Placement itself never looks at zones (the owner is the plain ring owner, so adding zones to
/// a ring moves nothing); only the ORDER of fallbacks and the reports do.

/// One zone's slice of the hash space.
public struct ZoneShare: Sendable, Hashable, Codable {
    /// The zone name; "" collects nodes without a zone.
    public let zone: String
    public let nodes: Int
    public let eligibleNodes: Int
    public let capacity: Double
    /// Percentage of the hash space owned by the zone's nodes.
    public let percent: Double
    /// What the zone would own if shares followed capacity exactly (0 when nothing in it is eligible).
    public let idealPercent: Double
    public init(zone: String, nodes: Int, eligibleNodes: Int, capacity: Double, percent: Double, idealPercent: Double) {
        self.zone = zone
        self.nodes = nodes
        self.eligibleNodes = eligibleNodes
        self.capacity = capacity
        self.percent = percent
        self.idealPercent = idealPercent
    }

    /// `percent / idealPercent`; nil for a zone with no eligible capacity.
    public var ratio: Double? { idealPercent > 0 ? percent / idealPercent : nil }
}

extension HashRing {
    /// The owner of `key`, then fallbacks that cover every distinct zone before any zone repeats,
    /// then the remaining nodes in plain clockwise order. Each zone's representative is the first
    /// node of that zone met clockwise, so the order stays consistent-hashing stable. With one
    /// zone (or none) this is exactly ``lookup(key:count:)``.
    public func zonedLookup(key: String, count: Int) -> [String] {
        guard count > 0, let start = pointIndex(forHash: hash(of: key)) else { return [] }
        let wanted = min(count, placedNodeCount)
        let zoneCount = Set((0..<nodes.count).lazy.filter { self.nodes[$0].isEligible }.map { self.nodes[$0].zone }).count
        var seen = [Bool](repeating: false, count: nodes.count)
        var seenCount = 0
        var usedZones = Set<String>()
        var result: [String] = []
        var deferred: [String] = []
        var flushed = false
        var i = start
        while result.count < wanted && seenCount < placedNodeCount {
            let owner = Int(owners[i])
            if !seen[owner] {
                seen[owner] = true
                seenCount += 1
                let node = nodes[owner]
                if !flushed && usedZones.count < zoneCount {
                    if usedZones.insert(node.zone).inserted { result.append(node.id) } else { deferred.append(node.id) }
                    if usedZones.count == zoneCount {
                        result += deferred
                        flushed = true
                    }
                } else {
                    result.append(node.id)
                }
            }
            i = i + 1 == owners.count ? 0 : i + 1
        }
        if !flushed { result += deferred }
        return Array(result.prefix(wanted))
    }

    /// Shares of the hash space per zone, sorted by zone name (bytewise), built from ``shares()``.
    public func zoneShares() -> [ZoneShare] { ZoneShare.aggregate(shares: shares(), zones: nodes.map(\.zone)) }

    /// Ids of the nodes in `zone` (eligible or not).
    public func nodeIDs(inZone zone: String) -> [String] { nodes.filter { $0.zone == zone }.map(\.id) }
}

extension ZoneShare {
    /// Aggregates node shares (aligned with `zones`) into per-zone shares, sorted by zone.
    public static func aggregate(shares: [NodeShare], zones: [String]) -> [ZoneShare] {
        var acc: [String: (n: Int, e: Int, c: Double, p: Double, i: Double)] = [:]
        for (s, z) in zip(shares, zones) {
            var a = acc[z] ?? (0, 0, 0, 0, 0)
            a.n += 1
            if s.isEligible { a.e += 1; a.c += s.capacity }
            a.p += s.percent
            a.i += s.idealPercent
            acc[z] = a
        }
        return acc.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { z in
            let a = acc[z]!
            return ZoneShare(zone: z, nodes: a.n, eligibleNodes: a.e, capacity: a.c, percent: a.p, idealPercent: a.i)
        }
    }

    /// Imbalance between zones: the largest zone's share over its capacity-weighted ideal
    /// (1 = perfectly balanced); nil when no zone has eligible capacity.
    public static func imbalance(_ zones: [ZoneShare]) -> Double? { zones.compactMap(\.ratio).max() }
}
