import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import Logging
import LoomMembership

/// `loomctl agent`: the node sidecar (docs/agent.md).
public struct Agent: LoomCommand {
    public static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Run the node agent: register, heartbeat, report metrics; drain on SIGTERM.",
        discussion: """
            Runs beside a Loom node (systemd unit or Kubernetes sidecar). Registers the node, heartbeats every --interval \
            with CPU and memory (cgroup v2 aware), the number of actors whose workerId is the node, and optionally the \
            Loom server's /health. On SIGTERM (or Ctrl-C) it marks the node draining, waits up to --drain-timeout for its \
            actors to leave, deregisters and exits (0 for SIGTERM, 130 for Ctrl-C). Logs are JSON lines on stderr. \
            --once registers/heartbeats once and exits (cron); give it a --ttl longer than the cron period.
            """)

    /// Tests stop an in-process agent through this instead of a signal.
    @TaskLocal public static var stopSignal: StopSignal?

    @OptionGroup(title: "Global Options") public var global: GlobalOptions
    @Option(name: .long, help: "Node id: the workerId Loom uses for actors on this node.", completion: .nodes) var nodeId: String
    @Option(name: .long, help: "This node's Loom server URL (serverEndpoint).") var address: String
    @Option(name: .long, help: "Zone.") var zone = ""
    @Option(name: .long, help: "Capacity (ring weight, > 0 and ≤ 100000).") var capacity: Double = 1
    @Option(name: .long, help: ArgumentHelp("Label (repeatable).", valueName: "key=value")) var label: [String] = []
    @Option(name: .long, help: "Version of the Loom node, stored in the record.") var nodeVersion = ""
    @Option(name: .long, help: "Probe this URL (Loom's /health) on every heartbeat.") var healthUrl: String?
    @Option(name: .long, help: "Seconds between heartbeats (0.1–3600).") var interval: Double = 5
    @Option(name: .long, help: "Heartbeat key TTL in seconds (liveness; 1–604800, longer than --interval).") var ttl: Double = 15
    @Option(name: .long, help: "Seconds to wait for actors to leave on shutdown (0–3600).") var drainTimeout: Double = 30
    @Option(name: .long, help: "Seconds between actor-count refreshes from the agents' shared census (1–86400; docs/agent.md).") var countInterval: Double = 30
    @Option(name: .long, help: "debug, info, warning or error.") var logLevel = "info"
    @Option(name: .long, help: ArgumentHelp("cgroup v2 directory to read CPU/memory from.", valueName: "path"), completion: .file()) var cgroupRoot = "/sys/fs/cgroup"
    @Option(name: .long, help: ArgumentHelp("procfs mount to read CPU/memory from without cgroup v2.", valueName: "path"), completion: .file()) var procRoot = "/proc"
    @Flag(name: .long, help: "Register and heartbeat once, then exit (cron).") var once = false

    public init() {}

    public func validate() throws {
        try Ring.validateCapacityFlag(capacity)
        typealias C = NodeAgent.Config
        for (flag, value, range) in [("--interval", interval, C.intervalRange), ("--ttl", ttl, C.ttlRange),
            ("--drain-timeout", drainTimeout, C.drainTimeoutRange), ("--count-interval", countInterval, C.countIntervalRange)]
        where !(value.isFinite && value >= Self.seconds(range.lowerBound) && value <= Self.seconds(range.upperBound)) {
            throw ValidationError("\(flag) must be between \(NodeRecordFormat.number(Self.seconds(range.lowerBound))) and \(NodeRecordFormat.number(Self.seconds(range.upperBound))) seconds")
        }
        if !once && ttl <= interval { throw ValidationError("--ttl must be longer than --interval, or the node flaps") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be debug, info, warning or error") }
        if label.contains(where: { !$0.contains("=") }) { throw ValidationError("--label must be key=value") }
    }

    /// Seconds → Duration; only called on validated (bounded, finite) values, and clamped anyway
    /// so the Int64 conversion cannot trap.
    static func duration(_ s: Double) -> Duration {
        let ms = (s * 1000).rounded()
        return .milliseconds(ms.isNaN ? 0 : Int64(min(max(ms, -9e15), 9e15)))
    }

    /// JSON-lines logging on stderr for a node process (the agent and `dev node` share it).
    static func jsonLog(label: String, nodeId: String, level: String, sink: OutputSink) -> NodeAgent.Log {
        var logger = Logger(label: label) { label in JSONLogHandler(stream: sink.err, label: label) }
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        logger[metadataKey: "nodeId"] = .string(nodeId)
        return { [logger] level, msg, fields in
            let md = Logger.Metadata(uniqueKeysWithValues: fields.compactMap { k, v in JSONLogHandler.metadata(v).map { (k, $0) } })
            switch level {
            case .debug: logger.debug("\(msg)", metadata: md)
            case .info: logger.info("\(msg)", metadata: md)
            case .warning: logger.warning("\(msg)", metadata: md)
            case .error: logger.error("\(msg)", metadata: md)
            }
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    public func run(in context: CommandContext) async throws {
        let log = Self.jsonLog(label: "loomctl.agent", nodeId: nodeId, level: logLevel, sink: context.sink)
        var config = NodeAgent.Config(nodeId: nodeId, address: address)
        config.zone = zone
        config.capacity = capacity
        config.nodeVersion = nodeVersion
        config.labels = label.map { l in let p = l.split(separator: "=", maxSplits: 1); return (String(p[0]), p.count > 1 ? String(p[1]) : "") }
        config.healthURL = healthUrl
        config.interval = Self.duration(interval)
        config.heartbeatTTL = Self.duration(ttl)
        config.drainTimeout = Self.duration(drainTimeout)
        config.drainPoll = min(Self.duration(1), Self.duration(max(drainTimeout, 0.05) / 4))
        config.countInterval = Self.duration(countInterval)
        let redis = try context.redis()
        let agent = try NodeAgent(config: config, membership: NodeMembership(redis: redis, keys: context.keyspace),
            metrics: SystemMetrics(procRoot: procRoot, cgroupRoot: cgroupRoot), log: log)
        if once {
            _ = try await agent.runOnce()
            return
        }
        // A long-running agent must outlive Redis restarts: a write to a closed socket must be an
        // error (EPIPE → reconnect on the next heartbeat), not a process-killing SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let stop = Self.stopSignal ?? StopSignal()
        // SIGTERM (systemd stop, Kubernetes pod termination) requests a graceful drain.
        signal(SIGTERM, SIG_IGN)
        let term = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        term.setEventHandler {
            log(.info, "SIGTERM received", [])
            stop.request()
        }
        term.resume()
        defer {
            term.cancel()
            signal(SIGTERM, SIG_DFL)
        }
        log(.info, "starting", [("interval", .double(interval)), ("ttl", .double(ttl)), ("drainTimeout", .double(drainTimeout)),
            ("redis", .string(try context.endpoint.display))])
        let ending = try await agent.run(stop: stop)
        if case .deregistered(let remaining, let timedOut) = ending {
            log(.info, "stopped", [("remainingActors", .int(Int64(remaining))), ("drainTimedOut", .bool(timedOut))])
        }
        if Task.isCancelled && !stop.isRequested { throw CancellationError() }
    }
}

/// One JSON object per line: `{"ts":…,"level":…,"msg":…,"logger":…, metadata…}`.
struct JSONLogHandler: LogHandler {
    let stream: any ByteStream
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    init(stream: any ByteStream, label: String) {
        self.stream = stream
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static func metadata(_ v: JSONValue) -> Logger.Metadata.Value? {
        switch v {
        case .null: return nil
        case .string(let s): return .string(s)
        case .int(let i): return .stringConvertible(i)
        case .double(let d): return .stringConvertible(d)
        case .bool(let b): return .stringConvertible(b)
        default: return .string(v.serialized())
        }
    }

    static func json(_ v: Logger.Metadata.Value) -> JSONValue {
        switch v {
        case .string(let s): return .string(s)
        case .stringConvertible(let c):
            if let i = c as? Int64 { return .int(i) }
            if let i = c as? Int { return .int(Int64(i)) }
            if let d = c as? Double { return .double(d) }
            if let b = c as? Bool { return .bool(b) }
            return .string(c.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d): return .object(d.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        }
    }

    func log(event: LogEvent) {
        var fields: [(String, JSONValue)] = [
            ("ts", .string(Timestamp.iso(millis: Timestamp.nowMillis()))), ("level", .string(event.level == .warning ? "warn" : event.level.rawValue)),
            ("msg", .string(event.message.description)), ("logger", .string(label)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if let id = merged["nodeId"] { fields.append(("nodeId", Self.json(id))) }
        for (k, v) in merged.sorted(by: { $0.key < $1.key }) where k != "nodeId" { fields.append((k, Self.json(v))) }
        var buf: [UInt8] = []
        JSONValue.object(fields).write(to: &buf, indent: nil, level: 0)
        buf.append(0x0A)
        stream.write(buf)
        stream.flush()
    }
}
