import Foundation
import LoomRing

/// `loomctl-bench ring [--keys N]`: lookup speed, build time, balance and movement of LoomRing.
///
/// Timings are only meaningful in a release build (`swift build -c release --product LoomBench`).
/// Exit status 0 when every target passes, 1 otherwise.
enum RingBench {
    static func run(arguments: [String]) -> Int32 {
        var keyCount = 1_000_000
        if let i = arguments.firstIndex(of: "--keys"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n >= 10_000 {
            keyCount = n
        }
        if _isDebugAssertConfiguration() { print("warning: debug build — timings are not representative") }
        do {
            return try runAll(keyCount: keyCount) ? 0 : 1
        } catch {
            print("ring bench failed: \(error)")
            return 1
        }
    }

    private struct Row {
        let name: String
        let value: String
        let target: String
        let pass: Bool?
    }

    private static func runAll(keyCount: Int) throws -> Bool {
        print("preparing \(keyCount) distinct actor ids…")
        var rng = SystemRandomNumberGenerator()
        let salt = UInt64.random(in: 0...UInt64.max, using: &rng)
        let keys = (0..<keyCount).map { i in "actor-" + String(UInt64(i) &* 0x9e37_79b9_7f4a_7c15 ^ salt, radix: 16) }
        var rows: [Row] = []

        let nodes100 = (0..<100).map { RingNode(id: "node-\($0)") }
        let ring = try HashRing(nodes: nodes100)
        let lookup = timeBatches(keys: keys) { ring.ownerIndex(of: $0) ?? 0 }
        rows.append(Row(name: "owner(of:) murmur3, 100 nodes × 150 pts", value: lookup.text, target: "median ≤ 100 ns", pass: lookup.median <= 100))

        let hashOnly = timeBatches(keys: keys) { Int(MurmurHash3.x86_32($0)) }
        rows.append(Row(name: "MurmurHash3.x86_32 alone", value: hashOnly.text, target: "", pass: nil))

        let ketama = try HashRing(nodes: nodes100, config: RingConfig(algorithm: .ketama))
        let ketamaLookup = timeBatches(keys: keys) { ketama.ownerIndex(of: $0) ?? 0 }
        rows.append(Row(name: "owner(of:) ketama, 100 nodes × 160 pts", value: ketamaLookup.text, target: "", pass: nil))

        let nodes1000 = (0..<1000).map { RingNode(id: "node-\($0)") }
        var builds: [Double] = []
        for _ in 0..<7 {
            let start = ContinuousClock.now
            let built = try HashRing(nodes: nodes1000)
            builds.append(milliseconds(ContinuousClock.now - start))
            precondition(built.pointCount == 150_000)
        }
        let buildMedian = median(builds)
        rows.append(Row(name: "build 1,000 nodes × 150 pts", value: String(format: "%.1f ms median of 7", buildMedian), target: "< 50 ms", pass: buildMedian < 50))

        let ten = try HashRing(nodes: (0..<10).map { RingNode(id: "node-\($0)") })
        let balance = try BalanceStats.measure(ten, keys: keys)
        rows.append(Row(
            name: "balance 10 nodes × 150 pts", value: String(format: "busiest/mean %.3f, min/mean %.3f, σ %.3f", balance.busiestToMean, balance.minToMean, balance.stddevToMean),
            target: "busiest/mean ≤ 1.2", pass: balance.busiestToMean <= 1.2))

        let sim = try RingSimulation.compare(ring: ten, adding: [RingNode(id: "node-10")], keys: keys)
        let allToNew = sim.movements.allSatisfy { $0.to == "node-10" }
        let withinOnePoint = abs(sim.movedFraction - sim.idealFraction) <= 0.01
        rows.append(Row(
            name: "add 11th node", value: String(format: "moved %.2f%% (ideal %.2f%%), ", sim.movedFraction * 100, sim.idealFraction * 100) + (allToNew ? "all to node-10" : "SOME ELSEWHERE"),
            target: "±1 pp of 9.09%, all to new", pass: withinOnePoint && allToNew))

        printTable(rows, keyCount: keyCount)
        return rows.allSatisfy { $0.pass != false }
    }

    private struct BatchTiming {
        let median: Double
        let p99: Double
        var text: String { String(format: "%.1f ns median, %.1f ns p99", median, p99) }
    }

    /// Runs `body` over all keys in batches of 10,000 (3 passes after a warm-up pass) and returns
    /// the median and p99 over the per-batch average ns per call.
    private static func timeBatches(keys: [String], _ body: (String) -> Int) -> BatchTiming {
        let batch = 10_000
        var sink = 0
        for key in keys { sink &+= body(key) }
        var perCall: [Double] = []
        for _ in 0..<3 {
            var start = 0
            while start < keys.count {
                let end = min(start + batch, keys.count)
                let t0 = ContinuousClock.now
                for i in start..<end { sink &+= body(keys[i]) }
                perCall.append(milliseconds(ContinuousClock.now - t0) * 1_000_000 / Double(end - start))
                start = end
            }
        }
        if sink == 42 { print("", terminator: "") } // keep the work observable
        perCall.sort()
        return BatchTiming(median: median(perCall), p99: perCall[min(perCall.count - 1, Int(Double(perCall.count) * 0.99))])
    }

    private static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    private static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    private static func printTable(_ rows: [Row], keyCount: Int) {
        let w0 = rows.map(\.name.count).max()!, w1 = rows.map(\.value.count).max()!, w2 = rows.map(\.target.count).max()!
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        print("\nLoomRing benchmark (\(keyCount) keys)")
        print("\(pad("measurement", w0))  \(pad("result", w1))  \(pad("target", w2))  status")
        print(String(repeating: "-", count: w0 + w1 + w2 + 14))
        for r in rows {
            print("\(pad(r.name, w0))  \(pad(r.value, w1))  \(pad(r.target, w2))  \(r.pass.map { $0 ? "PASS" : "FAIL" } ?? "-")")
        }
    }
}
