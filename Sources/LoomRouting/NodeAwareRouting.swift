import LoomCore
import LoomKeyspace

/// loomctl's node-aware route strategies (`node-load`, `zone`, and config-declared ones): pure
/// ranking over recorded actors and node records, so a preview can explain every candidate and
/// tests can run tables without Redis. Loom's own strategies stay in ``ActorRouter``.
///
/// Rules shared by every node-aware strategy:
/// - Loom's busy rule first: busy actors are skipped unless every actor is busy (contract §1.7).
/// - A missing metric is MISSING: it is never read as 0 (which would make an unreporting node
///   look idle). Candidates are ranked in tiers; a tier with less information always loses to a
///   tier with more, and the explanation says which tier the winner came from.
/// - Remaining ties go to the lower messageCount (missing last), then the smaller actor id
///   (bytewise), so the pick is deterministic, unlike Loom's SMEMBERS order.
public enum NodeAwareRouting {
    /// `node-load` weights: score = 0.5 × cpuPercent + 0.5 × memoryPercent (0–100, lower wins).
    public static let cpuWeight = 0.5
    public static let memoryWeight = 0.5

    /// One actor with its node (nil when its workerId has no node record).
    public struct Candidate: Sendable {
        public var actor: ActorRecord
        public var node: NodeRecord?
        public init(actor: ActorRecord, node: NodeRecord?) {
            self.actor = actor
            self.node = node
        }
    }

    /// One ranked candidate. Smaller `tier` wins, then smaller `score` (nil = unknown, after any
    /// number), then the tie-breaks above.
    public struct Scored: Sendable {
        public var candidate: Candidate
        public var tier: Int
        public var tierLabel: String
        public var score: Double?
        /// How the score was obtained ("0.5×12.0 + 0.5×40.0", "cpu missing", …).
        public var detail: String
        public var rank = 0
    }

    /// The ranking plus the sentence that explains the winner.
    public struct Ranking: Sendable {
        public var scored: [Scored]
        public var busySkipped: Int
        public var fellBackToBusy: Bool
        public var reason: String
        /// Custom strategies: candidates a filter removed, with the failing filter.
        public var excluded: [(String, String)] = []
        public var winner: Scored? { scored.first }
    }

    /// Applies Loom's busy rule and ranks the pool with `score` (tier, label, score, detail).
    public static func rank(_ candidates: [Candidate], scoreBy score: (Candidate) -> (Int, String, Double?, String)) -> Ranking {
        let idle = candidates.filter { $0.actor.status != "busy" }
        let pool = idle.isEmpty ? candidates : idle
        var scored = pool.map { c -> Scored in
            let (tier, label, s, detail) = score(c)
            return Scored(candidate: c, tier: tier, tierLabel: label, score: s, detail: detail)
        }
        scored.sort(by: precedes)
        for i in scored.indices { scored[i].rank = i + 1 }
        return Ranking(scored: scored, busySkipped: candidates.count - idle.count, fellBackToBusy: idle.isEmpty && !candidates.isEmpty,
            reason: explain(scored))
    }

    static func precedes(_ a: Scored, _ b: Scored) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        switch (a.score, b.score) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: break
        }
        let ma = a.candidate.actor.messageCount, mb = b.candidate.actor.messageCount
        switch (ma, mb) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: break
        }
        return a.candidate.actor.id.utf8.lexicographicallyPrecedes(b.candidate.actor.id.utf8)
    }

    /// Why the first candidate won, against the runner-up.
    static func explain(_ s: [Scored]) -> String {
        guard let w = s.first else { return "no candidates" }
        guard s.count > 1 else { return "\(w.candidate.actor.id) is the only candidate (\(w.tierLabel))" }
        let r = s[1]
        if w.tier != r.tier { return "\(w.candidate.actor.id) is in a better tier (\(w.tierLabel)) than the runner-up \(r.candidate.actor.id) (\(r.tierLabel))" }
        if let ws = w.score, ws != r.score {
            return "\(w.candidate.actor.id) has the lowest score \(format(ws)) in tier '\(w.tierLabel)'; runner-up \(r.candidate.actor.id) scored \(r.score.map(format) ?? "unknown")"
        }
        if w.candidate.actor.messageCount != r.candidate.actor.messageCount {
            return "tie on score with \(r.candidate.actor.id); \(w.candidate.actor.id) has fewer messages (\(w.candidate.actor.messageCount.map(String.init) ?? "unknown") vs \(r.candidate.actor.messageCount.map(String.init) ?? "unknown"))"
        }
        return "tie on score and messageCount with \(r.candidate.actor.id); the smaller actor id wins"
    }

    public static func format(_ d: Double) -> String {
        let r = (d * 100).rounded() / 100
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
    }

    /// Node health tier offset: actors on nodes that are down, cordoned, draining or without a
    /// live heartbeat, or whose workerId is no node at all, come after every healthy node.
    static func nodeProblem(_ node: NodeRecord?, workerId: String?) -> String? {
        guard let node else { return workerId == nil ? "actor has no workerId" : "no node record for worker '\(workerId!)'" }
        if !node.isLive { return "node \(node.id) has no live heartbeat" }
        if node.status != .active { return "node \(node.id) is \(node.status.rawValue)" }
        return nil
    }

    /// A usable percentage metric: finite and within 0…100; anything else counts as missing.
    public static func metric(_ v: Double?) -> Double? {
        guard let v, v.isFinite, v >= 0, v <= 100 else { return nil }
        return v
    }

    /// `node-load`: tier 0 = both CPU and memory reported (score = weighted sum), tier 1 = one
    /// of them (score = that metric alone), tier 2 = neither, tier 3 = unhealthy or unknown node.
    public static func nodeLoad(_ candidates: [Candidate]) -> Ranking {
        rank(candidates) { c in
            if let p = nodeProblem(c.node, workerId: c.actor.workerId) { return (3, "unhealthy or unknown node", nil, p) }
            let cpu = metric(c.node?.cpuPercent), mem = metric(c.node?.memoryPercent)
            switch (cpu, mem) {
            case let (c?, m?):
                return (0, "cpu and memory known", cpuWeight * c + memoryWeight * m,
                    "\(format(cpuWeight))×cpu \(format(c)) + \(format(memoryWeight))×mem \(format(m))")
            case let (c?, nil): return (1, "one metric missing", c, "cpu \(format(c)); memory missing")
            case let (nil, m?): return (1, "one metric missing", m, "memory \(format(m)); cpu missing")
            case (nil, nil): return (2, "cpu and memory missing", nil, "no cpu or memory reported")
            }
        }
    }

    /// `zone`: tier 0 = node in `zone`; tier k = node in the k-th zone of `nearest`; then any
    /// other zone (tier nearest.count + 1); unhealthy or unknown nodes last. Within a tier the
    /// node-load score decides (missing stays missing), then the shared tie-breaks.
    public static func zone(_ candidates: [Candidate], zone: String, nearest: [String]) -> Ranking {
        let order = [zone] + nearest.filter { $0 != zone }
        return rank(candidates) { c in
            let load = nodeLoad([c]).scored.first
            let score = load?.tier == 3 ? nil : load?.score
            if let p = nodeProblem(c.node, workerId: c.actor.workerId) { return (order.count + 1, "unhealthy or unknown node", nil, p) }
            let z = c.node?.zone ?? ""
            let shownZone = z.isEmpty ? "no zone" : "zone \(z)"
            let loadText = load?.detail ?? ""
            if let k = order.firstIndex(of: z) {
                return (k, k == 0 ? "in zone \(zone)" : "nearest zone #\(k) (\(z))", score, "\(shownZone); \(loadText)")
            }
            return (order.count, "any other zone", score, "\(shownZone); \(loadText)")
        }
    }
}

extension NodeAwareRouting.Ranking {
    /// The preview's candidate list (every candidate, ranked).
    public func candidatesJSON() -> JSONValue {
        .array(scored.map { s in
            let n = s.candidate.node
            return .object([
                ("rank", .int(Int64(s.rank))), ("actorId", .string(s.candidate.actor.id)), ("workerId", JSONValue(s.candidate.actor.workerId)),
                ("status", JSONValue(s.candidate.actor.status)), ("messageCount", JSONValue(s.candidate.actor.messageCount)),
                ("node", JSONValue(n?.id)), ("zone", JSONValue(n?.zone)), ("cpuPercent", JSONValue(n?.cpuPercent)),
                ("memoryPercent", JSONValue(n?.memoryPercent)), ("tier", .int(Int64(s.tier))), ("tierLabel", .string(s.tierLabel)),
                ("score", JSONValue(s.score)), ("detail", .string(s.detail)),
            ])
        })
    }

    public func excludedJSON() -> JSONValue {
        .array(excluded.map { .object([("actorId", .string($0.0)), ("failedFilter", .string($0.1))]) })
    }
}
