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
    /// Set when metadata was only validated (not parsed): the raw text is known to be valid JSON.
    public var metadataValidated = false
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
    /// With `validateOnly`, metadata is checked but not parsed: `writeJSONLine` then copies it verbatim.
    public static func decode(id: String, fields: [(String, String)], pttl: Int64?, parseMetadata: Bool = true,
        validateOnly: Bool = false) -> ActorRecord
    {
        var r = ActorRecord(id: id)
        // Bit per required field (a Set<String> per record showed up in profiles).
        var seen: UInt8 = 0
        for (name, value) in fields {
            switch name {
            case "actorId":
                if value != id { r.problems.append("actorId field '\(value)' differs from the key's id") }
            case "actorType":
                r.type = value
                seen |= 1
            case "workerId":
                r.workerId = value
                seen |= 2
            case "status":
                r.status = value
                seen |= 4
                if !validStatuses.contains(value) { r.problems.append("status '\(value)' is not active, idle or busy") }
            case "lastHeartbeat":
                seen |= 8
                r.lastHeartbeat = value
                r.lastHeartbeatMillis = Timestamp.parseISO(value) ?? Int64(value)
                if r.lastHeartbeatMillis == nil { r.problems.append("lastHeartbeat '\(value)' is not ISO-8601") }
            case "messageCount":
                seen |= 16
                if let n = Int64(value) {
                    r.messageCount = n
                } else {
                    r.problems.append("messageCount '\(value)' is not an integer")
                }
            case "metadata":
                r.metadataRaw = value
                if parseMetadata, validateOnly, !value.isEmpty, !value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                    var v = value
                    if v.withUTF8({ JSONValue.validate(bytes: $0) }) {
                        r.metadataValidated = true
                    } else {
                        // Parse again for a precise error message.
                        do { _ = try JSONValue.parse(value) } catch {
                            r.problems.append("metadata is not valid JSON (\(error.reason) at byte \(error.offset))")
                        }
                    }
                } else if parseMetadata, !value.isEmpty {
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
        if seen != 31 {
            for (bit, name) in [(1, "actorType"), (2, "workerId"), (4, "status"), (8, "lastHeartbeat"), (16, "messageCount")]
            where seen & UInt8(bit) == 0 {
                r.problems.append("missing field \(name)")
            }
        }
        if let pttl, pttl >= 0 || pttl == -1 { r.heartbeatTTLMillis = pttl }
        return r
    }

    /// One compact JSON line, the same document as `json().serialized()`, but with validated
    /// metadata copied verbatim instead of re-encoded (the `-o jsonl` hot path).
    public func writeJSONLine(to out: inout [UInt8]) {
        guard metadataValidated, let raw = metadataRaw, metadata == nil else {
            json().write(to: &out, indent: nil, level: 0)
            return
        }
        JSONValue.object(fieldsBeforeMetadata()).write(to: &out, indent: nil, level: 0)
        out.removeLast()  // "}"
        out.append(contentsOf: #","metadata":"#.utf8)
        out.append(contentsOf: raw.utf8)
        out.append(contentsOf: #","problems":"#.utf8)
        JSONValue.array(problems.map { .string($0) }).write(to: &out, indent: nil, level: 0)
        out.append(UInt8(ascii: "}"))
    }

    func fieldsBeforeMetadata() -> [(String, JSONValue)] {
        [
            ("id", .string(id)),
            ("type", JSONValue(type)),
            ("workerId", JSONValue(workerId)),
            ("status", JSONValue(status)),
            ("messageCount", JSONValue(messageCount)),
            ("lastHeartbeat", lastHeartbeatMillis.map { .string(Timestamp.iso(millis: $0)) } ?? JSONValue(lastHeartbeat)),
            ("live", .bool(isLive)),
            ("heartbeatTTLMs", JSONValue(heartbeatTTLMillis)),
        ]
    }

    /// The stable JSON shape of `actors list/get -o json|jsonl|yaml` (docs/keyspace.md).
    public func json() -> JSONValue {
        var members = fieldsBeforeMetadata()
        if metadataValidated, metadata == nil, let raw = metadataRaw, let parsed = try? JSONValue.parse(raw) {
            members.append(("metadata", parsed))
        } else if let metadata {
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
