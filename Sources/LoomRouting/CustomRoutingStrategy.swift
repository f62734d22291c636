import LoomCore

/// A route strategy declared in the config (`routing.strategies`), compiled once from its spec:
/// a closed set of fields and operators, so a config can never load or run code.
///
/// Fields: `status`, `messageCount`, `worker` (actor); `node.cpu`, `node.mem`, `node.zone`,
/// `node.status`, `node.capacity`, `node.live`, `node.label.<key>` (node record).
/// Filter ops: `eq`, `ne`, `in`, `not-in`, `lt`, `le`, `gt`, `ge`, `exists`, `missing`.
/// A filter on a missing value fails (only `missing` and `ne`/`not-in` pass it), and a score field
/// that is missing puts the candidate in a lower tier with an unknown score, never a score of 0.
public struct CustomRoutingStrategy: Sendable {
    public enum Field: Sendable, Equatable {
        case status, messageCount, worker, cpu, mem, zone, nodeStatus, capacity, live
        case label(String)

        init(_ text: String) throws(RoutingError) {
            switch text {
            case "status": self = .status
            case "messageCount": self = .messageCount
            case "worker": self = .worker
            case "node.cpu": self = .cpu
            case "node.mem": self = .mem
            case "node.zone": self = .zone
            case "node.status": self = .nodeStatus
            case "node.capacity": self = .capacity
            case "node.live": self = .live
            default:
                if text.hasPrefix("node.label."), text.count > "node.label.".count { self = .label(String(text.dropFirst("node.label.".count))); return }
                throw RoutingError.invalid("unknown routing field '\(text)'",
                    hint: "fields: status, messageCount, worker, node.cpu, node.mem, node.zone, node.status, node.capacity, node.live, node.label.<key>")
            }
        }

        var isNumeric: Bool {
            switch self {
            case .messageCount, .cpu, .mem, .capacity: true
            default: false
            }
        }

        /// The candidate's value as text (nil = missing).
        func text(_ c: NodeAwareRouting.Candidate) -> String? {
            switch self {
            case .status: c.actor.status
            case .messageCount: c.actor.messageCount.map(String.init)
            case .worker: c.actor.workerId
            case .cpu: number(c).map(NodeAwareRouting.format)
            case .mem: number(c).map(NodeAwareRouting.format)
            case .zone: c.node.flatMap { $0.zone.isEmpty ? nil : $0.zone }
            case .nodeStatus: c.node?.status.rawValue
            case .capacity: c.node.map { NodeAwareRouting.format($0.capacity) }
            case .live: c.node.map { $0.isLive ? "true" : "false" }
            case .label(let k): c.node?.labels.first { $0.0 == k }?.1
            }
        }

        /// The candidate's numeric value (nil = missing or not a number).
        func number(_ c: NodeAwareRouting.Candidate) -> Double? {
            switch self {
            case .messageCount: c.actor.messageCount.map(Double.init)
            case .cpu: NodeAwareRouting.metric(c.node?.cpuPercent)
            case .mem: NodeAwareRouting.metric(c.node?.memoryPercent)
            case .capacity: c.node?.capacity
            default: text(c).flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
            }
        }
    }

    public enum Op: String, Sendable, CaseIterable {
        case eq, ne, `in`, notIn = "not-in", lt, le, gt, ge, exists, missing
    }

    public struct Filter: Sendable {
        public var fieldName: String
        public var field: Field
        public var op: Op
        public var values: [String]
        var threshold: Double?

        func passes(_ c: NodeAwareRouting.Candidate) -> (Bool, String) {
            let v = field.text(c)
            let shown = v ?? "missing"
            switch op {
            case .exists: return (v != nil, "\(fieldName) is \(shown)")
            case .missing: return (v == nil, "\(fieldName) is \(shown)")
            case .eq: return (v == values[0], "\(fieldName) \(shown) eq \(values[0])")
            case .ne: return (v != values[0], "\(fieldName) \(shown) ne \(values[0])")
            case .in: return (v.map(values.contains) ?? false, "\(fieldName) \(shown) in [\(values.joined(separator: ","))]")
            case .notIn: return (!(v.map(values.contains) ?? false), "\(fieldName) \(shown) not-in [\(values.joined(separator: ","))]")
            case .lt, .le, .gt, .ge:
                guard let n = field.number(c), let t = threshold else { return (false, "\(fieldName) is missing (no comparison)") }
                let ok = op == .lt ? n < t : op == .le ? n <= t : op == .gt ? n > t : n >= t
                return (ok, "\(fieldName) \(NodeAwareRouting.format(n)) \(op.rawValue) \(NodeAwareRouting.format(t))")
            }
        }
    }

    public struct Score: Sendable {
        public var fieldName: String
        public var field: Field
        public var weight: Double
    }

    public let name: String
    public let summary: String?
    public let filters: [Filter]
    public let scores: [Score]

    /// Compiles a spec; every error names the strategy and the offending entry.
    public init(_ spec: RoutingStrategySpec) throws(RoutingError) {
        name = spec.name
        summary = spec.description
        let at = "routing strategy '\(spec.name)'"
        var fs: [Filter] = []
        for (i, f) in (spec.filters ?? []).enumerated() {
            let field: Field
            do { field = try Field(f.field) } catch { throw RoutingError.invalid("\(at) filter \(i + 1): \(error.message)", hint: error.hint) }
            guard let op = Op(rawValue: f.op) else {
                throw RoutingError.invalid("\(at) filter \(i + 1): unknown op '\(f.op)'", hint: "ops: " + Op.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var values = f.values ?? []
            if let v = f.value { values.insert(v, at: 0) }
            var threshold: Double?
            switch op {
            case .exists, .missing: values = []
            case .eq, .ne:
                guard values.count == 1 else { throw RoutingError.invalid("\(at) filter \(i + 1): '\(f.op)' needs exactly one value") }
            case .in, .notIn:
                guard !values.isEmpty else { throw RoutingError.invalid("\(at) filter \(i + 1): '\(f.op)' needs values") }
            case .lt, .le, .gt, .ge:
                guard values.count == 1, let t = Double(values[0]), t.isFinite else {
                    throw RoutingError.invalid("\(at) filter \(i + 1): '\(f.op)' needs one finite number as value")
                }
                threshold = t
            }
            fs.append(Filter(fieldName: f.field, field: field, op: op, values: values, threshold: threshold))
        }
        var ss: [Score] = []
        for (i, s) in (spec.scores ?? []).enumerated() {
            let field: Field
            do { field = try Field(s.field) } catch { throw RoutingError.invalid("\(at) score \(i + 1): \(error.message)", hint: error.hint) }
            guard field.isNumeric else {
                throw RoutingError.invalid("\(at) score \(i + 1): '\(s.field)' is not numeric", hint: "score fields: messageCount, node.cpu, node.mem, node.capacity")
            }
            guard s.weight.isFinite, abs(s.weight) <= 1e6 else { throw RoutingError.invalid("\(at) score \(i + 1): weight must be finite and within ±1e6") }
            ss.append(Score(fieldName: s.field, field: field, weight: s.weight))
        }
        filters = fs
        scores = ss
    }

    /// Looks a strategy up by name in the effective routing settings and compiles it.
    public static func named(_ name: String, in settings: RoutingSettings) throws(RoutingError) -> CustomRoutingStrategy {
        let all = settings.strategies ?? []
        guard let spec = all.first(where: { $0.name == name }) else {
            throw RoutingError.notFound("no routing strategy named '\(name)' in the config",
                hint: all.isEmpty ? "declare one under routing.strategies (docs/routing.md)" : "declared: " + all.map(\.name).joined(separator: ", "))
        }
        return try CustomRoutingStrategy(spec)
    }

    /// Filters (in order), then ranks: tier 0 = every score field known, tier 1 = some missing
    /// (score unknown). No scores: every survivor ties on score and the shared tie-breaks decide.
    public func rank(_ candidates: [NodeAwareRouting.Candidate]) -> NodeAwareRouting.Ranking {
        var kept: [NodeAwareRouting.Candidate] = []
        var excluded: [(String, String)] = []
        for c in candidates {
            var why: String?
            for f in filters {
                let (ok, text) = f.passes(c)
                if !ok { why = text; break }
            }
            if let why { excluded.append((c.actor.id, why)) } else { kept.append(c) }
        }
        var r = NodeAwareRouting.rank(kept) { c in
            var sum = 0.0
            var parts: [String] = []
            var missing: [String] = []
            for s in scores {
                if let v = s.field.number(c) {
                    sum += s.weight * v
                    parts.append("\(NodeAwareRouting.format(s.weight))×\(s.fieldName) \(NodeAwareRouting.format(v))")
                } else {
                    missing.append(s.fieldName)
                }
            }
            if !missing.isEmpty { return (1, "score field missing", nil, "missing: " + missing.joined(separator: ", ")) }
            return (0, scores.isEmpty ? "passed the filters" : "all score fields known", scores.isEmpty ? nil : sum,
                parts.isEmpty ? "no scores declared" : parts.joined(separator: " + "))
        }
        r.excluded = excluded
        if r.scored.isEmpty && !excluded.isEmpty { r.reason = "every candidate was filtered out" }
        return r
    }
}
