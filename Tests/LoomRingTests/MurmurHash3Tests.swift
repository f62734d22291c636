import Testing
@testable import LoomRing

@Suite struct MurmurHash3Tests {
    /// SMHasher's VerificationTest: hash keys {}, {0}, {0,1}, … (key[i] = i, length n) with seed
    /// 256 − n, concatenate the 256 results little-endian, hash that with seed 0.
    @Test func smhasherVerificationValue() {
        var results = [UInt8]()
        var key = [UInt8]()
        for n in 0..<256 {
            let h = MurmurHash3.x86_32(key, seed: UInt32(256 - n))
            results += [UInt8(h & 0xff), UInt8(h >> 8 & 0xff), UInt8(h >> 16 & 0xff), UInt8(h >> 24)]
            key.append(UInt8(n))
        }
        #expect(results.count == 1024)
        #expect(MurmurHash3.x86_32(results, seed: 0) == 0xB0F5_7EE3)
    }

    @Test func matchesMmh3Vectors() {
        let vectors = Vectors.shared.murmur3
        #expect(vectors.count >= 300)
        for v in vectors {
            #expect(MurmurHash3.x86_32(v.key, seed: v.seed) == v.hash, "key \(v.key.debugDescription) seed \(v.seed)")
        }
    }

    @Test func utf16LowByteMatchesJavaScriptPortVectors() {
        var differing = 0
        for v in Vectors.shared.murmur3 {
            #expect(MurmurHash3.x86_32UTF16LowByte(v.key, seed: v.seed) == v.utf16LowByte, "key \(v.key.debugDescription)")
            if v.key.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(v.utf16LowByte == v.hash, "ASCII keys hash the same both ways")
            } else if v.utf16LowByte != v.hash {
                differing += 1
            }
        }
        #expect(differing > 0, "non-ASCII keys must show the difference")
        #expect(MurmurHash3.x86_32UTF16LowByte("é") == MurmurHash3.x86_32([0xE9]))
    }

    @Test func overloadsAgree() throws {
        var rng = SplitMix64(state: 7)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let seed = UInt32.random(in: 0...UInt32.max, using: &rng)
            let expected = bytes.withUnsafeBytes { MurmurHash3.x86_32($0, seed: seed) }
            #expect(MurmurHash3.x86_32(bytes, seed: seed) == expected)
            // A non-contiguous collection takes the copying path.
            #expect(MurmurHash3.x86_32(bytes.lazy.map { $0 }, seed: seed) == expected)
            // Unaligned buffers.
            let shifted = [0xAA] + bytes
            #expect(shifted.withUnsafeBytes { MurmurHash3.x86_32(UnsafeRawBufferPointer(rebasing: $0[1...]), seed: seed) } == expected)
        }
        let text = "日本 🙂 actor:42"
        #expect(MurmurHash3.x86_32(text, seed: 9) == MurmurHash3.x86_32(Array(text.utf8), seed: 9))
        #expect(MurmurHash3.x86_32(text.utf8, seed: 9) == MurmurHash3.x86_32(Array(text.utf8), seed: 9))
    }
}
