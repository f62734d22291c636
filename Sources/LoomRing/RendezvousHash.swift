import Foundation

/// Weighted rendezvous / highest-random-weight hashing (Thaler & Ravishankar; weighting by
/// Schindelhauer & Schomaker), for `simulate` comparisons.
///
/// Every eligible node scores the key and the highest score wins, so a membership change moves
/// only the keys won by (or won from) the changed node, and placement is independent of node
/// order. The per-node hash is `murmur3(key, seed: murmur3(nodeId, seed))` and the score is
/// `-capacity / ln(u)` with `u = (hash + 0.5) / 2^32`, which gives each node a share
/// proportional to its capacity; with equal capacities it ranks exactly like plain HRW. Lookups
/// cost O(nodes). Equal scores go to the smaller node id.
public struct RendezvousHash: KeyPlacement {
    /// All nodes, sorted by id.
    public let nodes: [RingNode]
    public let seed: UInt32
    let nodeSeeds: [UInt32]

    public init(nodes: [RingNode], seed: UInt32 = 0) throws(RingError) {
        self.nodes = try validatedSortedNodes(nodes)
        self.seed = seed
        self.nodeSeeds = self.nodes.map { MurmurHash3.x86_32($0.id, seed: seed) }
    }

    /// The score of node `nodeIndex` for `key` (higher wins).
    public func score(of key: String, nodeIndex: Int) -> Double {
        let u = (Double(MurmurHash3.x86_32(key, seed: nodeSeeds[nodeIndex])) + 0.5) / 4_294_967_296
        return -nodes[nodeIndex].capacity / log(u)
    }

    public func ownerIndex(of key: String) -> Int? {
        var best: Int?
        var bestScore = -Double.infinity
        for i in nodes.indices where nodes[i].isEligible {
            let s = score(of: key, nodeIndex: i)
            if s > bestScore { best = i; bestScore = s }
        }
        return best
    }

    /// All eligible node ids by descending score: the owner, then the HRW fallback order.
    public func ranking(of key: String) -> [String] {
        nodes.indices.filter { nodes[$0].isEligible }
            .map { (i: $0, s: score(of: key, nodeIndex: $0)) }
            .sorted { $0.s != $1.s ? $0.s > $1.s : $0.i < $1.i }
            .map { nodes[$0.i].id }
    }
}
