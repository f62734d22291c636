/// What a membership change does to key placement: the numbers behind `loomctl ring simulate`.
///
/// Both placements see the same key sequence; a key "moves" when its owner id differs. Nodes are
/// matched by id, so the two sides may use different strategies (ring vs. jump vs. rendezvous).
public struct RingSimulation: Sendable {
    public struct NodeChange: Sendable, Hashable {
        public let id: String
        public let before: Int
        public let after: Int
        public var delta: Int { after - before }
    }

    /// `count` keys moved from node `from` to node `to`.
    public struct Movement: Sendable, Hashable {
        public let from: String
        public let to: String
        public let count: Int
    }

    public let keyCount: Int
    public let movedCount: Int
    /// The minimum fraction any placement must move to stay capacity-balanced: the total
    /// variation distance between the before/after capacity shares of the eligible nodes. For
    /// adding capacity `a` to total `W` this is `a / (W + a)`; for removing `r` it is `r / W`.
    public let idealFraction: Double
    /// Every node seen on either side, sorted by id.
    public let nodes: [NodeChange]
    /// Non-empty from→to cells of the movement matrix, largest first (then by ids).
    public let movements: [Movement]
    public let balanceBefore: BalanceStats
    public let balanceAfter: BalanceStats

    public var movedFraction: Double { keyCount == 0 ? 0 : Double(movedCount) / Double(keyCount) }

    /// Compares two placements over `keys`. Throws if either side has no eligible node.
    public static func compare(before: some KeyPlacement, after: some KeyPlacement, keys: [String]) throws(RingError) -> RingSimulation {
        let ownersBefore = try before.ownerIndices(of: keys)
        let ownersAfter = try after.ownerIndices(of: keys)

        // Union of node ids, and a map from each side's indices into it.
        let ids = Set(before.nodes.map(\.id)).union(after.nodes.map(\.id)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        let mapBefore = before.nodes.map { position[$0.id]! }
        let mapAfter = after.nodes.map { position[$0.id]! }

        var countsBefore = [Int](repeating: 0, count: before.nodes.count)
        var countsAfter = [Int](repeating: 0, count: after.nodes.count)
        var matrix: [Int: Int] = [:] // from * ids.count + to
        var moved = 0
        for k in keys.indices {
            let b = ownersBefore[k], a = ownersAfter[k]
            countsBefore[b] += 1
            countsAfter[a] += 1
            let from = mapBefore[b], to = mapAfter[a]
            if from != to {
                moved += 1
                matrix[from * ids.count + to, default: 0] += 1
            }
        }

        var unionBefore = [Int](repeating: 0, count: ids.count)
        var unionAfter = [Int](repeating: 0, count: ids.count)
        for (i, c) in countsBefore.enumerated() { unionBefore[mapBefore[i]] += c }
        for (i, c) in countsAfter.enumerated() { unionAfter[mapAfter[i]] += c }

        return RingSimulation(
            keyCount: keys.count,
            movedCount: moved,
            idealFraction: idealMovement(before: before.nodes, after: after.nodes),
            nodes: ids.indices.map { NodeChange(id: ids[$0], before: unionBefore[$0], after: unionAfter[$0]) },
            movements: matrix.map { Movement(from: ids[$0.key / ids.count], to: ids[$0.key % ids.count], count: $0.value) }
                .sorted { ($1.count, $0.from, $0.to) < ($0.count, $1.from, $1.to) },
            balanceBefore: BalanceStats(counts: countsBefore, nodes: before.nodes),
            balanceAfter: BalanceStats(counts: countsAfter, nodes: after.nodes))
    }

    /// Compares `ring` with the ring obtained by removing `removing` (ids) and adding `adding`.
    public static func compare(ring: HashRing, adding: [RingNode] = [], removing: [String] = [], keys: [String]) throws(RingError) -> RingSimulation {
        try compare(before: ring, after: ring.removing(removing).adding(adding), keys: keys)
    }

    /// `count` synthetic actor ids: `"<prefix>0"`, `"<prefix>1"`, …
    public static func syntheticKeys(count: Int, prefix: String = "actor-") -> [String] {
        (0..<max(0, count)).map { "\(prefix)\($0)" }
    }

    /// Total variation distance between the capacity shares of the eligible nodes.
    static func idealMovement(before: [RingNode], after: [RingNode]) -> Double {
        func shares(_ nodes: [RingNode]) -> [String: Double] {
            let eligible = nodes.filter(\.isEligible)
            let total = eligible.reduce(0) { $0 + $1.capacity }
            return Dictionary(uniqueKeysWithValues: eligible.map { ($0.id, $0.capacity / total) })
        }
        let b = shares(before), a = shares(after)
        return b.reduce(0) { $0 + max(0, $1.value - (a[$1.key] ?? 0)) }
    }
}
