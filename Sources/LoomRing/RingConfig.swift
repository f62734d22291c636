/// How points are laid out on the ring.
public enum RingAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Loom's own layout: node `n` gets `round(pointsPerCapacity × capacity)` (at least 1) points labelled
    /// `"<id>:<i>"`, each hashed with MurmurHash3 x86_32 (configured seed); keys are hashed the
    /// same way over their UTF-8 bytes.
    case murmur3
    /// libketama-compatible layout (as used by memcached clients and Python `uhashring`):
    /// MD5-based, 160 points per unit of weight. `seed` and `pointsPerCapacity` are ignored.
    case ketama
}

/// Ring parameters. The defaults reproduce the Loom runtime's placement.
public struct RingConfig: Sendable, Hashable, Codable {
    public var algorithm: RingAlgorithm
    /// MurmurHash3 seed for both point labels and keys (`.murmur3` only).
    public var seed: UInt32
    /// Virtual points per unit of capacity (`.murmur3` only). More points → better balance,
    /// slower builds; 150 keeps the busiest node within ~20% of the mean at 10 nodes.
    public var pointsPerCapacity: Int
    /// When set, ``HashRing/assign(_:)`` uses consistent hashing with bounded loads: no node
    /// receives more than `⌈loadFactor × keys × capacity / totalCapacity⌉` keys.
    public var loadFactor: Double?

    public init(algorithm: RingAlgorithm = .murmur3, seed: UInt32 = 0, pointsPerCapacity: Int = 150, loadFactor: Double? = nil) {
        self.algorithm = algorithm
        self.seed = seed
        self.pointsPerCapacity = pointsPerCapacity
        self.loadFactor = loadFactor
    }

    /// The largest load factor accepted: 1000. A factor at or above the node count already
    /// means "no bound", so larger values add nothing but overflow risk in the bound arithmetic.
    public static let maxLoadFactor: Double = 1000

    /// Valid `pointsPerCapacity`: 1 … ``HashRing/maxPoints`` (more could never build a ring).
    public static func isValidPointsPerCapacity(_ n: Int) -> Bool { n >= 1 && n <= HashRing.maxPoints }
    /// Valid load factor: finite, 1 … ``maxLoadFactor``.
    public static func isValidLoadFactor(_ f: Double) -> Bool { f.isFinite && f >= 1 && f <= maxLoadFactor }

    /// Throws on `pointsPerCapacity` or a load factor outside their valid ranges.
    public func validate() throws(RingError) {
        guard Self.isValidPointsPerCapacity(pointsPerCapacity) else { throw .invalidPointsPerCapacity(pointsPerCapacity) }
        if let f = loadFactor, !Self.isValidLoadFactor(f) { throw .invalidLoadFactor(f) }
    }
}
