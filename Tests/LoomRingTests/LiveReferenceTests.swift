import Foundation
import Testing
import LoomRing

/// Runs `Fixtures/gen_vectors.py` through the system `python3`, when it has mmh3 and uhashring.
enum PythonReferences {
    static let available: Bool = (try? run(["-c", "import mmh3, uhashring"], input: Data()).status) == 0

    static func run(_ arguments: [String], input: Data) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

@Suite struct LiveReferenceTests {
    struct Answer: Decodable {
        let murmur: [String: [UInt32]]
        let ketamaHash: [UInt32]
        let ketama: [String: [String]]
    }

    /// 200 fresh random keys (ASCII, Latin-1, CJK, emoji, ':' and spaces) checked against mmh3 and
    /// uhashring live. The PRNG seed is printed in the failure message for reproduction.
    @Test(.enabled(if: PythonReferences.available, "python3 with mmh3 and uhashring is not installed (pip install mmh3 uhashring)"))
    func randomKeysAgreeWithPythonReferences() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(state: seed)
        let pools: [ClosedRange<UInt32>] = [0x20...0x7e, 0xa0...0xff, 0x3040...0x30ff, 0x4e00...0x9fff, 0x1f300...0x1f64f]
        let keys: [String] = (0..<200).map { _ in
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &rng) {
                let pool = pools.randomElement(using: &rng)!
                s.append(Unicode.Scalar(UInt32.random(in: pool, using: &rng))!)
            }
            return String(s)
        }
        let script = Vectors.fixturesDirectory.appendingPathComponent("gen_vectors.py").path
        let (status, output) = try PythonReferences.run([script, "--check"], input: JSONEncoder().encode(["keys": keys]))
        try #require(status == 0, "gen_vectors.py --check failed")
        let answer = try JSONDecoder().decode(Answer.self, from: output)

        #expect(answer.murmur.count == 5)
        for (seedText, hashes) in answer.murmur {
            let murmurSeed = try #require(UInt32(seedText))
            for (key, hash) in zip(keys, hashes) {
                #expect(MurmurHash3.x86_32(key, seed: murmurSeed) == hash, "key \(key.debugDescription) seed \(murmurSeed), PRNG seed \(seed)")
            }
        }
        for (key, hash) in zip(keys, answer.ketamaHash) { #expect(Ketama.hash(key) == hash, "key \(key.debugDescription), PRNG seed \(seed)") }
        let weights = Dictionary(uniqueKeysWithValues: Vectors.shared.ketamaRings.map { ($0.name, $0.weights) })
        #expect(answer.ketama.count == weights.count)
        for (name, owners) in answer.ketama {
            let ring = try HashRing(nodes: try #require(weights[name]).map { RingNode(id: $0.key, capacity: Double($0.value)) }, config: RingConfig(algorithm: .ketama))
            for (key, owner) in zip(keys, owners) { #expect(ring.owner(of: key) == owner, "ring \(name) key \(key.debugDescription), PRNG seed \(seed)") }
        }
    }
}
