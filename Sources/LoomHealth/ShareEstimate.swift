import Foundation
import LoomCore

/// How big a uniform random sample `health` reads, and at what confidence it reports.
///
/// The default asks for ±1 percentage point at 99% confidence in the worst case (p = 0.5):
/// n₀ = z²·p(1−p)/E² = 2.5758²·0.25/0.01² ≈ 16,588 by the normal approximation, reduced by the
/// finite-population correction n = n₀ / (1 + (n₀−1)/N) (≈ 16,318 at N = 1,000,000).
/// A population of at most n₀ is read whole (exact).
public struct SamplingPlan: Sendable, Equatable {
    /// Two-sided 99%: Φ⁻¹(0.995).
    public static let z99 = 2.5758293035489004

    /// Target half-width of the interval, as a share (0.01 = ±1 percentage point).
    public var margin: Double = 0.01
    public var z: Double = Self.z99
    /// The confidence `z` stands for (reported as is).
    public var confidence: Double = 0.99
    /// A fixed sample size (`--sample-size`) instead of the one the margin asks for.
    public var fixedSize: Int?

    public init(fixedSize: Int? = nil) { self.fixedSize = fixedSize }

    /// n₀: the worst-case sample size before the finite-population correction; populations up to
    /// this size are read exactly.
    public var baseSize: Int {
        if let fixedSize { return max(1, fixedSize) }
        return Int((z * z * 0.25 / (margin * margin)).rounded(.up))
    }

    /// The sample size for a population of `population` (never more than the population).
    public func size(population: Int) -> Int {
        guard population > 0 else { return 0 }
        let n0 = Double(baseSize)
        if fixedSize != nil || population <= baseSize { return min(population, baseSize) }
        let n = n0 / (1 + (n0 - 1) / Double(population))
        return min(population, Int(n.rounded(.up)))
    }

    public func json() -> JSONValue {
        .object([("confidence", .double(confidence)), ("targetMarginPercent", .double(margin * 100)),
            ("baseSampleSize", .int(Int64(baseSize))), ("interval", .string(ShareEstimate.method))])
    }
}

/// A share of a population (e.g. stale actors of a type) estimated from a simple random sample
/// drawn without replacement (SRANDMEMBER with a positive count returns distinct members).
///
/// The interval is Wilson's score interval, with the finite-population correction applied to the
/// variance by using the effective sample size n·(N−1)/(N−n); it is then clamped to what the
/// sample proves (at least `hits` of N have the property, at least `sampled − hits` do not).
/// A sample of the whole population is exact: the interval is the point.
public struct ShareEstimate: Sendable, Equatable {
    public static let method = "wilson-score-fpc"

    public let hits: Int
    public let sampled: Int
    public let population: Int
    public let point: Double
    public let lower: Double
    public let upper: Double

    public var exact: Bool { sampled >= population }

    public init(hits rawHits: Int, sampled rawSampled: Int, population rawPopulation: Int, z: Double = SamplingPlan.z99) {
        let sampled = max(0, rawSampled)
        let hits = min(max(0, rawHits), sampled)
        let population = max(rawPopulation, sampled)
        self.hits = hits
        self.sampled = sampled
        self.population = population
        guard sampled > 0 else {
            (point, lower, upper) = (0, 0, population == 0 ? 0 : 1)
            return
        }
        let p = Double(hits) / Double(sampled)
        point = p
        if sampled >= population {
            (lower, upper) = (p, p)
            return
        }
        let n = Double(sampled)
        let bigN = Double(population)
        let nEff = bigN > 1 ? n * (bigN - 1) / (bigN - n) : n
        let z2 = z * z
        let denom = 1 + z2 / nEff
        let center = (p + z2 / (2 * nEff)) / denom
        let half = z / denom * (p * (1 - p) / nEff + z2 / (4 * nEff * nEff)).squareRoot()
        let certainLow = Double(hits) / bigN
        let certainHigh = 1 - Double(sampled - hits) / bigN
        lower = min(max(center - half, certainLow), p)
        upper = max(min(center + half, certainHigh), p)
    }

    /// The estimated number of members with the property (point, rounded).
    public var count: Int { exact ? hits : Int((point * Double(population)).rounded()) }
    public var lowerCount: Int { exact ? hits : Int((lower * Double(population)).rounded(.down)) }
    public var upperCount: Int { exact ? hits : Int((upper * Double(population)).rounded(.up)) }

    static func pct(_ x: Double) -> Double { (x * 1000).rounded() / 10 }

    /// `12.3% (99% CI 11.2–13.4%)`, or just `12.3%` when exact.
    public func describePercent(confidence: Double) -> String {
        exact ? formatPercent(point) : "\(formatPercent(point)) (\(Int((confidence * 100).rounded()))% CI \(formatPercent(lower, sign: false))–\(formatPercent(upper)))"
    }

    func formatPercent(_ x: Double, sign: Bool = true) -> String {
        let v = x * 100
        let s = v != 0 && v < 0.1 ? String(format: "%.2f", v) : String(format: "%.1f", v)
        return sign ? s + "%" : s
    }

    public func json(confidence: Double) -> JSONValue {
        .object([("estimate", .bool(!exact)), ("sampled", .int(Int64(sampled))), ("hits", .int(Int64(hits))),
            ("population", .int(Int64(population))), ("percent", .double(Self.pct(point))),
            ("lowPercent", .double(Self.pct(lower))), ("highPercent", .double(Self.pct(upper))),
            ("confidence", .double(confidence)), ("interval", .string(Self.method))])
    }
}
