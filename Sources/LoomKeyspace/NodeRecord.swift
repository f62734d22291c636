import LoomCore
import LoomRedis
import LoomRing

/// A node's administrative status. Only `active` nodes own ring points; the others keep their
/// record (and show up in `ring show`) but own nothing.
public enum NodeStatus: String, Sendable, CaseIterable {
    case active, cordoned, draining, down
}

/// Where a node came from: a record written by the agent or `ring add`, or inferred from the
/// `workerId`s of the actor registry when no record exists at all.
public enum NodeSource: String, Sendable {
    case agent, inferred
    /// Built from `--nodes a,b:2,c` without Redis.
    case offline
}

/// One row of `N:{id}` plus its heartbeat key.
public struct NodeRecord: Sendable, Equatable {
    public var id: String
    public var address: String = ""
    public var zone: String = ""
    public var capacity: Double = 1
    public var status: NodeStatus = .active
    public var version: String = ""
    public var startedAt: String = ""
    public var lastHeartbeat: String = ""
    public var cpuPercent: Double?
    public var memoryPercent: Double?
    public var actorCount: Int?
    public var labels: [(String, String)] = []
    /// Remaining heartbeat TTL in ms; nil when the key is gone (not live), -1 for a static node (no expiry).
    public var heartbeatTTLMillis: Int64?
    public var source: NodeSource = .agent
    /// Field values that did not parse; reported, never fatal.
    public var problems: [String] = []

    public init(id: String) { self.id = id }

    public static func == (a: NodeRecord, b: NodeRecord) -> Bool {
        a.id == b.id && a.address == b.address && a.zone == b.zone && a.capacity == b.capacity && a.status == b.status
            && a.version == b.version && a.labels.map { $0.0 + "=" + $0.1 } == b.labels.map { $0.0 + "=" + $0.1 }
            && a.heartbeatTTLMillis == b.heartbeatTTLMillis && a.source == b.source
    }

    /// The stored capacity was missing a valid value (out of range, not a number): the record is
    /// listed with its problem but skipped by the ring (no points), never fatal.
    public var isMalformed = false

    public var isLive: Bool { heartbeatTTLMillis != nil }
    /// Live, active and well-formed: the node gets ring points.
    public var isEligible: Bool { isLive && status == .active && !isMalformed }

    /// Ids that would land on the namespace's own keys are refused.
    public static func validateID(_ id: String) throws(KeyspaceError) {
        guard !id.isEmpty else { throw KeyspaceError.invalid("node id must not be empty") }
        if ["all", "ring", "events"].contains(id) || id.hasPrefix("heartbeat:") {
            throw KeyspaceError.invalid("node id '\(id)' collides with loomctl's own keys",
                hint: "ids 'all', 'ring', 'events' and 'heartbeat:*' are reserved (docs/keyspace.md)")
        }
        if id.contains(where: { $0.isWhitespace || $0 == "," }) {
            throw KeyspaceError.invalid("node id '\(id)' must not contain whitespace or ','")
        }
    }

    package static func formatNumber(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    /// HSET arguments for the identity fields (what `ring add` and the agent's registration write).
    public func identityFields() -> [String] {
        [
            "nodeId", id, "address", address, "zone", zone, "capacity", Self.formatNumber(capacity), "status", status.rawValue,
            "version", version, "startedAt", startedAt, "labels", Self.labelsJSON(labels).serialized(),
        ]
    }

    static func labelsJSON(_ labels: [(String, String)]) -> JSONValue {
        .object(labels.map { ($0.0, .string($0.1)) })
    }

    public static func decode(id: String, fields: [(String, String)], pttl: Int64?) -> NodeRecord {
        var r = NodeRecord(id: id)
        for (name, value) in fields {
            switch name {
            case "address": r.address = value
            case "zone": r.zone = value
            case "capacity":
                if let c = Double(value), RingNode.isValidCapacity(c) {
                    r.capacity = c
                } else {
                    r.isMalformed = true
                    r.problems.append("capacity '\(value)' is not a number in (0, \(Int(RingNode.maxCapacity))]; the node is skipped by the ring")
                }
            case "status":
                if let s = NodeStatus(rawValue: value) { r.status = s } else {
                    r.status = .down
                    r.problems.append("status '\(value)' is not active, cordoned, draining or down")
                }
            case "version": r.version = value
            case "startedAt": r.startedAt = value
            case "lastHeartbeat": r.lastHeartbeat = value
            case "cpuPercent": r.cpuPercent = Double(value)
            case "memoryPercent": r.memoryPercent = Double(value)
            case "actorCount": r.actorCount = Int(value)
            case "labels":
                if !value.isEmpty {
                    if let obj = (try? JSONValue.parse(value))?.objectValue {
                        r.labels = obj.map { ($0.0, $0.1.stringValue ?? $0.1.serialized()) }
                    } else {
                        r.problems.append("labels is not a JSON object")
                    }
                }
            default: break
            }
        }
        if let pttl, pttl >= 0 || pttl == -1 { r.heartbeatTTLMillis = pttl }
        return r
    }

    /// The stable JSON form (`ring nodes`, `ring show -o json`, `health nodes`). The address is
    /// shown with any credentials redacted (Redis keeps the real one).
    public func json() -> JSONValue {
        .object([
            ("id", .string(id)), ("source", .string(source.rawValue)), ("address", .string(Redact.nodeAddress(address))), ("zone", .string(zone)),
            ("capacity", .double(capacity)), ("status", .string(status.rawValue)), ("live", .bool(isLive)),
            ("eligible", .bool(isEligible)), ("heartbeatTTLMs", JSONValue(heartbeatTTLMillis)), ("version", .string(version)),
            ("startedAt", .string(startedAt)), ("lastHeartbeat", .string(lastHeartbeat)), ("cpuPercent", JSONValue(cpuPercent)),
            ("memoryPercent", JSONValue(memoryPercent)), ("actorCount", JSONValue(actorCount)),
            ("labels", Self.labelsJSON(labels)), ("problems", .array(problems.map { .string($0) })),
        ])
    }
}

/// A node-membership event on `N:events` (default `loom:node:events`).
public struct NodeEvent: Sendable, Equatable {
    public static let joined = "node:joined"
    public static let left = "node:left"
    public static let statusChanged = "node:status-changed"
    public static let configChanged = "ring:config-changed"

    public var type: String
    public var nodeId: String
    public var epoch: Int64
    public var timestamp: String
    public var data: JSONValue?

    public static func parse(_ payload: [UInt8]) -> NodeEvent? {
        guard let v = try? JSONValue.parse(bytes: payload), let type = v["type"]?.stringValue else { return nil }
        return NodeEvent(type: type, nodeId: v["nodeId"]?.stringValue ?? "", epoch: v["epoch"]?.intValue ?? 0,
            timestamp: v["timestamp"]?.stringValue ?? "", data: v["data"])
    }
}
