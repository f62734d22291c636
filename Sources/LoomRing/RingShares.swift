/// One node's slice of the ring, for `loomctl ring` style reports.
public struct NodeShare: Sendable, Hashable, Codable {
    public let id: String
    public let capacity: Double
    public let isEligible: Bool
    /// Points this node has on the ring.
    public let points: Int
    /// Percentage of the 2^32 hash space this node owns.
    public let percent: Double
    /// Percentage it would own if the ring were perfectly balanced by capacity (0 if ineligible).
    public let idealPercent: Double
}

extension HashRing {
    /// Per-node share of the hash space, in the order of ``nodes`` (by id), ineligible nodes
    /// included with zero share. Point `i` owns the arc `(hashes[i-1], hashes[i]]`; the first
    /// point also owns the wrap-around arc past the last point. Shares sum to exactly 100%.
    public func shares() -> [NodeShare] {
        var arc = [UInt64](repeating: 0, count: nodes.count)
        var points = [Int](repeating: 0, count: nodes.count)
        if let first = hashes.first, let last = hashes.last {
            arc[Int(owners[0])] += (UInt64(1) << 32) - UInt64(last) + UInt64(first)
            points[Int(owners[0])] += 1
            for i in 1..<hashes.count {
                arc[Int(owners[i])] += UInt64(hashes[i] - hashes[i - 1])
                points[Int(owners[i])] += 1
            }
        }
        let eligibleCapacity = nodes.filter(\.isEligible).reduce(0) { $0 + $1.capacity }
        return nodes.indices.map { i in
            NodeShare(
                id: nodes[i].id, capacity: nodes[i].capacity, isEligible: nodes[i].isEligible, points: points[i],
                percent: Double(arc[i]) / 4_294_967_296 * 100,
                idealPercent: nodes[i].isEligible ? nodes[i].capacity / eligibleCapacity * 100 : 0)
        }
    }
}
