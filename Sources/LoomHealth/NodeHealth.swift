import LoomCore
import LoomRedis
import LoomRegistry
import LoomMembership

/// Node checks: membership status, heartbeat freshness, and HTTP probes of each node's
/// `/health` and `/ready` (Loom's shapes, contract §6.1), all in parallel.
///
/// Probes go through a per-node circuit breaker kept in Redis (`{K}loomctl:health:node:{id}`), so a
/// dead node is not hammered by every CI run: after `breakerThreshold` consecutive probe failures
/// the node is not probed again until `breakerCooldownMs` has passed.
public struct NodeHealth: Sendable {
    public struct Options: Sendable {
        public var probe = true
        public var timeoutMs = 2000
        public var breakerThreshold = 3
        public var breakerCooldownMs: Int64 = 60_000
        /// Record probe outcomes and consecutive failures in Redis (off for a read-only run).
        public var record = true

        public init(timeoutMs: Int = 2000) { self.timeoutMs = timeoutMs }
    }

    /// Per-node memory between runs.
    public struct ProbeState: Sendable, Equatable {
        public var probeFailures = 0
        public var consecutiveUnhealthy = 0
        public var openedAt: Int64?
        public var lastError: String?

        static func decode(_ pairs: [(String, String)]) -> ProbeState {
            var s = ProbeState()
            for (k, v) in pairs {
                switch k {
                case "probeFailures": s.probeFailures = Int(v) ?? 0
                case "consecutiveUnhealthy": s.consecutiveUnhealthy = Int(v) ?? 0
                case "openedAt": s.openedAt = Int64(v)
                case "lastError": s.lastError = v
                default: break
                }
            }
            return s
        }
    }

    public struct Outcome: Sendable {
        public var checks: [CheckResult]
        public var downNodes: Set<String>
        /// Agent nodes and how many consecutive runs found them unhealthy.
        public var consecutiveUnhealthy: [String: Int]
        public var snapshot: MembershipSnapshot
    }

    public let membership: NodeMembership
    public let registry: ActorRegistry
    public let options: Options

    public init(membership: NodeMembership, registry: ActorRegistry, options: Options) {
        self.membership = membership
        self.registry = registry
        self.options = options
    }

    func stateKey(_ id: String) -> String { membership.keys.nodeProbeState(id) }

    /// `census` supplies the registry read (shared with the actor checks) for inferred nodes; by default
    /// the registry is sampled, never read whole (docs/health.md, "Inferred nodes").
    public func run(now: Int64 = Timestamp.nowMillis()) throws -> Outcome {
        try run(now: now, census: { try ActorCensus.collect(registry, plan: SamplingPlan(), exact: false) })
    }

    public func run(now: Int64 = Timestamp.nowMillis(), census: () throws -> ActorCensus) throws -> Outcome {
        let snapshot = try membership.read()
        var nodes = snapshot.nodes
        var estimates: [String: ShareEstimate] = [:]
        var confirmed: Set<String> = []
        var sampleSize = 0
        var searched = 0
        if nodes.isEmpty {
            let c = try census()
            let workers = c.stats.byWorker.filter { $0.key != RegistryStats.missingField && !$0.key.isEmpty }
            if c.exact {
                nodes = ClusterRing.inferNodes(workers: workers.mapValues { ($0.total, $0.live) })
            } else {
                // From the sample: counts are estimates; a worker with no live actor in the sample is searched
                // for one (one early-exit, budgeted pass for all such workers) before it is called down.
                let suspects = Set(workers.filter { $0.value.live == 0 }.keys)
                let search = try ActorCensus.workersWithLiveActors(suspects, registry: registry, budget: ActorCensus.searchBudget(c.plan))
                let live = search.live
                confirmed = search.complete ? suspects.subtracting(live) : []
                searched = search.examined
                sampleSize = c.drawn
                var counts: [String: (total: Int, live: Int)] = [:]
                for (w, n) in workers {
                    let e = c.share(n.total)
                    estimates[w] = e
                    counts[w] = (e.count, n.live > 0 || live.contains(w) ? 1 : 0)
                }
                nodes = ClusterRing.inferNodes(workers: counts)
            }
            nodes.sort { $0.id < $1.id }
        }
        guard !nodes.isEmpty else {
            return Outcome(checks: [CheckResult(.nodes, "nodes", .healthy, "no nodes: no agent has registered one and no actors are registered")],
                downNodes: [], consecutiveUnhealthy: [:], snapshot: snapshot)
        }
        let agentNodes = nodes.filter { $0.source == .agent }
        let states: [ProbeState] = agentNodes.isEmpty ? [] : try membership.redis.pipeline(agentNodes.map { .hgetall(stateKey($0.id)) })
            .map { ProbeState.decode($0.pairs ?? []) }
        var stateByNode = Dictionary(uniqueKeysWithValues: zip(agentNodes.map(\.id), states))

        // Which nodes to probe: agent nodes with an address, alive, breaker closed (or cooled down).
        var urls: [String] = []
        var probeIndex: [String: Int] = [:]
        if options.probe {
            for n in agentNodes where !n.address.isEmpty && n.isLive && n.status != .down {
                let s = stateByNode[n.id] ?? ProbeState()
                if let opened = s.openedAt, now - opened < options.breakerCooldownMs { continue }
                probeIndex[n.id] = urls.count
                let base = n.address.hasSuffix("/") ? String(n.address.dropLast()) : n.address
                urls += [base + "/health", base + "/ready"]
            }
        }
        let results = HTTPProber.get(urls, timeoutMillis: options.timeoutMs)

        var checks: [CheckResult] = []
        var down: Set<String> = []
        var updates: [RedisCommand] = []
        var consecutive: [String: Int] = [:]
        for n in nodes {
            var status: HealthStatus = .healthy
            var reasons: [String] = []
            var details: [(String, JSONValue)] = [("node", n.json())]
            if n.source == .inferred {
                if let e = estimates[n.id] {
                    details += [("estimate", .bool(true)), ("sampleSize", .int(Int64(sampleSize))), ("inSample", .int(Int64(e.hits))),
                        ("actorCountLow", .int(Int64(e.lowerCount))), ("actorCountHigh", .int(Int64(e.upperCount))),
                        ("noneLiveConfirmed", .bool(confirmed.contains(n.id)))]
                    if n.isLive {
                        reasons.append("inferred from ≈\(n.actorCount ?? 0) actors (\(e.hits) in a sample of \(sampleSize); no agent), some live")
                    } else {
                        status = .unhealthy
                        reasons.append("inferred from ≈\(n.actorCount ?? 0) actors (\(e.hits) in a sample of \(sampleSize)), none with a live heartbeat"
                            + (confirmed.contains(n.id) ? " (confirmed by an exact check)" : " (nor among \(searched) more actors searched)"))
                        down.insert(n.id)
                    }
                } else if n.isLive {
                    reasons.append("inferred from \(n.actorCount ?? 0) actors (no agent), some live")
                } else {
                    status = .unhealthy
                    reasons.append("inferred from \(n.actorCount ?? 0) actors, none with a live heartbeat")
                    down.insert(n.id)
                }
                checks.append(CheckResult(.nodes, "node/\(n.id)", status, reasons.joined(separator: "; "), details: .object(details)))
                continue
            }
            switch n.status {
            case .down:
                status = .unhealthy
                reasons.append("marked down")
            case .draining:
                status = .degraded
                reasons.append("draining")
            case .cordoned:
                reasons.append("cordoned (owns no actors)")
            case .active: break
            }
            if !n.isLive {
                status = .unhealthy
                reasons.append("no heartbeat (key expired; last \(n.lastHeartbeat.isEmpty ? "never" : n.lastHeartbeat))")
            }
            var state = stateByNode[n.id] ?? ProbeState()
            if let i = probeIndex[n.id] {
                let (probeStatus, probeReason, probeOK) = Self.judge(health: results[i], ready: results[i + 1])
                status = max(status, probeStatus)
                reasons.append(probeReason)
                details.append(("health", Self.probeJSON(results[i])))
                details.append(("ready", Self.probeJSON(results[i + 1])))
                if probeOK {
                    state.probeFailures = 0
                    state.openedAt = nil
                    state.lastError = nil
                } else {
                    state.probeFailures += 1
                    state.lastError = probeReason
                    if state.probeFailures >= options.breakerThreshold { state.openedAt = now }
                }
            } else if options.probe, !n.address.isEmpty, n.isLive, n.status != .down, let opened = state.openedAt {
                status = .unhealthy
                let wait = max(0, (options.breakerCooldownMs - (now - opened)) / 1000)
                reasons.append("probe circuit open after \(state.probeFailures) failures (\(state.lastError ?? "?")); next probe in \(wait)s")
                details.append(("probeCircuit", .object([("open", true), ("openedAt", .string(Timestamp.iso(millis: opened)))])))
            } else if n.address.isEmpty {
                reasons.append("no address to probe")
            }
            if n.status == .down || !n.isLive { down.insert(n.id) }
            state.consecutiveUnhealthy = status == .unhealthy ? state.consecutiveUnhealthy + 1 : 0
            consecutive[n.id] = state.consecutiveUnhealthy
            stateByNode[n.id] = state
            details.append(("consecutiveUnhealthy", .int(Int64(state.consecutiveUnhealthy))))
            if options.record {
                updates.append(.hset(stateKey(n.id), [("probeFailures", String(state.probeFailures)),
                    ("consecutiveUnhealthy", String(state.consecutiveUnhealthy)), ("openedAt", state.openedAt.map(String.init) ?? ""),
                    ("lastError", state.lastError ?? ""), ("lastCheck", String(now))]))
                updates.append(RedisCommand("EXPIRE", key: stateKey(n.id), "86400"))
            }
            if reasons.isEmpty { reasons.append("heartbeat fresh, \(n.status.rawValue)") }
            checks.append(CheckResult(.nodes, "node/\(n.id)", status, reasons.joined(separator: "; "), details: .object(details)))
        }
        if !updates.isEmpty { _ = try membership.redis.pipeline(updates) }
        return Outcome(checks: checks, downNodes: down, consecutiveUnhealthy: consecutive, snapshot: snapshot)
    }

    /// Loom's rules: `/health` is 200 for healthy and degraded, 503 for unhealthy, with a JSON
    /// `status`; `/ready` is `{ready: true}` or 503 `{ready: false}`.
    static func judge(health: HTTPProber.Result, ready: HTTPProber.Result) -> (HealthStatus, String, Bool) {
        if let e = health.error {
            return (.unhealthy, health.timedOut ? "/health timed out after \(Int(health.millis)) ms" : "/health unreachable: \(e)", false)
        }
        let doc = try? JSONValue.parse(bytes: health.body)
        let reported = doc?["status"]?.stringValue
        var status: HealthStatus
        var reason: String
        switch (health.status, reported) {
        case (200, "healthy"?): status = .healthy; reason = "/health healthy"
        case (200, "degraded"?): status = .degraded; reason = "/health degraded" + Self.components(doc)
        case (503, _), (_, "unhealthy"?): status = .unhealthy; reason = "/health unhealthy (HTTP \(health.status))" + Self.components(doc)
        case (200, _): status = .degraded; reason = "/health answered HTTP 200 without a Loom status (\(health.body.count) bytes)"
        default: status = .unhealthy; reason = "/health answered HTTP \(health.status)"
        }
        reason += String(format: " in %.0f ms", health.millis)
        if ready.error != nil {
            status = max(status, .degraded)
            reason += "; /ready \(ready.timedOut ? "timed out" : "unreachable")"
        } else if ready.status == 503 || (try? JSONValue.parse(bytes: ready.body))?["ready"]?.boolValue == false {
            status = .unhealthy
            reason += "; not ready"
        } else if ready.status != 200 {
            status = max(status, .degraded)
            reason += "; /ready HTTP \(ready.status)"
        }
        // A probe "fails" (for the breaker) when the node did not answer properly at all.
        let ok = health.error == nil && (health.status == 200 || health.status == 503)
        return (status, reason, ok)
    }

    static func components(_ doc: JSONValue?) -> String {
        guard let comps = doc?["components"]?.objectValue else { return "" }
        let bad = comps.filter { ($0.1["status"]?.stringValue ?? "healthy") != "healthy" }
            .map { "\($0.0) \($0.1["status"]?.stringValue ?? "")\($0.1["message"]?.stringValue.map { ": \($0)" } ?? "")" }
        return bad.isEmpty ? "" : " (" + bad.joined(separator: ", ") + ")"
    }

    static func probeJSON(_ r: HTTPProber.Result) -> JSONValue {
        .object([("url", .string(Redact.nodeAddress(r.url))), ("httpStatus", .int(Int64(r.status))), ("millis", .double((r.millis * 10).rounded() / 10)),
            ("error", JSONValue(r.error)), ("timedOut", .bool(r.timedOut))])
    }
}
