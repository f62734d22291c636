import Foundation

/// How evenly a placement spreads keys, relative to each node's capacity.
///
/// For every eligible node the load ratio is `keys / expected`, where `expected =
/// keyCount · capacity / totalCapacity`; a perfectly balanced placement has every ratio at 1.
/// With equal capacities `busiestToMean` is simply `max(keys) / mean(keys)`.
public struct BalanceStats: Sendable, Hashable {
    public struct NodeLoad: Sendable, Hashable {
        public let id: String
        public let capacity: Double
        public let keys: Int
        /// Capacity-weighted fair share of the keys.
        public let expected: Double
        /// `keys / expected`.
        public var ratio: Double { expected > 0 ? Double(keys) / expected : 0 }
    }

    public let keyCount: Int
    /// Eligible nodes only, in the placement's node order.
    public let perNode: [NodeLoad]
    /// Largest load ratio (the "busiest/mean" figure).
    public let busiestToMean: Double
    /// Smallest load ratio.
    public let minToMean: Double
    /// Population standard deviation of the load ratios (a coefficient of variation).
    public let stddevToMean: Double

    /// Stats from per-node key counts (indexed like `nodes`); ineligible nodes are skipped.
    public init(counts: [Int], nodes: [RingNode]) {
        let eligible = nodes.indices.filter { nodes[$0].isEligible }
        let total = counts.reduce(0, +)
        let capacity = eligible.reduce(0.0) { $0 + nodes[$1].capacity }
        perNode = eligible.map { i in
            NodeLoad(id: nodes[i].id, capacity: nodes[i].capacity, keys: counts[i], expected: Double(total) * nodes[i].capacity / capacity)
        }
        keyCount = total
        let ratios = perNode.map(\.ratio)
        busiestToMean = ratios.max() ?? 0
        minToMean = ratios.min() ?? 0
        let mean = ratios.isEmpty ? 0 : ratios.reduce(0, +) / Double(ratios.count)
        stddevToMean = ratios.isEmpty ? 0 : sqrt(ratios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(ratios.count))
    }

    /// Places `keys` with `placement` and measures the balance.
    public static func measure(_ placement: some KeyPlacement, keys: [String]) throws(RingError) -> BalanceStats {
        var counts = [Int](repeating: 0, count: placement.nodes.count)
        for owner in try placement.ownerIndices(of: keys) { counts[owner] += 1 }
        return BalanceStats(counts: counts, nodes: placement.nodes)
    }
}
