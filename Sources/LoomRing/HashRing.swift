/// An immutable consistent-hashing ring.
///
/// Points live in two sorted contiguous arrays (`hashes`, `owners`). A lookup hashes the key,
/// jumps through a bucket table indexed by the top bits of the hash (about one point per bucket)
/// and finishes with a short branch-free binary search inside that bucket, so it touches two or
/// three cache lines instead of the ~14 of a plain binary search over 15,000 points. Placement is fully deterministic: nodes are
/// sorted by id (byte-wise UTF-8) before points are generated, and points with equal hashes are
/// ordered by node id, then point index, so neither input order nor hash collisions can make two
/// processes disagree. A key belongs to the first point whose hash is ≥ the key's hash, wrapping
/// to the first point past the top of the 2^32 space.
///
/// Ineligible nodes (cordoned/down) are kept in ``nodes`` but get no points, exactly as if they
/// had been removed; for `.ketama` they also do not count towards `N` and `W`.
public struct HashRing: KeyPlacement {
    /// The configuration the ring was built with (validated).
    public let config: RingConfig
    /// All nodes, sorted by id.
    public let nodes: [RingNode]
    /// Point hashes, ascending.
    let hashes: [UInt32]
    /// `owners[i]` is the index in `nodes` of the node owning point `i`.
    let owners: [UInt32]
    /// Number of nodes with at least one point.
    let placedNodeCount: Int
    /// `bucketStart[b]` is the index of the first point with hash ≥ `b << bucketShift`;
    /// it has one extra entry equal to `hashes.count`.
    let bucketStart: [UInt32]
    let bucketShift: UInt32

    /// Upper bound on the total number of points (16.7M points ≈ 130 MB while building).
    public static let maxPoints = 1 << 24

    /// Builds the ring. Throws on an empty node list, duplicate ids, invalid capacities or config,
    /// or more than ``maxPoints`` points. A ring whose nodes are all ineligible is valid but owns
    /// nothing (`owner(of:)` returns `nil`).
    public init(nodes: [RingNode], config: RingConfig = RingConfig()) throws(RingError) {
        try config.validate()
        let sorted = try validatedSortedNodes(nodes)
        let eligible = sorted.indices.filter { sorted[$0].isEligible }

        // Points per node, in point-index order.
        var counts = [Int](repeating: 0, count: sorted.count)
        switch config.algorithm {
        case .murmur3:
            // Computed in Double and bounded before the Int conversion: validation already keeps
            // the product small, and this keeps the conversion from trapping whatever the input.
            for i in eligible {
                let points = (Double(config.pointsPerCapacity) * sorted[i].capacity).rounded()
                guard points <= Double(Self.maxPoints) else { throw .tooManyPoints(Int(min(points, 9e18))) }
                counts[i] = max(1, Int(points))
            }
        case .ketama:
            let total = eligible.reduce(0.0) { $0 + sorted[$1].capacity }
            for i in eligible {
                counts[i] = Ketama.pointsPerDigest * Ketama.digestCount(weight: sorted[i].capacity, totalWeight: total, nodeCount: eligible.count)
            }
        }
        let totalPoints = counts.reduce(0, +)
        guard totalPoints <= Self.maxPoints else { throw .tooManyPoints(totalPoints) }

        // Sort (hash << 32 | global ordinal). Ordinals grow with (node id, point index), which
        // gives the documented tie-break for free and makes the sort key unique.
        var pointHashes: [UInt32] = []
        pointHashes.reserveCapacity(totalPoints)
        var ordinalOwner: [UInt32] = []
        ordinalOwner.reserveCapacity(totalPoints)
        for i in eligible where counts[i] > 0 {
            switch config.algorithm {
            case .murmur3: Self.appendMurmurPoints(id: sorted[i].id, count: counts[i], seed: config.seed, to: &pointHashes)
            case .ketama: Ketama.appendPoints(id: sorted[i].id, digests: counts[i] / Ketama.pointsPerDigest, to: &pointHashes)
            }
            ordinalOwner.append(contentsOf: repeatElement(UInt32(i), count: counts[i]))
        }
        var packed = pointHashes.enumerated().map { UInt64($0.element) << 32 | UInt64($0.offset) }
        packed.sort()

        self.config = config
        self.nodes = sorted
        self.hashes = packed.map { UInt32(truncatingIfNeeded: $0 >> 32) }
        self.owners = packed.map { ordinalOwner[Int(truncatingIfNeeded: $0 & 0xffff_ffff)] }
        self.placedNodeCount = counts.lazy.filter { $0 > 0 }.count
        (self.bucketStart, self.bucketShift) = Self.bucketTable(for: hashes)
    }

    /// A table of 2^k buckets with 2^k ≥ point count (k ≤ 20), built in one pass.
    private static func bucketTable(for hashes: [UInt32]) -> ([UInt32], UInt32) {
        var bits = 1
        while bits < 20, 1 << bits < hashes.count { bits += 1 }
        let shift = UInt32(32 - bits)
        var table = [UInt32](repeating: UInt32(hashes.count), count: (1 << bits) + 1)
        var point = 0
        for bucket in 0..<(1 << bits) {
            let lowest = UInt32(bucket) << shift
            while point < hashes.count, hashes[point] < lowest { point += 1 }
            table[bucket] = UInt32(point)
        }
        return (table, shift)
    }

    /// Hashes `"<id>:<i>"` for `i in 0..<count` without allocating a string per point.
    private static func appendMurmurPoints(id: String, count: Int, seed: UInt32, to out: inout [UInt32]) {
        var label = Array(id.utf8)
        label.append(UInt8(ascii: ":"))
        let prefix = label.count
        var digits = [UInt8]()
        for i in 0..<count {
            label.removeSubrange(prefix...)
            digits.removeAll(keepingCapacity: true)
            var n = i
            repeat { digits.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 } while n > 0
            label.append(contentsOf: digits.reversed())
            out.append(label.withUnsafeBytes { MurmurHash3.x86_32($0, seed: seed) })
        }
    }

    // MARK: Lookup

    /// Total number of points on the ring.
    public var pointCount: Int { hashes.count }

    /// The ring position of `key` under this ring's algorithm and seed.
    public func hash(of key: String) -> UInt32 {
        switch config.algorithm {
        case .murmur3: MurmurHash3.x86_32(key, seed: config.seed)
        case .ketama: Ketama.hash(key)
        }
    }

    /// Index of the first point with hash ≥ `hash`, wrapping to 0; `nil` for an empty ring.
    func pointIndex(forHash hash: UInt32) -> Int? {
        hashes.withUnsafeBufferPointer { p -> Int? in
            guard !p.isEmpty else { return nil }
            let bucket = Int(hash >> bucketShift)
            let (start, end) = bucketStart.withUnsafeBufferPointer { (Int($0[bucket]), Int($0[bucket + 1])) }
            // Lower bound within [start, end); `end` itself is ≥ hash (or the end of the ring).
            var base = start
            var length = end - start
            while length > 1 {
                let half = length / 2
                base = p[base + half] < hash ? base + half : base
                length -= half
            }
            let index = length == 0 ? end : base + (p[base] < hash ? 1 : 0)
            return index == p.count ? 0 : index
        }
    }

    /// Index in ``nodes`` of the node owning ring position `hash`.
    public func ownerIndex(forHash hash: UInt32) -> Int? {
        pointIndex(forHash: hash).map { Int(owners[$0]) }
    }

    /// Index in ``nodes`` of the owner of `key`; `nil` when no node is eligible.
    public func ownerIndex(of key: String) -> Int? {
        ownerIndex(forHash: hash(of: key))
    }

    /// The owner followed by the next DISTINCT nodes clockwise: the order in which Loom falls
    /// back when the owner is unavailable. Returns at most `count` ids (fewer if the ring has
    /// fewer nodes with points); empty when nothing is eligible.
    public func lookup(key: String, count: Int) -> [String] {
        guard count > 0, let start = pointIndex(forHash: hash(of: key)) else { return [] }
        let wanted = min(count, placedNodeCount)
        var seen = [Bool](repeating: false, count: nodes.count)
        var result: [String] = []
        result.reserveCapacity(wanted)
        var i = start
        while result.count < wanted {
            let owner = Int(owners[i])
            if !seen[owner] {
                seen[owner] = true
                result.append(nodes[owner].id)
            }
            i = i + 1 == owners.count ? 0 : i + 1
        }
        return result
    }

    /// The sorted point hashes of node `id` (empty for ineligible or unknown nodes).
    public func points(of id: String) -> [UInt32] {
        guard let index = nodes.firstIndex(where: { $0.id == id }) else { return [] }
        return zip(hashes, owners).compactMap { $0.1 == UInt32(index) ? $0.0 : nil }
    }

    // MARK: Membership changes

    /// A new ring with `added` nodes joined (same config).
    public func adding(_ added: [RingNode]) throws(RingError) -> HashRing {
        try HashRing(nodes: nodes + added, config: config)
    }

    /// A new ring without the nodes whose ids are listed (same config).
    public func removing(_ ids: [String]) throws(RingError) -> HashRing {
        let known = Set(nodes.map(\.id))
        if let unknown = ids.first(where: { !known.contains($0) }) { throw .unknownNode(unknown) }
        let drop = Set(ids)
        return try HashRing(nodes: nodes.filter { !drop.contains($0.id) }, config: config)
    }
}
