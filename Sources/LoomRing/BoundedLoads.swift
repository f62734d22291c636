/// Result of consistent hashing with bounded loads.
public struct BoundedAssignment: Sendable {
    /// Per-node bound and resulting load, in the order of ``HashRing/nodes``.
    public struct NodeLoad: Sendable, Hashable {
        public let id: String
        public let bound: Int
        public let load: Int
    }
    public let loadFactor: Double
    /// Distinct keys, in the order they were processed (UTF-8 byte order).
    public let keys: [String]
    /// `ownerIndices[i]` is the index in ``HashRing/nodes`` of the owner of `keys[i]`.
    public let ownerIndices: [Int]
    public let nodes: [NodeLoad]
    /// Keys that did not land on their plain consistent-hashing owner.
    public let displaced: Int

    /// Owner id of every key.
    public var owners: [String: String] {
        Dictionary(uniqueKeysWithValues: zip(keys, ownerIndices.map { nodes[$0].id }))
    }
}

extension HashRing {
    /// Per-node load bounds `⌈loadFactor · keyCount · capacity / totalCapacity⌉` over eligible
    /// nodes (0 for ineligible ones), in the order of ``nodes``. The product is computed in
    /// `Double` with a 1e-9 tolerance so that an exact result such as 125 is not rounded up to 126.
    public func loadBounds(keyCount: Int, loadFactor: Double) -> [Int] {
        let total = nodes.filter(\.isEligible).reduce(0) { $0 + $1.capacity }
        return nodes.map { node in
            // Clamped below 1e18 so the Int conversion cannot trap whatever loadFactor is (a
            // bound that large is "unbounded" anyway).
            guard node.isEligible, total > 0 else { return 0 }
            let bound = (loadFactor * Double(keyCount) * node.capacity / total - 1e-9).rounded(.up)
            return bound.isNaN ? keyCount : Int(min(max(bound, 0), 1e18))
        }
    }

    /// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, 2018).
    ///
    /// Each node may hold at most its ``loadBounds(keyCount:loadFactor:)`` share (`loadFactor`
    /// 1.25 → at most 25% above its capacity-weighted fair share). A key whose owner is full walks
    /// clockwise, point by point, to the first node with room. The outcome depends on the order
    /// in which keys arrive, so keys are de-duplicated and processed in ascending UTF-8 byte
    /// order: the same key SET always gives the same assignment, whatever order it was given in.
    /// Because the bounds sum to at least the key count when `loadFactor ≥ 1`, a node with room
    /// always exists. Uses `config.loadFactor` when `loadFactor` is nil.
    public func assignBounded(_ keys: some Sequence<String>, loadFactor: Double? = nil) throws(RingError) -> BoundedAssignment {
        guard let factor = loadFactor ?? config.loadFactor else { throw .invalidLoadFactor(.nan) }
        guard RingConfig.isValidLoadFactor(factor) else { throw .invalidLoadFactor(factor) }
        guard !hashes.isEmpty else { throw .noEligibleNodes }
        let sortedKeys = Set(keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let bounds = loadBounds(keyCount: sortedKeys.count, loadFactor: factor)
        var loads = [Int](repeating: 0, count: nodes.count)
        var result = [Int]()
        result.reserveCapacity(sortedKeys.count)
        var displaced = 0
        for key in sortedKeys {
            let start = pointIndex(forHash: hash(of: key))!
            var i = start
            var owner = Int(owners[i])
            while loads[owner] >= bounds[owner] {
                i = i + 1 == owners.count ? 0 : i + 1
                if i == start { owner = Int(owners[start]); break } // unreachable while Σbounds ≥ keys
                owner = Int(owners[i])
            }
            if owner != Int(owners[start]) { displaced += 1 }
            loads[owner] += 1
            result.append(owner)
        }
        let nodeLoads = nodes.indices.map { BoundedAssignment.NodeLoad(id: nodes[$0].id, bound: bounds[$0], load: loads[$0]) }
        return BoundedAssignment(loadFactor: factor, keys: sortedKeys, ownerIndices: result, nodes: nodeLoads, displaced: displaced)
    }

    /// Owner indices aligned with `keys`: bounded-load placement when `config.loadFactor` is set,
    /// plain ring lookup otherwise.
    public func ownerIndices(of keys: [String]) throws(RingError) -> [Int] {
        guard !hashes.isEmpty else { throw .noEligibleNodes }
        guard config.loadFactor != nil else { return keys.map { ownerIndex(of: $0)! } }
        let assignment = try assignBounded(keys)
        let byKey = Dictionary(uniqueKeysWithValues: zip(assignment.keys, assignment.ownerIndices))
        return keys.map { byKey[$0]! }
    }
}
