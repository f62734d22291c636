/// loomctl's node-membership keys (docs/keyspace.md, "Node membership and ring").
///
/// `N` = keyPrefix + nodePrefix (default `loom:node`). Node ids must not be `all`, `ring`,
/// `events` or start with `heartbeat:` (see ``NodeRecord/validateID(_:)``).
extension Keyspace {
    /// `loom:node` with the transparent prefix.
    public var nodeBase: String { keyPrefix + nodePrefix }
    /// `N:{id}`: the node record (hash).
    public func nodeHash(_ id: String) -> String { "\(nodeBase):\(id)" }
    /// `N:heartbeat:{id}`: epoch ms, with a TTL; its existence is the node's liveness.
    public func nodeHeartbeat(_ id: String) -> String { "\(nodeBase):heartbeat:\(id)" }
    /// `N:all`: every registered node id (set).
    public var nodeAllSet: String { "\(nodeBase):all" }
    /// `N:ring`: ring configuration and the membership epoch (hash).
    public var ringHash: String { "\(nodeBase):ring" }
    /// Membership events. Channels are never prefixed by ioredis, so only the node prefix applies.
    public var nodeEventsChannel: String { "\(nodePrefix):events" }
}
