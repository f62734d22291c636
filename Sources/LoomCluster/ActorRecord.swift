import LoomCore
import LoomRedis

/// One registered actor as read from `P:{id}` plus its heartbeat key (contract §1.2–1.3).
///
/// Every field is optional because Loom's pipelines can leave partial hashes behind (§10 item 3);
/// whatever does not match the contract is described in `problems` instead of being dropped.
public struct ActorRecord: Sendable {
    public var id: String
    public var type: String?
    public var workerId: String?
    public var status: String?
    /// The stored `lastHeartbeat` text and its parsed value (ms since epoch).
    public var lastHeartbeat: String?
    public var lastHeartbeatMillis: Int64?
    public var messageCount: Int64?
    public var metadataRaw: String?
    public var metadata: JSONValue?
    /// Remaining heartbeat TTL in ms; nil when the heartbeat key is gone (the actor is stale),
    /// -1 when the key exists without expiry.
    public var heartbeatTTLMillis: Int64?
    public var problems: [String] = []

    public init(id: String) { self.id = id }

    public var isLive: Bool { heartbeatTTLMillis != nil }

    /// A hash without `actorType` was created by heartbeat/status/increment on an unknown id.
    public var isZombie: Bool { type == nil }

    public static let validStatuses: Set<String> = ["active", "idle", "busy"]

    /// Decodes HGETALL pairs; `parseMetadata` can be turned off where only counts matter.
    public static func decode(id: String, fields: [(String, String)], pttl: Int64?, parseMetadata: Bool = true) -> ActorRecord {
        var r = ActorRecord(id: id)
        var seen = Set<String>()
        for (name, value) in fields {
            seen.insert(name)
            switch name {
            case "actorId":
                if value != id { r.problems.append("actorId field '\(value)' differs from the key's id") }
            case "actorType": r.type = value
            case "workerId": r.workerId = value
            case "status":
                r.status = value
                if !validStatuses.contains(value) { r.problems.append("status '\(value)' is not active, idle or busy") }
            case "lastHeartbeat":
                r.lastHeartbeat = value
                r.lastHeartbeatMillis = Timestamp.parseISO(value) ?? Int64(value)
                if r.lastHeartbeatMillis == nil { r.problems.append("lastHeartbeat '\(value)' is not ISO-8601") }
            case "messageCount":
                if let n = Int64(value) {
                    r.messageCount = n
                } else {
                    r.problems.append("messageCount '\(value)' is not an integer")
                }
            case "metadata":
                r.metadataRaw = value
                if parseMetadata, !value.isEmpty {
                    do {
                        r.metadata = try JSONValue.parse(value)
                    } catch {
                        r.problems.append("metadata is not valid JSON (\(error.reason) at byte \(error.offset))")
                    }
                }
            default:
                break
            }
        }
        for required in ["actorType", "workerId", "status", "lastHeartbeat", "messageCount"] where !seen.contains(required) {
            r.problems.append("missing field \(required)")
        }
        if let pttl, pttl >= 0 || pttl == -1 { r.heartbeatTTLMillis = pttl }
        return r
    }

    /// The stable JSON shape of `actors list/get -o json|jsonl|yaml` (docs/keyspace.md).
    public func json() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("type", JSONValue(type)),
            ("workerId", JSONValue(workerId)),
            ("status", JSONValue(status)),
            ("messageCount", JSONValue(messageCount)),
            ("lastHeartbeat", lastHeartbeatMillis.map { .string(Timestamp.iso(millis: $0)) } ?? JSONValue(lastHeartbeat)),
            ("live", .bool(isLive)),
            ("heartbeatTTLMs", JSONValue(heartbeatTTLMillis)),
        ]
        if let metadata {
            members.append(("metadata", metadata))
        } else if let raw = metadataRaw, !raw.isEmpty {
            members.append(("metadata", .string(raw)))
        } else {
            members.append(("metadata", .null))
        }
        members.append(("problems", .array(problems.map { .string($0) })))
        return .object(members)
    }
}

/// What a single-key read found.
public enum ActorLookup: Sendable {
    case found(ActorRecord)
    case missing
    /// `P:{id}` exists but is not a hash (an id like `all` or `type:x` collides with an index key, §10 item 1).
    case collision(key: String, detail: String)
}

/// A record the registry cannot read as Loom intended; reported, never silently dropped.
public struct Anomaly: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An id in `P:all` or `P:type:T` whose hash is missing.
        case dangling
        /// A partial hash with no `actorType` (heartbeat/status on an unknown id).
        case zombie
        /// `P:{id}` holds another Redis type (WRONGTYPE).
        case collision
        /// A hash that breaks the contract (bad JSON, bad counts, missing fields).
        case badRecord = "bad-record"
        /// A full hash that is in no index set, so Loom's getAll never sees it.
        case unindexed
    }

    public var kind: Kind
    public var id: String
    public var key: String
    public var detail: String

    public init(kind: Kind, id: String, key: String, detail: String) {
        self.kind = kind
        self.id = id
        self.key = key
        self.detail = detail
    }

    public func json() -> JSONValue {
        .object([("kind", .string(kind.rawValue)), ("id", .string(id)), ("key", .string(key)), ("detail", .string(detail))])
    }
}
