/// Anything that maps keys to nodes: ``HashRing``, ``JumpHash`` and ``RendezvousHash``.
///
/// ``RingSimulation`` and ``BalanceStats`` work on this protocol so the CLI's `simulate` can
/// compare strategies on exactly the same node list and key sequence.
public protocol KeyPlacement: Sendable {
    /// Every node, eligible or not. Owner indices refer to this array.
    var nodes: [RingNode] { get }
    /// Index into ``nodes`` of the owner of `key`, or `nil` when no node is eligible.
    func ownerIndex(of key: String) -> Int?
    /// Owner indices for a whole key sequence, aligned with `keys`. Strategies whose placement
    /// depends on the other keys (bounded loads) override this.
    func ownerIndices(of keys: [String]) throws(RingError) -> [Int]
}

extension KeyPlacement {
    /// The owner's id, or `nil` when no node is eligible.
    public func owner(of key: String) -> String? {
        ownerIndex(of: key).map { nodes[$0].id }
    }

    public func ownerIndices(of keys: [String]) throws(RingError) -> [Int] {
        guard nodes.contains(where: \.isEligible) else { throw .noEligibleNodes }
        return keys.map { ownerIndex(of: $0)! }
    }
}

/// Shared validation: a non-empty list of valid nodes with unique ids.
func validateNodes(_ nodes: [RingNode]) throws(RingError) {
    guard !nodes.isEmpty else { throw .emptyRing }
    var seen = Set<String>()
    for node in nodes {
        try node.validate()
        guard seen.insert(node.id).inserted else { throw .duplicateNodeID(node.id) }
    }
}

/// Validates and sorts nodes by id (byte-wise UTF-8), so that placement never depends on the
/// order the caller listed them in.
func validatedSortedNodes(_ nodes: [RingNode]) throws(RingError) -> [RingNode] {
    try validateNodes(nodes)
    return nodes.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
}
