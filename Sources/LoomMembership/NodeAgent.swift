import Dispatch
import Foundation
import LoomCore
import LoomRedis
import LoomRing
import LoomKeyspace
import LoomRegistry

/// A thread-safe "please stop" flag: set by SIGTERM/SIGINT handlers, or by tests.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    public init() {}
    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }
    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}

/// The node agent (`loomctl agent`): registers its node, heartbeats with CPU/memory/actor
/// count (and optionally the Loom server's `/health`), and on stop drains and deregisters.
///
/// Everything time-related is injectable so tests run it in-process in well under a second.
public final class NodeAgent: @unchecked Sendable {
    public struct Config: Sendable {
        public var nodeId: String
        public var address: String
        public var zone = ""
        public var capacity: Double = 1
        public var nodeVersion = ""
        public var labels: [(String, String)] = []
        public var healthURL: String?
        public var healthTimeoutMillis = 2000
        public var interval: Duration = .seconds(5)
        public var heartbeatTTL: Duration = .seconds(15)
        public var drainTimeout: Duration = .seconds(30)
        public var drainPoll: Duration = .seconds(1)
        /// How often the node's actor count is refreshed from the agents' shared census (one full
        /// pass over the registry per interval for the whole cluster, not per node: docs/agent.md).
        public var countInterval: Duration = .seconds(30)

        public init(nodeId: String, address: String) {
            self.nodeId = nodeId
            self.address = address
        }

        // Sane bounds, enforced by `loomctl agent` as usage errors (in-process tests use faster
        // timings, so the library does not refuse them). Each heartbeat is a
        // metrics read and a script (about 3 commands); below 0.1 s a node agent would load Redis for nothing
        // (`--interval 1e-9` once sent ~29k commands/s), and above an hour it is not a heartbeat.
        public static let intervalRange: ClosedRange<Duration> = .milliseconds(100) ... .seconds(3600)
        /// Up to a week, so a `--once` cron job can run daily.
        public static let ttlRange: ClosedRange<Duration> = .seconds(1) ... .seconds(604_800)
        public static let drainTimeoutRange: ClosedRange<Duration> = .zero ... .seconds(3600)
        /// A count is a full registry pass: at most once a second.
        public static let countIntervalRange: ClosedRange<Duration> = .seconds(1) ... .seconds(86_400)
    }

    public enum Level: String, Sendable { case debug, info, warning, error }
    /// Structured log sink: level, message, fields (the CLI turns these into JSON lines).
    public typealias Log = @Sendable (Level, String, [(String, JSONValue)]) -> Void

    public let config: Config
    public let membership: NodeMembership
    public let metrics: SystemMetrics
    let log: Log
    let startedAt = Timestamp.iso(millis: Timestamp.nowMillis())
    private var lastCPU: SystemMetrics.CPUSample?
    private var lastCount: (at: ContinuousClock.Instant, value: Int, took: Duration)?
    /// Where the last actor count came from (shared census, this agent's own census pass, …).
    public private(set) var lastCountSource: CountSource?
    /// The last count came from a stale census (another agent was counting): ask again next beat.
    private var countRetry = false
    /// Heartbeats sent from inside census passes (a long pass keeps the node's heartbeat alive).
    public internal(set) var keepAlives = 0
    public private(set) var heartbeats = 0
    /// How long the last drain took, from the stop request to deregistration.
    public private(set) var lastDrainDuration: Duration?

    public init(config: Config, membership: NodeMembership, metrics: SystemMetrics = SystemMetrics(), log: @escaping Log) throws {
        try NodeRecord.validateID(config.nodeId)
        guard RingNode.isValidCapacity(config.capacity) else {
            throw MembershipError.invalidSetting("capacity", "must be a number > 0 and ≤ \(Int(RingNode.maxCapacity))")
        }

        self.config = config
        self.membership = membership
        self.metrics = metrics
        self.log = log
    }

    var ttlMillis: Int64 { Self.millis(config.heartbeatTTL) }
    /// Whole milliseconds, saturating at Int64.max instead of trapping on an absurd Duration.
    package static func millis(_ d: Duration) -> Int64 {
        let (ms, o1) = d.components.seconds.multipliedReportingOverflow(by: 1000)
        let (sum, o2) = ms.addingReportingOverflow(d.components.attoseconds / 1_000_000_000_000_000)
        return o1 || o2 ? (d < .zero ? .min : .max) : sum
    }

    // MARK: Membership

    /// Registers (or re-registers) the node with a compare-and-set on the epoch, retrying when
    /// another writer got in first. A cordoned node stays cordoned across agent restarts.
    /// `keepStartedAt` (for `--once` from cron) reuses the stored start time, so an unchanged,
    /// still-live node is a no-op instead of an epoch bump every run.
    public func register(keepStartedAt: Bool = false) throws {
        for attempt in 1...10 {
            let snapshot = try membership.read()
            let existing = snapshot.node(config.nodeId)
            var r = NodeRecord(id: config.nodeId)
            r.address = config.address
            r.zone = config.zone
            r.capacity = config.capacity
            r.version = config.nodeVersion
            r.startedAt = keepStartedAt ? (existing?.startedAt).flatMap { $0.isEmpty ? nil : $0 } ?? startedAt : startedAt
            r.labels = config.labels
            r.status = existing?.status == .cordoned ? .cordoned : .active
            do {
                let outcome = try membership.apply(.register(r, liveness: .ttl(milliseconds: ttlMillis)),
                    expectedEpoch: snapshot.ring.epoch, by: "agent:\(config.nodeId)")
                log(.info, "registered", [("address", .string(Redact.nodeAddress(config.address))), ("status", .string(r.status.rawValue)),
                    ("capacity", .double(config.capacity)), ("epoch", .int(outcome.epoch)), ("rejoined", .bool(existing != nil))])
                return
            } catch let e as MembershipError where e.kind == .conflict && attempt < 10 {
                log(.debug, "epoch moved during registration; retrying", [("attempt", .int(Int64(attempt)))])
            }
        }
    }

    /// Sets the status with CAS retries (the agent is not an operator: it re-reads and retries).
    func setStatus(_ status: NodeStatus) throws {
        for attempt in 1...10 {
            let snapshot = try membership.read()
            do {
                let outcome = try membership.apply(.setStatus(config.nodeId, status), expectedEpoch: snapshot.ring.epoch,
                    previous: snapshot.node(config.nodeId), by: "agent:\(config.nodeId)")
                log(.info, "status", [("status", .string(status.rawValue)), ("epoch", .int(outcome.epoch))])
                return
            } catch let e as MembershipError where e.kind == .conflict && attempt < 10 {
                continue
            }
        }
    }

    func deregister() throws {
        for attempt in 1...10 {
            let snapshot = try membership.read()
            do {
                let outcome = try membership.apply(.remove(config.nodeId), expectedEpoch: snapshot.ring.epoch, by: "agent:\(config.nodeId)")
                log(.info, "deregistered", [("epoch", .int(outcome.epoch))])
                return
            } catch let e as MembershipError where e.kind == .conflict && attempt < 10 {
                continue
            }
        }
    }

    // MARK: Heartbeat

    /// Actors whose workerId is this node, counted now by this agent alone: SSCAN of the registry's
    /// `all` set in batches, with a pipelined HGET workerId per batch (bounded memory, no HGETALL of
    /// metadata). A full pass: heartbeats use the shared census instead; the drain uses this (it
    /// must see the moment the last actor leaves).
    public func countActors(registryKeys: Keyspace) throws(RedisError) -> Int {
        let redis = membership.redis
        var n = 0
        let me = config.nodeId
        try redis.sscan(registryKeys.allSet, count: 1000) { (ids) throws(RedisError) -> Bool in
            let owners = try ActorRegistry(redis: redis, keys: registryKeys).owners(of: ids)
            for w in owners where w == me { n += 1 }
            return true
        }
        return n
    }

    /// One heartbeat: metrics, (periodic) actor count, optional health probe, then the
    /// heartbeat script. Re-registers when an operator removed the record meanwhile.
    public func beat(forceCount: Bool = false) throws {
        var fields: [String] = []
        var logFields: [(String, JSONValue)] = []
        if let now = metrics.sampleCPU() {
            if let last = lastCPU, let pct = SystemMetrics.cpuPercent(from: last, to: now) {
                fields += ["cpuPercent", String(pct)]
                logFields.append(("cpuPercent", .double(pct)))
            }
            lastCPU = now
        }
        if let mem = metrics.memoryPercent() {
            fields += ["memoryPercent", String(mem)]
            logFields.append(("memoryPercent", .double(mem)))
        }
        let clock = ContinuousClock.now
        // The count comes from the agents' shared census: one round trip when it is fresh; one agent
        // at a time runs the full pass, spaced to take at most ~10% of the time cluster-wide.
        if forceCount || countRetry || lastCount == nil || clock - lastCount!.at >= max(config.countInterval, lastCount!.took * 10) {
            let (count, source) = try sharedActorCount()
            lastCountSource = source
            // A stale census is reported but asked for again next beat (the counting agent may be done by then).
            countRetry = source == .stale
            if let count {
                lastCount = (clock, count, ContinuousClock.now - clock)
                fields += ["actorCount", String(count)]
            }
        }
        logFields.append(("actorCount", JSONValue(lastCount?.value)))
        logFields.append(("actorCountSource", JSONValue(lastCountSource?.rawValue)))
        if let url = config.healthURL {
            let h = HealthProbe.check(url, timeoutMillis: config.healthTimeoutMillis)
            fields += ["health", h.ok ? "ok" : "failing", "healthDetail", Self.scrub(h.error ?? "HTTP \(h.status)", url: url)]
            logFields += [("health", .string(h.ok ? "ok" : "failing")), ("healthStatus", .int(Int64(h.status)))]
            if !h.ok {
                log(.warning, "health probe failed", [("url", .string(Redact.nodeAddress(url))),
                    ("error", .string(Self.scrub(h.error ?? "HTTP \(h.status)", url: url)))])
            }
        }
        if try !membership.heartbeat(config.nodeId, fields: fields, ttlMillis: ttlMillis) {
            log(.warning, "node record was removed; re-registering", [])
            try register()
            _ = try membership.heartbeat(config.nodeId, fields: fields, ttlMillis: ttlMillis)
        }
        heartbeats += 1
        log(.debug, "heartbeat", logFields)
    }

    // MARK: Loop

    public enum Ending: Sendable, Equatable {
        case once
        /// Drained (or hit the drain deadline) and deregistered.
        case deregistered(remainingActors: Int, timedOut: Bool)
    }

    /// `--once`: register (idempotent) and heartbeat once, with a short CPU window.
    public func runOnce() async throws -> Ending {
        try register(keepStartedAt: true)
        lastCPU = metrics.sampleCPU()
        await Self.sleep(.milliseconds(200))
        try beat(forceCount: true)
        log(.info, "heartbeat", [("once", .bool(true)), ("actorCount", JSONValue(lastCount?.value))])
        return .once
    }

    /// Runs until `stop` is requested or the task is cancelled, then drains and deregisters.
    ///
    /// The loop runs on its own thread: Redis calls block, and a heartbeat must not wait for a
    /// free thread of Swift's cooperative pool (a busy process could otherwise miss its TTL).
    public func run(stop: StopSignal) async throws -> Ending {
        let cancelled = StopSignal()
        let handle = start(stop: stop, cancelled: cancelled)
        return try await withTaskCancellationHandler {
            try await handle.value
        } onCancel: {
            cancelled.request()
        }
    }

    /// Starts the loop on its own thread at once (no task needed) and returns a handle to await.
    public func start(stop: StopSignal, cancelled: StopSignal = StopSignal()) -> Handle {
        let handle = Handle()
        let thread = Thread { handle.finish(Result { try self.runBlocking(stop: stop, cancelled: cancelled) }) }
        thread.name = "loomctl-agent"
        thread.start()
        return handle
    }

    /// The outcome of a started agent loop.
    public final class Handle: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<Ending, any Error>?
        private var waiters: [CheckedContinuation<Ending, any Error>] = []

        func finish(_ r: Result<Ending, any Error>) {
            lock.lock()
            result = r
            let w = waiters
            waiters = []
            lock.unlock()
            for c in w { c.resume(with: r) }
        }

        public var isFinished: Bool {
            lock.lock()
            defer { lock.unlock() }
            return result != nil
        }

        public var value: Ending {
            get async throws {
                try await withCheckedThrowingContinuation { c in
                    lock.lock()
                    if let result {
                        lock.unlock()
                        c.resume(with: result)
                    } else {
                        waiters.append(c)
                        lock.unlock()
                    }
                }
            }
        }
    }

    func runBlocking(stop: StopSignal, cancelled: StopSignal) throws -> Ending {
        let stopping = { stop.isRequested || cancelled.isRequested }
        try register()
        lastCPU = metrics.sampleCPU()
        while !stopping() {
            Self.pause(config.interval, until: stopping)
            if stopping() { break }
            do {
                try beat()
            } catch let e as RedisError {
                log(.error, "heartbeat failed", [("error", .string(e.message))])
            }
        }
        return try drain()
    }

    /// Draining → wait until no actor is hosted here or the deadline passes → deregister.
    public func drain() throws -> Ending {
        log(.info, "stopping: draining", [("drainTimeoutMs", .int(Self.millis(config.drainTimeout)))])
        let began = ContinuousClock.now
        defer { lastDrainDuration = ContinuousClock.now - began }
        try setStatus(.draining)
        let deadline = ContinuousClock.now + config.drainTimeout
        var remaining = 0
        var timedOut = false
        while true {
            remaining = (try? countActors(registryKeys: membership.keys)) ?? remaining
            _ = try? membership.heartbeat(config.nodeId, fields: ["actorCount", String(remaining)], ttlMillis: ttlMillis)
            if remaining == 0 { break }
            if ContinuousClock.now >= deadline {
                timedOut = true
                log(.warning, "drain deadline reached; deregistering with actors still hosted", [("remainingActors", .int(Int64(remaining)))])
                break
            }
            log(.info, "draining", [("remainingActors", .int(Int64(remaining)))])
            Self.pause(min(config.drainPoll, deadline - ContinuousClock.now), until: { false })
        }
        try deregister()
        return .deregistered(remainingActors: remaining, timedOut: timedOut)
    }

    /// Sleeps (blocking this thread) in short slices so a stop request is noticed within ~50 ms.
    package static func pause(_ d: Duration, until stop: () -> Bool) {
        let end = ContinuousClock.now + d
        while !stop() {
            let left = end - ContinuousClock.now
            if left <= .zero { return }
            usleep(UInt32(max(1, millis(min(left, .milliseconds(50))) * 1000)))
        }
    }

    /// A probe error may quote the URL (curl does): replace it with its redacted form.
    static func scrub(_ text: String, url: String) -> String {
        let redacted = Redact.nodeAddress(url)
        return redacted == url ? text : text.replacingAll(url, with: redacted)
    }

    /// A sleep that ignores cancellation.
    static func sleep(_ d: Duration) async {
        let micros = Int(min(max(0, millis(d)), Int64.max / 1000) * 1000)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .microseconds(micros)) { c.resume() }
        }
    }
}

extension NodeMembership.Outcome {
    public var epoch: Int64 {
        switch self {
        case .applied(let e), .unchanged(let e): return e
        }
    }
}
