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
    /// `loomctl:health:node:{id}`: `health nodes`' probe state per node (hash, 24 h TTL).
    public func nodeProbeState(_ id: String) -> String { "\(keyPrefix)loomctl:health:node:\(id)" }
    /// `loomctl:agent:actor-counts`: the agents' shared actor census (hash worker → count).
    public var agentActorCounts: String { "\(keyPrefix)loomctl:agent:actor-counts" }
    /// `loomctl:agent:actor-counts:meta`: when and by whom the census was taken (hash).
    public var agentActorCountsMeta: String { agentActorCounts + ":meta" }
    /// `loomctl:agent:count-lease`: held by the one agent running a census pass (string, PX).
    public var agentCountLease: String { "\(keyPrefix)loomctl:agent:count-lease" }
    /// Membership events. Channels are never prefixed by ioredis, so only the node prefix applies.
    public var nodeEventsChannel: String { "\(nodePrefix):events" }
}
