import Foundation
#if canImport(LoomCore)
    import LoomCore  // absent when compiled into the fuzz target as one module (Fuzz/RegistryDecoder)
#endif
#if canImport(LoomRedis)
    import LoomRedis  // absent when compiled into the fuzz target as one module (Fuzz/RegistryDecoder)
#endif

/// Actor ids are bytes (Redis keys are binary-safe and Loom never validates ids), but most are
/// UTF-8. An id is carried as its exact bytes when it is not valid UTF-8, and shown as text with
/// each invalid byte escaped as `\xNN` (and `\` itself as `\\`, so the escaped form is unambiguous
/// among non-UTF-8 ids). docs/keyspace.md, "Ids that are not UTF-8".
public enum ActorID {
    /// The display text of an id and whether that text is the id itself (valid UTF-8).
    public static func display(_ bytes: UnsafeRawBufferPointer) -> (text: String, exact: Bool) {
        let b = bytes.bindMemory(to: UInt8.self)
        if let s = String(validating: b, as: UTF8.self) { return (s, true) }
        return (escaped(b), false)
    }

    public static func display(_ bytes: [UInt8]) -> (text: String, exact: Bool) {
        bytes.withUnsafeBytes { display($0) }
    }

    /// Valid UTF-8 sequences kept, every other byte as `\xNN`, backslash doubled.
    static func escaped(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 8)
        let hex = Array("0123456789abcdef".utf8)
        var i = 0
        while i < b.count {
            let c = b[i]
            let n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0
            if n == 1 {
                if c == 0x5C { out += [0x5C, 0x5C] } else { out.append(c) }
                i += 1
            } else if n > 1, i + n <= b.count, String(validating: UnsafeBufferPointer(rebasing: b[i..<(i + n)]), as: UTF8.self) != nil {
                out += b[i..<(i + n)]
                i += n
            } else {
                out += [0x5C, UInt8(ascii: "x"), hex[Int(c >> 4)], hex[Int(c & 0xF)]]
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One registered actor as read from `P:{id}` plus its heartbeat key (contract §1.2–1.3).
///
/// Every field is optional because Loom's pipelines can leave partial hashes behind (§10 item 3);
/// whatever does not match the contract is described in `problems` instead of being dropped.
public struct ActorRecord: Sendable {
    /// The id as text: the id itself when it is valid UTF-8, else its escaped form (`ActorID`).
    public var id: String
    /// The exact id bytes, set only when `id` is an escaped form (no extra storage for UTF-8 ids).
    public var rawID: [UInt8]?
    public var type: String?
    public var workerId: String?
    public var status: String?
    /// The stored `lastHeartbeat`, verbatim (Loom returns whatever `register`'s caller stored, §10 8b).
    public var lastHeartbeat: String?
    /// Its value in ms since the epoch, when it is ISO-8601 or a decimal epoch-ms number.
    public var lastHeartbeatMillis: Int64?
    /// The stored value is a decimal epoch-ms number rather than ISO-8601 (tables mark the age "(ms)").
    public var lastHeartbeatIsEpochMillis = false
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

    /// The exact id, as Redis stores it.
    public var idBytes: [UInt8] { rawID ?? Array(id.utf8) }

    public var isLive: Bool { heartbeatTTLMillis != nil }

    /// A hash without `actorType` was created by heartbeat/status/increment on an unknown id.
    public var isZombie: Bool { type == nil }

    public static let validStatuses: Set<String> = ["active", "idle", "busy"]

    /// Bytes this record holds beyond its fixed size (for byte-bounded batches).
    public var heldBytes: Int {
        (metadataRaw?.utf8.count ?? 0) + (lastHeartbeat?.utf8.count ?? 0) + id.utf8.count + (rawID?.count ?? 0)
            + (type?.utf8.count ?? 0) + (workerId?.utf8.count ?? 0) + problems.reduce(0) { $0 + $1.utf8.count } + 128
    }

    // MARK: Decoding (replies read in place, see RESPReader)

    /// How much of `metadata` a reader needs.
    public enum MetadataMode: Sendable {
        /// Parsed into `metadata` (tables, `-o json|yaml`).
        case parse
        /// Validated in place and kept verbatim in `metadataRaw` (`-o jsonl` copies it unchanged).
        case validate
        /// Validated in place, then dropped: problems are reported but nothing is held (`stats`).
        case check
        /// Kept verbatim in `metadataRaw`, neither parsed nor validated (callers that read it themselves).
        case raw
        /// Skipped without being read whole (`-o name`, ring placement, routing).
        case skip
    }

    /// Longest value kept for the small fields (type, worker, status, heartbeat, count, actorId).
    public static let fieldCap = 64 * 1024
    /// Longest `metadata` read; a larger one is reported as a problem and not held (docs/benchmarks.md).
    public static let metadataCap = 16 * 1024 * 1024
    /// The most one record can hold: the record cap of docs/benchmarks.md.
    public static let recordCap = metadataCap + 6 * fieldCap

    /// What reading one actor's HGETALL + PTTL replies found.
    public enum ReadResult: Sendable {
        case found(ActorRecord)
        case missing
        /// `P:{id}` exists but is not a hash (WRONGTYPE): the id collides with another key (§10 item 1).
        case collision(detail: String)
    }

    /// Reads the HGETALL reply then the PTTL reply of one actor from `reader`.
    /// Malformed replies throw; malformed *data* becomes `problems`.
    public static func read(id idBytes: UnsafeRawBufferPointer, from reader: inout RESPReader, metadata mode: MetadataMode)
        throws(RedisError) -> ReadResult
    {
        let hash = try reader.header()
        var result: ReadResult
        switch hash {
        case .error(let e):
            result = .collision(detail: e.hasPrefix("WRONGTYPE") ? "key holds a non-hash value" : e)
        case .array(let n) where n <= 0:
            result = .missing
        case .array(let n):
            guard n % 2 == 0 else { throw RedisError(.protocolError, "HGETALL reply with an odd number of elements") }
            let (text, exact) = ActorID.display(idBytes)
            var r = ActorRecord(id: text)
            if !exact { r.rawID = Array(idBytes) }
            try r.readFields(pairs: n / 2, id: idBytes, reader: &reader, mode: mode)
            result = .found(r)
        default:
            throw RedisError(.protocolError, "unexpected HGETALL reply \(hash)")
        }
        switch try reader.header() {
        case .integer(let ttl):
            if case .found(var r) = result, ttl >= 0 || ttl == -1 {
                r.heartbeatTTLMillis = ttl
                result = .found(r)
            }
        case .error: break
        case .bulk(let n): if n >= 0 { try reader.skipBulk(n) }
        case .array(let n):
            for _ in 0..<max(n, 0) { try reader.skipReply() }
        case .status: break
        }
        return result
    }

    /// Field names, matched as bytes (no String per field name).
    private static let names: [[UInt8]] = ["actorId", "actorType", "workerId", "status", "lastHeartbeat", "messageCount", "metadata"]
        .map { Array($0.utf8) }

    private static func fieldIndex(_ name: UnsafeRawBufferPointer) -> Int {
        for (i, n) in names.enumerated() where n.count == name.count {
            if n.withUnsafeBytes({ memcmp($0.baseAddress!, name.baseAddress!, n.count) == 0 }) { return i }
        }
        return -1
    }

    private mutating func readFields(pairs: Int, id: UnsafeRawBufferPointer, reader: inout RESPReader, mode: MetadataMode)
        throws(RedisError)
    {
        // Bit per required field (a Set<String> per record showed up in profiles).
        var seen: UInt8 = 0
        for _ in 0..<pairs {
            guard case .bulk(let nameLength) = try reader.header(), nameLength >= 0 else {
                throw RedisError(.protocolError, "HGETALL field name is not a bulk string")
            }
            var field = -1
            if nameLength <= 16 {
                field = try reader.bulk(nameLength) { Self.fieldIndex($0) }
            } else {
                try reader.skipBulk(nameLength)
            }
            guard case .bulk(let length) = try reader.header(), length >= 0 else {
                throw RedisError(.protocolError, "HGETALL field value is not a bulk string")
            }
            if field < 0 {
                try reader.skipBulk(length)
                continue
            }
            if field == 6 {
                try readMetadata(length: length, reader: &reader, mode: mode)
                continue
            }
            if length > Self.fieldCap {
                try reader.skipBulk(length)
                let name = String(decoding: Self.names[field], as: UTF8.self)
                problems.append("\(name) is \(length) bytes, over the \(Self.fieldCap)-byte field cap: not read")
                if field > 0 { seen |= 1 << (field - 1) }
                continue
            }
            try reader.bulk(length) { (v) throws(RedisError) in
                switch field {
                case 0:
                    if v.count != id.count || (v.count > 0 && memcmp(v.baseAddress!, id.baseAddress!, v.count) != 0) {
                        problems.append("actorId field '\(ActorID.display(v).text)' differs from the key's id")
                    }
                case 1:
                    type = String(decoding: v, as: UTF8.self)
                    seen |= 1
                case 2:
                    workerId = String(decoding: v, as: UTF8.self)
                    seen |= 2
                case 3:
                    let s = String(decoding: v, as: UTF8.self)
                    status = s
                    seen |= 4
                    if !Self.validStatuses.contains(s) { problems.append("status '\(s)' is not active, idle or busy") }
                case 4:
                    seen |= 8
                    let s = String(decoding: v, as: UTF8.self)
                    lastHeartbeat = s
                    if let ms = Timestamp.parseISO(s) {
                        lastHeartbeatMillis = ms
                    } else if let ms = RESPReader.integer(v.bindMemory(to: UInt8.self)), v.first != UInt8(ascii: "+") {
                        // §10 8b: `register` may store epoch ms; kept verbatim, age shown as such.
                        lastHeartbeatMillis = ms
                        lastHeartbeatIsEpochMillis = true
                    } else {
                        problems.append("lastHeartbeat '\(s)' is not ISO-8601")
                    }
                case 5:
                    seen |= 16
                    if let n = RESPReader.integer(v.bindMemory(to: UInt8.self)) {
                        messageCount = n
                        if n < 0 { problems.append("messageCount \(n) is negative") }
                    } else {
                        problems.append("messageCount '\(String(decoding: v, as: UTF8.self))' is not an integer")
                    }
                default: break
                }
            }
        }
        if seen != 31 {
            for (bit, name) in [(1, "actorType"), (2, "workerId"), (4, "status"), (8, "lastHeartbeat"), (16, "messageCount")]
            where seen & UInt8(bit) == 0 {
                problems.append("missing field \(name)")
            }
        }
    }

    private mutating func readMetadata(length: Int, reader: inout RESPReader, mode: MetadataMode) throws(RedisError) {
        if mode == .skip {
            try reader.skipBulk(length)
            return
        }
        if length > Self.metadataCap {
            try reader.skipBulk(length)
            problems.append("metadata is \(length) bytes, over the \(Self.metadataCap)-byte cap: not read")
            return
        }
        try reader.bulk(length) { (v) throws(RedisError) in
            let b = v.bindMemory(to: UInt8.self)
            switch mode {
            case .parse:
                metadataRaw = String(decoding: v, as: UTF8.self)
                guard !v.isEmpty else { return }
                do {
                    metadata = try JSONValue.parse(bytes: Array(b))
                } catch let error as JSONParseError {
                    problems.append("metadata is not valid JSON (\(error.reason) at byte \(error.offset))")
                } catch {}
            case .validate, .check:
                if mode == .validate { metadataRaw = String(decoding: v, as: UTF8.self) }
                guard !v.isEmpty else { return }
                if JSONValue.validate(bytes: b), String(validating: b, as: UTF8.self) != nil {
                    // Verbatim copy is safe for jsonl only on one line.
                    metadataValidated = mode == .validate && !b.contains(0x0A) && !b.contains(0x0D)
                    if mode == .validate && !metadataValidated { metadata = try? JSONValue.parse(bytes: Array(b)) }
                } else {
                    do {
                        _ = try JSONValue.parse(bytes: Array(b))
                        problems.append("metadata is not valid UTF-8")
                    } catch let error as JSONParseError {
                        problems.append("metadata is not valid JSON (\(error.reason) at byte \(error.offset))")
                    } catch {}
                }
            case .raw:
                metadataRaw = String(decoding: v, as: UTF8.self)
            case .skip: break
            }
        }
    }

    // MARK: Output

    /// One compact JSON line, the same document as `json().serialized()`, written field by field
    /// (no intermediate JSONValue tree: this is the `-o jsonl` hot path). Validated metadata is
    /// copied verbatim.
    public func writeJSONLine(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONValue.writeString(id, to: &out)
        if let rawID {
            out.append(contentsOf: #","idBase64":"#.utf8)
            JSONValue.writeString(Data(rawID).base64EncodedString(), to: &out)
        }
        func string(_ key: StaticString, _ v: String?) {
            out.append(contentsOf: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            if let v { JSONValue.writeString(v, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func int(_ key: StaticString, _ v: Int64?) {
            out.append(contentsOf: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            if let v { out.append(contentsOf: String(v).utf8) } else { out.append(contentsOf: "null".utf8) }
        }
        string(#","type":"#, type)
        string(#","workerId":"#, workerId)
        string(#","status":"#, status)
        int(#","messageCount":"#, messageCount)
        string(#","lastHeartbeat":"#, lastHeartbeat)
        out.append(contentsOf: (isLive ? #","live":true"# : #","live":false"#).utf8)
        int(#","heartbeatTTLMs":"#, heartbeatTTLMillis)
        out.append(contentsOf: #","metadata":"#.utf8)
        if metadataValidated, metadata == nil, let raw = metadataRaw {
            out.append(contentsOf: raw.utf8)
        } else {
            metadataJSON().write(to: &out, indent: nil, level: 0)
        }
        out.append(contentsOf: #","problems":["#.utf8)
        for (n, p) in problems.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(p, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
    }

    private func metadataJSON() -> JSONValue {
        if metadataValidated, metadata == nil, let raw = metadataRaw, let parsed = try? JSONValue.parse(raw) { return parsed }
        if let metadata { return metadata }
        if let raw = metadataRaw, !raw.isEmpty { return .string(raw) }
        return .null
    }

    /// The stable JSON shape of `actors list/get -o json|jsonl|yaml` (docs/keyspace.md).
    /// `lastHeartbeat` is the stored text, verbatim; `idBase64` appears only for non-UTF-8 ids.
    public func json() -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(id))]
        if let rawID { members.append(("idBase64", .string(Data(rawID).base64EncodedString()))) }
        members += [
            ("type", JSONValue(type)),
            ("workerId", JSONValue(workerId)),
            ("status", JSONValue(status)),
            ("messageCount", JSONValue(messageCount)),
            ("lastHeartbeat", JSONValue(lastHeartbeat)),
            ("live", .bool(isLive)),
            ("heartbeatTTLMs", JSONValue(heartbeatTTLMillis)),
            ("metadata", metadataJSON()),
            ("problems", .array(problems.map { .string($0) })),
        ]
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
        /// An id in `P:type:A` whose hash says another type (re-registered under a new type, §10 8a).
        case misIndexed = "mis-indexed"
    }

    public var kind: Kind
    /// The id as text (escaped when not UTF-8, see `ActorID`).
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
