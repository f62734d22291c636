/// The single error type of `LoomRing`. Every case is a caller mistake (bad node list or
/// configuration), so the CLI maps all of them to a usage error.
public enum RingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A ring (or simulation) was requested with no nodes at all.
    case emptyRing
    /// Every node is excluded (not eligible), so nothing can own a key.
    case noEligibleNodes
    /// Two nodes share an id; placement would be ambiguous.
    case duplicateNodeID(String)
    /// A node id is empty.
    case invalidNodeID(String)
    /// A capacity is not a finite number greater than zero.
    case invalidCapacity(node: String, capacity: Double)
    /// `pointsPerCapacity` must be at least 1.
    case invalidPointsPerCapacity(Int)
    /// The bounded-loads factor must be a finite number ≥ 1.
    case invalidLoadFactor(Double)
    /// A textual node list (`"a,b:2,c"`) could not be parsed.
    case invalidNodeList(String, reason: String)
    /// The configuration would create more than ``HashRing/maxPoints`` points.
    case tooManyPoints(Int)
    /// A node referenced by id (for example in a removal) is not on the ring.
    case unknownNode(String)

    public var description: String {
        switch self {
        case .emptyRing: "the ring has no nodes"
        case .noEligibleNodes: "no eligible nodes: every node is excluded from ownership"
        case .duplicateNodeID(let id): "duplicate node id '\(id)'"
        case .invalidNodeID(let id): "invalid node id '\(id)': ids must be non-empty"
        case .invalidCapacity(let node, let capacity): "invalid capacity \(capacity) for node '\(node)': must be a finite number > 0 and ≤ \(Int(RingNode.maxCapacity))"
        case .invalidPointsPerCapacity(let n): "invalid pointsPerCapacity \(n): must be between 1 and \(HashRing.maxPoints)"
        case .invalidLoadFactor(let f): "invalid load factor \(f): must be a finite number between 1 and \(Int(RingConfig.maxLoadFactor))"
        case .invalidNodeList(let text, let reason): "invalid node list '\(text)': \(reason)"
        case .tooManyPoints(let n): "the ring would have \(n) points (limit \(HashRing.maxPoints)): lower pointsPerCapacity or capacities"
        case .unknownNode(let id): "unknown node '\(id)'"
        }
    }
}
