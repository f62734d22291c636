import Crypto

/// libketama-compatible hashing, so `loomctl` can show where a memcached-style client
/// (libketama, `uhashring` with `hash_fn='ketama'`) would place a key.
///
/// Layout: a node with weight `w` among `N` eligible nodes of total weight `W` contributes
/// `⌊40 · N · w / W⌋` MD5 digests of the labels `"<id>-<k>"` (`k = 0, 1, …`); each 16-byte
/// digest yields 4 points, the little-endian `UInt32` of each 4-byte quarter. Equal weights
/// therefore give exactly 160 points per node. The digest count uses exact integer arithmetic
/// when all weights are integers (what `uhashring` does; libketama computes the same in `float`
/// and can differ by one digest at exact boundaries), and `floor` in `Double` otherwise.
/// A node whose share rounds down to zero digests gets no points, as in both references.
public enum Ketama {
    /// Digests per unit of the share `N · w / W` (libketama's constant; `uhashring`'s default `vnodes`).
    public static let digestsPerShare = 40
    /// Points taken from each MD5 digest.
    public static let pointsPerDigest = 4

    /// Key hash: the little-endian `UInt32` of the first 4 bytes of `MD5(UTF-8 key)`.
    public static func hash(_ key: String) -> UInt32 {
        md5Quarters(key).0
    }

    /// Number of MD5 digests for a node of `weight` in a ring of `nodeCount` eligible nodes
    /// whose weights sum to `totalWeight`.
    public static func digestCount(weight: Double, totalWeight: Double, nodeCount: Int) -> Int {
        let limit = Double(1 << 40)
        if weight == weight.rounded(), totalWeight == totalWeight.rounded(), totalWeight < limit, weight < limit {
            return digestsPerShare * nodeCount * Int(weight) / Int(totalWeight)
        }
        return Int((Double(digestsPerShare * nodeCount) * weight / totalWeight).rounded(.down))
    }

    /// Appends the points of one node (`digests × 4` hashes, in point-index order `4k + q`).
    static func appendPoints(id: String, digests: Int, to out: inout [UInt32]) {
        for k in 0..<digests {
            let q = md5Quarters("\(id)-\(k)")
            out.append(q.0); out.append(q.1); out.append(q.2); out.append(q.3)
        }
    }

    /// The MD5 digest of the UTF-8 bytes of `text`, read as four little-endian `UInt32` quarters.
    private static func md5Quarters(_ text: String) -> (UInt32, UInt32, UInt32, UInt32) {
        var hasher = Insecure.MD5()
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes { raw in
            func quarter(_ i: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            return (quarter(0), quarter(1), quarter(2), quarter(3))
        }
    }
}
