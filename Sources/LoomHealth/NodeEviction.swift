import LoomKeyspace
import LoomMembership
/// `health nodes --evict`'s policy: which nodes a health run condemns, and marking them down.
///
/// Only agent-registered nodes are evicted (inferred nodes have no record to mark), a node already
/// down is left alone, and a node must have failed `after` consecutive runs (counted in Redis
/// across runs by `NodeHealth`), so one bad probe never shrinks the ring.
extension NodeHealth.Outcome {
    /// Nodes to mark down, in the snapshot's order, each with its consecutive unhealthy count.
    public func evictionCandidates(after: Int) -> [(node: NodeRecord, consecutiveUnhealthy: Int)] {
        snapshot.nodes.compactMap { n in
            let count = consecutiveUnhealthy[n.id] ?? 0
            return n.source == .agent && n.status != .down && count >= after ? (n, count) : nil
        }
    }
}

extension NodeMembership {
    /// Marks `nodes` down one after another, each change checked against the epoch the previous one
    /// produced (starting from `epoch`, the epoch the health run read): a membership change made by
    /// someone else meanwhile stops the eviction with a conflict instead of racing it.
    /// Returns the epoch after the last change.
    @discardableResult
    public func evict(_ nodes: [NodeRecord], fromEpoch epoch: Int64, by actor: String) throws -> Int64 {
        var epoch = epoch
        for n in nodes {
            if case .applied(let e) = try apply(.setStatus(n.id, .down), expectedEpoch: epoch, previous: n, by: actor) {
                epoch = e
            }
        }
        return epoch
    }
}
