/// MurmurHash3 (Austin Appleby, public domain), 32-bit x86 variant.
///
/// The Loom runtime places actors on its ring with `MurmurHash3_x86_32` over the UTF-8 bytes of
/// the actor id, so `loomctl` must reproduce it bit-for-bit: any divergence would make the CLI
/// report owners that the cluster does not agree with. The implementation reads 4-byte blocks
/// little-endian (as the reference does on x86 and as `mmh3` does everywhere), so results are
/// identical on every platform.
public enum MurmurHash3 {
    static let c1: UInt32 = 0xcc9e_2d51
    static let c2: UInt32 = 0x1b87_3593

    /// Hashes raw bytes. This is the allocation-free core that every other overload funnels into.
    public static func x86_32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        let count = bytes.count
        var h = seed
        var offset = 0
        while offset + 4 <= count {
            let k = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            h ^= mixK(k)
            h = (h << 13 | h >> 19) &* 5 &+ 0xe654_6b64
            offset += 4
        }
        var tail: UInt32 = 0
        switch count & 3 {
        case 3:
            tail = UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset])
        case 2:
            tail = UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset])
        case 1:
            tail = UInt32(bytes[offset])
        default:
            break
        }
        if count & 3 != 0 { h ^= mixK(tail) }
        return finalize(h, length: count)
    }

    /// Hashes the UTF-8 encoding of `string`. Native Swift strings are stored as contiguous
    /// UTF-8, so this does not allocate; bridged strings are copied once.
    @inlinable
    public static func x86_32(_ string: String, seed: UInt32 = 0) -> UInt32 {
        if let h = string.utf8.withContiguousStorageIfAvailable({ x86_32(UnsafeRawBufferPointer($0), seed: seed) }) {
            return h
        }
        var copy = string
        return copy.withUTF8 { x86_32(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// Hashes any collection of bytes (for example `[UInt8]`, `Data`, or `String.UTF8View`).
    @inlinable
    public static func x86_32(_ bytes: some Collection<UInt8>, seed: UInt32 = 0) -> UInt32 {
        if let h = bytes.withContiguousStorageIfAvailable({ x86_32(UnsafeRawBufferPointer($0), seed: seed) }) {
            return h
        }
        return Array(bytes).withUnsafeBytes { x86_32($0, seed: seed) }
    }

    /// Compatibility variant matching the widely used JavaScript port (`murmurhash-js`,
    /// `murmurhash3_32_gc`), which reads `key.charCodeAt(i) & 0xff`: it hashes the LOW BYTE of
    /// each UTF-16 code unit instead of the UTF-8 bytes.
    ///
    /// For ASCII keys the two agree. For anything else they differ: `"é"` is the single byte
    /// `0xE9` here but `0xC3 0xA9` in UTF-8, and `"日"` (U+65E5) becomes `0xE5`. Use this only
    /// to reproduce placements computed by JavaScript clients; Loom itself uses the UTF-8 `x86_32(_:seed:)`.
    public static func x86_32UTF16LowByte(_ string: String, seed: UInt32 = 0) -> UInt32 {
        let units = string.utf16
        var bytes = [UInt8]()
        bytes.reserveCapacity(units.count)
        for unit in units { bytes.append(UInt8(truncatingIfNeeded: unit)) }
        return bytes.withUnsafeBytes { x86_32($0, seed: seed) }
    }

    @inline(__always)
    static func mixK(_ k: UInt32) -> UInt32 {
        var k = k &* c1
        k = k << 15 | k >> 17
        return k &* c2
    }

    @inline(__always)
    static func finalize(_ h: UInt32, length: Int) -> UInt32 {
        var h = h ^ UInt32(truncatingIfNeeded: length)
        h ^= h >> 16
        h = h &* 0x85eb_ca6b
        h ^= h >> 13
        h = h &* 0xc2b2_ae35
        h ^= h >> 16
        return h
    }
}
