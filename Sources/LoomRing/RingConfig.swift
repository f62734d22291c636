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

    /// Throws on a non-positive `pointsPerCapacity` or a load factor that is not finite and ≥ 1.
    public func validate() throws(RingError) {
        guard pointsPerCapacity >= 1 else { throw .invalidPointsPerCapacity(pointsPerCapacity) }
        if let f = loadFactor, !(f.isFinite && f >= 1) { throw .invalidLoadFactor(f) }
    }
}
