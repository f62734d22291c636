import Foundation
import LoomCore
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// Actor checks: per type live vs stale, and the registry anomalies Loom leaves behind.
///
/// Exact censuses are judged as always. Sampled ones are judged on the estimate WITH its
/// interval so a registry sitting at a threshold does not flap (docs/health.md, "Sampling"):
/// degraded only when the interval's lower bound is above the stale threshold; "no live actor"
/// only when a bounded search after the sample finds none either (exact when the type fits the
/// budget); an anomaly or an actor on a down
/// node found in the sample is a fact (it exists), none found is reported with its upper bound.
public struct ActorHealth: Sendable {
    public let registry: ActorRegistry
    public let rules: HealthRules

    public init(registry: ActorRegistry, rules: HealthRules) {
        self.registry = registry
        self.rules = rules
    }

    /// `downNodes`: node ids known to be down (agent status or failed probes); actors still hosted there are unhealthy.
    public func run(stats precomputed: RegistryStats? = nil, downNodes: Set<String> = []) throws -> [CheckResult] {
        try run(census: ActorCensus.exactCensus(try precomputed ?? RegistryStats.collect(registry, walk: .always)), downNodes: downNodes)
    }

    public func run(census: ActorCensus, downNodes: Set<String> = []) throws -> [CheckResult] {
        var out: [CheckResult] = []
        for t in census.types { out.append(try typeCheck(t, census: census)) }
        if census.population == 0 && census.types.isEmpty {
            out.append(CheckResult(.actors, "actors", .healthy, "no actors registered"))
        }
        out.append(census.exact ? exactAnomalies(census.stats) : sampledAnomalies(census))
        if !downNodes.isEmpty { out.append(onDownNodes(census, downNodes)) }
        return out
    }

    func typeCheck(_ t: ActorCensus.TypeShare, census: ActorCensus) throws -> CheckResult {
        let threshold = rules.staleDegradedPercent
        if t.exact {
            let pct = t.found == 0 ? 0 : Double(t.found - t.live) / Double(t.found) * 100
            let status: HealthStatus = t.live == 0 && t.found > 0 ? .unhealthy : pct > threshold ? .degraded : .healthy
            var details: [(String, JSONValue)] = [("type", .string(t.type)), ("total", .int(Int64(t.found))), ("live", .int(Int64(t.live))),
                ("stale", .int(Int64(t.found - t.live))), ("stalePercent", .double((pct * 10).rounded() / 10))]
            if !census.exact { details += [("estimate", .bool(false)), ("sampleSize", .int(Int64(t.found)))] }
            return CheckResult(.actors, "actors/\(t.type)", status,
                String(format: "%d live, %d stale (%.1f%%; degraded above %.0f%%)", t.live, t.found - t.live, pct, threshold),
                details: .object(details))
        }
        let e = t.stale
        let confidence = census.plan.confidence
        var status: HealthStatus = e.lower * 100 > threshold ? .degraded : .healthy
        var reason = "≈\(e.population - e.count) live, ≈\(e.count) stale: \(e.describePercent(confidence: confidence)) stale, "
            + "estimated from \(t.found) of \(t.members) (degraded when the interval is above \(Self.num(threshold))%)"
        var noneLive = false
        var search: ActorCensus.LiveSearch?
        if t.live == 0 {
            // The sample alone does not say "none live": search the type set for a live actor, stopping
            // at the first one or at the budget (exact when the type fits in it).
            let s = try ActorCensus.anyLive(type: t.type, registry: registry, budget: ActorCensus.searchBudget(census.plan))
            search = s
            noneLive = !s.found
            if noneLive {
                status = .unhealthy
                reason = s.complete
                    ? "no live actor among \(t.members) (sampled \(t.found), none live; confirmed by an exact check)"
                    : "no live actor found: none in a sample of \(t.found) nor among \(s.examined) more of \(t.members) searched"
            } else {
                reason += "; none live in the sample, but a search found a live one"
            }
        }
        let details: [(String, JSONValue)] = [("type", .string(t.type)), ("total", .int(Int64(e.population))),
            ("live", .int(Int64(noneLive ? 0 : e.population - e.count))), ("stale", .int(Int64(noneLive ? e.population : e.count))),
            ("stalePercent", .double(ShareEstimate.pct(e.point))), ("estimate", .bool(true)), ("sampleSize", .int(Int64(t.found))),
            ("members", .int(Int64(t.members))), ("stalePercentLow", .double(ShareEstimate.pct(e.lower))),
            ("stalePercentHigh", .double(ShareEstimate.pct(e.upper))), ("confidence", .double(confidence)),
            ("interval", .string(ShareEstimate.method)), ("noneLiveConfirmed", .bool(noneLive && (search?.complete ?? false))),
            ("liveSearch", search.map { .object([("found", .bool($0.found)), ("examined", .int(Int64($0.examined))),
                ("complete", .bool($0.complete))]) } ?? .null)]
        return CheckResult(.actors, "actors/\(t.type)", status, reason, details: .object(details))
    }

    func exactAnomalies(_ stats: RegistryStats) -> CheckResult {
        let anomalies = stats.anomalyTotal
        var byKind: [(String, JSONValue)] = []
        for k in Anomaly.Kind.allCases { byKind.append((k.rawValue, .int(Int64(stats.anomalyCounts[k, default: 0])))) }
        let summary = Anomaly.Kind.allCases.compactMap { k in stats.anomalyCounts[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
        return CheckResult(.actors, "actors.registry", anomalies > 0 ? .degraded : .healthy,
            anomalies > 0 ? "\(anomalies) anomalies (\(summary)); fix with loomctl actors cleanup"
                : stats.keyspaceScanned ? "no anomalies"
                : "no anomalies in the indexes; \(ActorCensus.scanOnlyKinds.map(\.rawValue).joined(separator: "/")) hashes need --exact",
            details: .object([("anomalies", .int(Int64(anomalies))), ("byKind", .object(byKind))]))
    }

    /// An anomaly found in the sample exists (degraded); none found leaves an upper bound.
    func sampledAnomalies(_ census: ActorCensus) -> CheckResult {
        let stats = census.stats
        let e = census.share(census.anomalousIDs)
        var byKind: [(String, JSONValue)] = []
        for k in Anomaly.Kind.allCases { byKind.append((k.rawValue, .int(Int64(stats.anomalyCounts[k, default: 0])))) }
        let summary = Anomaly.Kind.allCases.compactMap { k in stats.anomalyCounts[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
        let unchecked = ActorCensus.scanOnlyKinds.map(\.rawValue).joined(separator: "/")
        let reason = e.hits > 0
            ? "≈\(e.count) anomalies (\(e.describePercent(confidence: census.plan.confidence)) of \(census.population); in a sample of \(census.drawn): \(summary)); fix with loomctl actors cleanup"
            : "no anomalies in a sample of \(census.drawn) (at most ≈\(e.upperCount) of \(census.population)); \(unchecked) hashes need --exact"
        return CheckResult(.actors, "actors.registry", e.hits > 0 ? .degraded : .healthy, reason,
            details: .object([("anomalies", .int(Int64(e.count))), ("byKind", .object(byKind)), ("estimate", .bool(true)),
                ("sampleSize", .int(Int64(census.drawn))), ("inSample", .int(Int64(e.hits))),
                ("anomaliesHigh", .int(Int64(e.upperCount))), ("byKindIn", .string("sample")),
                ("notChecked", .array(ActorCensus.scanOnlyKinds.map { .string($0.rawValue) }))]))
    }

    func onDownNodes(_ census: ActorCensus, _ downNodes: Set<String>) -> CheckResult {
        let hosted = census.stats.byWorker.filter { downNodes.contains($0.key) }
        let inSample = hosted.values.reduce(0) { $0 + $1.total }
        if census.exact {
            return CheckResult(.actors, "actors.on-down-nodes", inSample > 0 ? .unhealthy : .healthy,
                inSample > 0 ? "\(inSample) actors hosted on down nodes (\(hosted.keys.sorted().joined(separator: ", ")))" : "no actors on down nodes",
                details: .object(hosted.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value.total))) }))
        }
        let e = census.share(inSample)
        let byNode: [(String, JSONValue)] = hosted.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64(census.share($0.value.total).count))) }
        return CheckResult(.actors, "actors.on-down-nodes", inSample > 0 ? .unhealthy : .healthy,
            inSample > 0
                ? "≈\(e.count) actors hosted on down nodes (\(hosted.keys.sorted().joined(separator: ", ")); \(inSample) in a sample of \(census.drawn))"
                : "no actors on down nodes in a sample of \(census.drawn) (at most ≈\(e.upperCount))",
            details: .object([("estimate", .bool(true)), ("sampleSize", .int(Int64(census.drawn))), ("inSample", .int(Int64(inSample))),
                ("total", .int(Int64(e.count))), ("byNode", .object(byNode))]))
    }

    static func num(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}
