import LoomCore
import LoomRedis
import LoomRing
import LoomKeyspace
import LoomRegistry

/// The ring as loomctl computes placement: the membership table (or, when no node is
/// registered, nodes inferred from the actor registry's workerIds) filtered to eligible nodes.
///
/// Eligible = live (heartbeat key present) and status `active`. Ineligible nodes keep their
/// record and are listed, but get no points.
public struct ClusterRing: Sendable {
    public let state: RingState
    public let nodes: [NodeRecord]
    public let source: NodeSource
    /// nil when there are no nodes at all.
    public let ring: HashRing?

    public init(state: RingState, nodes: [NodeRecord], source: NodeSource) throws(MembershipError) {
        self.state = state
        self.nodes = nodes.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        self.source = source
        if nodes.isEmpty {
            ring = nil
        } else {
            do {
                ring = try HashRing(
                    nodes: self.nodes.map { RingNode(id: $0.id, capacity: $0.capacity, isEligible: $0.isEligible, zone: $0.zone) }, config: state.config)
            } catch {
                // Offline input is the caller's (usage); anything else came from Redis (exit 1).
                throw source == .offline ? MembershipError.invalid("cannot build the ring: \(error)")
                    : MembershipError.badData("cannot build the ring from the stored membership: \(error)",
                        hint: "`loomctl ring configure` or `loomctl ring remove` repairs the stored config or node")
            }
        }
    }

    /// Offline: a node list such as `a,b:2,c@zone`, every node live and active.
    public static func offline(_ list: String, config: RingConfig) throws(MembershipError) -> ClusterRing {
        let parsed: [RingNode]
        do { parsed = try RingNode.parseList(list) } catch { throw MembershipError.invalidSetting("nodes", "is not a node list: \(error)") }
        var state = RingState()
        state.config = config
        let nodes = parsed.map { n -> NodeRecord in
            var r = NodeRecord(id: n.id)
            r.capacity = n.capacity
            r.zone = n.zone
            r.heartbeatTTLMillis = -1
            r.source = .offline
            return r
        }
        return try ClusterRing(state: state, nodes: nodes, source: .offline)
    }

    /// From Redis: registered nodes, or inferred ones when none are registered.
    /// `configOverride` lets what-if commands try another algorithm without writing it.
    public static func load(membership: NodeMembership, registry: ActorRegistry, configOverride: ((inout RingConfig) -> Void)? = nil)
        throws -> ClusterRing
    {
        let snapshot = try membership.read()
        var state = snapshot.ring
        try state.requireValid(key: membership.keys.ringHash)
        configOverride?(&state.config)
        if !snapshot.nodes.isEmpty { return try ClusterRing(state: state, nodes: snapshot.nodes, source: .agent) }
        return try ClusterRing(state: state, nodes: try inferNodes(registry: registry), source: .inferred)
    }

    /// One node per distinct workerId in the registry; live when any of its actors is live.
    /// Capacity 1, status active. Reads the registry once (streamed: SSCAN + HMGET + EXISTS).
    public static func inferNodes(registry: ActorRegistry) throws -> [NodeRecord] {
        var workers: [String: (total: Int, live: Int)] = [:]
        try registry.forEachPlacement(liveness: true) { batch in
            for a in batch {
                guard let w = a.workerId, !w.isEmpty else { continue }
                workers[w, default: (0, 0)].total += 1
                if a.live { workers[w, default: (0, 0)].live += 1 }
            }
            return true
        }
        return inferNodes(workers: workers)
    }

    /// Inferred node records from per-worker actor counts (capacity 1, status active, live when any actor is).
    public static func inferNodes(workers: [String: (total: Int, live: Int)]) -> [NodeRecord] {
        workers.filter { !$0.key.isEmpty }.map { id, c in
            var r = NodeRecord(id: id)
            r.source = .inferred
            r.actorCount = c.total
            r.heartbeatTTLMillis = c.live > 0 ? -1 : nil
            return r
        }
    }

    public var eligibleCount: Int { nodes.filter(\.isEligible).count }

    /// Owner followed by the next distinct eligible nodes.
    public func lookup(_ key: String, count: Int) -> [String] {
        ring?.lookup(key: key, count: count) ?? []
    }

    /// Owner followed by fallbacks spread over distinct zones first (``HashRing/zonedLookup(key:count:)``).
    public func zonedLookup(_ key: String, count: Int) -> [String] {
        ring?.zonedLookup(key: key, count: count) ?? []
    }

    /// Distinct zones of the eligible nodes ("" = nodes without a zone).
    public var eligibleZones: Set<String> { Set(nodes.filter(\.isEligible).map(\.zone)) }

    /// Reports a ring without owners as "not found" (nothing can own an actor).
    public func requireEligible() throws(MembershipError) -> HashRing {
        guard let ring, eligibleCount > 0 else {
            let why = nodes.isEmpty ? "no nodes are registered and none can be inferred from the actor registry"
                : "none of the \(nodes.count) nodes is live and active"
            throw MembershipError.notFound("the ring has no eligible node: \(why)",
                hint: nodes.isEmpty ? "register nodes with `loomctl ring add` or run `loomctl agent`" : "`loomctl ring show` shows each node's status")
        }
        return ring
    }
}

/// Counts, in one pass over the registry, how many actors each node should own (ring owner)
/// and how many it hosts now (workerId). With a load factor, placement depends on the whole
/// key set, so ids are buffered and assigned at `finish()`.
public struct OwnershipCounter: Sendable {
    public let ring: HashRing
    public private(set) var shouldOwn: [Int]
    public private(set) var hosts: [String: Int] = [:]
    public private(set) var total = 0
    public private(set) var misplaced = 0
    private var buffered: [(String, String?)] = []
    private var bounded: Bool { ring.config.loadFactor != nil }

    public init(ring: HashRing) {
        self.ring = ring
        shouldOwn = [Int](repeating: 0, count: ring.nodes.count)
    }

    /// Adds one actor; returns its owner index when placement is immediate (no load factor).
    @discardableResult
    public mutating func add(actorId: String, workerId: String?) -> Int? {
        total += 1
        if let w = workerId { hosts[w, default: 0] += 1 }
        if bounded {
            buffered.append((actorId, workerId))
            return nil
        }
        guard let owner = ring.ownerIndex(of: actorId) else { return nil }
        shouldOwn[owner] += 1
        if workerId != ring.nodes[owner].id { misplaced += 1 }
        return owner
    }

    /// Completes bounded-load placement; calls `each` for every buffered actor with its owner.
    public mutating func finish(_ each: (String, String?, Int) -> Void = { _, _, _ in }) throws(MembershipError) {
        guard bounded, !buffered.isEmpty else { return }
        let owners: [Int]
        do { owners = try ring.ownerIndices(of: buffered.map(\.0)) } catch { throw MembershipError.invalid("\(error)") }
        for (i, o) in owners.enumerated() {
            shouldOwn[o] += 1
            if buffered[i].1 != ring.nodes[o].id { misplaced += 1 }
            each(buffered[i].0, buffered[i].1, o)
        }
        buffered.removeAll()
    }

    /// Busiest eligible node's should-own over its capacity-weighted fair share.
    public var imbalance: Double { BalanceStats(counts: shouldOwn, nodes: ring.nodes).busiestToMean }
}
