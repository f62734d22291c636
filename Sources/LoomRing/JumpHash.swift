/// Jump consistent hash (Lamping & Veach, 2014), for `simulate` comparisons.
///
/// Jump hash needs no memory and balances perfectly, but buckets are POSITIONS: it only moves
/// the minimum `1/(n+1)` of keys when a node is appended at the end, and removing a node from
/// the middle renumbers every later bucket. So, unlike ``HashRing``, node order matters here:
/// buckets are the eligible nodes in the order given. Capacities are ignored (jump hash is
/// unweighted). The 64-bit key is `murmur3(key, seed) << 32 | murmur3(key, seed ^ 0x9747b28c)`.
public struct JumpHash: KeyPlacement {
    /// All nodes in the order given.
    public let nodes: [RingNode]
    public let seed: UInt32
    /// Bucket `b` is `nodes[buckets[b]]`.
    let buckets: [Int]

    public init(nodes: [RingNode], seed: UInt32 = 0) throws(RingError) {
        try validateNodes(nodes)
        self.nodes = nodes
        self.seed = seed
        self.buckets = nodes.indices.filter { nodes[$0].isEligible }
    }

    /// The paper's algorithm: a bucket in `0..<buckets` for a 64-bit key (`buckets` ≥ 1).
    public static func bucket(key: UInt64, buckets: Int) -> Int {
        precondition(buckets > 0, "jump hash needs at least one bucket")
        var key = key
        var b: Int64 = -1
        var j: Int64 = 0
        while j < buckets {
            b = j
            key = key &* 2_862_933_555_777_941_757 &+ 1
            j = Int64(Double(b + 1) * (Double(Int64(1) << 31) / Double((key >> 33) + 1)))
        }
        return Int(b)
    }

    /// The 64-bit key hash fed to ``bucket(key:buckets:)``.
    public static func keyHash(_ key: String, seed: UInt32 = 0) -> UInt64 {
        UInt64(MurmurHash3.x86_32(key, seed: seed)) << 32 | UInt64(MurmurHash3.x86_32(key, seed: seed ^ 0x9747_b28c))
    }

    public func ownerIndex(of key: String) -> Int? {
        guard !buckets.isEmpty else { return nil }
        return buckets[Self.bucket(key: Self.keyHash(key, seed: seed), buckets: buckets.count)]
    }
}
