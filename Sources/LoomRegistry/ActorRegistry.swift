import LoomCore
import LoomRedis
import LoomKeyspace

/// Filters of `actors list`.
public struct ActorFilter: Sendable {
    public enum Liveness: Sendable { case any, live, stale }
    public var types: [String] = []
    public var status: String?
    public var worker: String?
    public var liveness: Liveness = .any

    public init(types: [String] = [], status: String? = nil, worker: String? = nil, liveness: Liveness = .any) {
        self.types = types
        self.status = status
        self.worker = worker
        self.liveness = liveness
    }

    /// Status, worker and liveness. The type filter is the index set a listing reads (`P:type:T`),
    /// as in Loom's getByType: an id in that set whose hash names another type is still listed
    /// (with a mis-indexed problem, §10 8a).
    public func matches(_ r: ActorRecord) -> Bool {
        if let status, r.status != status { return false }
        if let worker, r.workerId != worker { return false }
        switch liveness {
        case .any: return true
        case .live: return r.isLive
        case .stale: return !r.isLive
        }
    }
}

/// The ids of one SSCAN reply, packed in one buffer (no array or String per id).
struct IDBatch {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var count: Int { ends.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    mutating func append(_ id: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: id)
        ends.append(bytes.count)
    }

    func withID<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let lo = i == 0 ? 0 : ends[i - 1]
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[lo..<ends[i]])) }
    }
}

/// 64-bit fingerprints of ids already returned by SSCAN, in an open-addressing table (8 bytes a
/// slot, load ≤ 1/2): 16 MB at a million ids, with no allocation per id.
///
/// Needed only for hashtable-encoded sets: Redis returns a listpack/intset-encoded set whole in one
/// SSCAN call (no duplicates possible), while a hashtable set may repeat members if its table shrinks
/// during the scan (an SREM leaving it under 10% full), which a client cannot rule out.
/// Two different ids with the same 64-bit fingerprint (odds ~n²/2⁶⁵, 3·10⁻⁸ at a million) would
/// hide the second one.
struct FingerprintSet {
    private var slots: [UInt64] = []
    private(set) var count = 0

    static func fingerprint(_ b: UnsafeRawBufferPointer) -> UInt64 {
        // FNV-1a, then a murmur finaliser: cheap, and 0 is reserved for empty slots.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h == 0 ? 1 : h
    }

    /// True when `id` was not seen before.
    mutating func insert(_ id: UnsafeRawBufferPointer) -> Bool {
        if slots.isEmpty || (count + 1) * 2 > slots.count { grow() }
        let fp = Self.fingerprint(id)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: fp) & mask
        while true {
            let s = slots[i]
            if s == 0 {
                slots[i] = fp
                count += 1
                return true
            }
            if s == fp { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: max(1024, old.count * 2))
        let mask = slots.count - 1
        for fp in old where fp != 0 {
            var i = Int(truncatingIfNeeded: fp) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = fp
        }
    }
}

/// Reads Loom's actor registry (contract §1) the way Loom means it, but without its N+1 round
/// trips: ids come from SSCAN in batches, and each batch is one pipeline of HGETALL + PTTL.
public struct ActorRegistry: Sendable {
    public let redis: any RedisClient
    public let keys: Keyspace
    /// Ids per pipeline: large enough to hide the round trip, small enough to keep memory flat.
    public var batchSize: Int
    /// Records handed to a listing's body are also bounded by bytes: a batch is delivered as soon as
    /// it holds this much (docs/benchmarks.md, "Memory bounds").
    public var batchByteBudget: Int = 8 * 1024 * 1024

    public init(redis: any RedisClient, keys: Keyspace, batchSize: Int = 1000) {
        self.redis = redis
        self.keys = keys
        self.batchSize = max(1, batchSize)
    }

    /// One actor by id.
    public func get(_ id: String) throws(RedisError) -> ActorLookup {
        try get(bytes: Array(id.utf8))
    }

    /// One actor by its exact id bytes.
    public func get(bytes id: [UInt8]) throws(RedisError) -> ActorLookup {
        let keys = self.keys
        do {
            return try redis.withRawPipeline(scope: .keyspace) { (p: inout RawPipeline) throws -> ActorLookup in
                Self.sendRead(id, keys: keys, to: &p)
                try p.flush()
                let result = try id.withUnsafeBytes { (raw) throws(RedisError) in try ActorRecord.read(id: raw, from: &p.reader, metadata: .parse) }
                p.consumed()
                p.consumed()
                switch result {
                case .found(let r): return .found(r)
                case .missing: return .missing
                case .collision(let detail): return .collision(key: Self.displayKey(keys.actorKeyPrefix, id), detail: detail)
                }
            }
        } catch let e as RedisError {
            throw e
        } catch {
            throw RedisError(.protocolError, "\(error)")
        }
    }

    /// `P:{id}` as text for messages (the id escaped when not UTF-8).
    static func displayKey(_ prefix: [UInt8], _ id: UnsafeRawBufferPointer) -> String {
        String(decoding: prefix, as: UTF8.self) + ActorID.display(id).text
    }

    static func displayKey(_ prefix: [UInt8], _ id: [UInt8]) -> String {
        id.withUnsafeBytes { displayKey(prefix, $0) }
    }

    private static let hgetallName = Array("HGETALL".utf8)
    private static let pttlName = Array("PTTL".utf8)
    private static let sscanName = Array("SSCAN".utf8)
    private static let countName = Array("COUNT".utf8)

    /// What reading one actor costs: its hash and its heartbeat's remaining TTL (2 commands).
    static func sendRead(_ id: UnsafeRawBufferPointer, keys: Keyspace, prefixes: (hash: [UInt8], heartbeat: [UInt8]), to p: inout RawPipeline) {
        p.writer.begin(2)
        p.writer.argument(hgetallName)
        p.writer.argument(prefixes.hash, id)
        p.writer.begin(2)
        p.writer.argument(pttlName)
        p.writer.argument(prefixes.heartbeat, id)
        p.sent(2)
    }

    static func sendRead(_ id: [UInt8], keys: Keyspace, to p: inout RawPipeline) {
        id.withUnsafeBytes { sendRead($0, keys: keys, prefixes: (keys.actorKeyPrefix, keys.heartbeatKeyPrefix), to: &p) }
    }

    /// Reads an SSCAN reply into `ids` (deduplicated through `seen` when given); returns whether
    /// the cursor wrapped to 0.
    static func readScan(_ p: inout RawPipeline, into ids: inout IDBatch, seen: inout FingerprintSet?) throws(RedisError) -> (done: Bool, cursor: [UInt8]) {
        let head = try p.reader.header()
        if case .error(let e) = head {
            p.consumed()
            throw RedisError.fromServer(e)
        }
        guard case .array(2) = head, case .bulk(let cl) = try p.reader.header(), cl >= 0 else {
            throw RedisError(.protocolError, "unexpected SSCAN reply")
        }
        let cursor = try p.reader.bulk(cl) { Array($0) }
        guard case .array(let n) = try p.reader.header() else { throw RedisError(.protocolError, "unexpected SSCAN reply") }
        ids.removeAll()
        for _ in 0..<max(n, 0) {
            guard case .bulk(let len) = try p.reader.header(), len >= 0 else { throw RedisError(.protocolError, "SSCAN member is not a bulk string") }
            try p.reader.bulk(len) { (m) throws(RedisError) in
                if seen == nil || seen!.insert(m) { ids.append(m) }
            }
        }
        p.consumed()
        return (cursor == [UInt8(ascii: "0")], cursor)
    }

    /// The streaming engine behind every registry read: SSCAN `set` in batches and, for each id,
    /// send `perID` commands built by `send`, and consume their replies with `read`; `endOfBatch`
    /// runs after each batch is read (return false to stop).
    ///
    /// Each flush carries the SSCAN for the next batch first, then the reads of the current one, so
    /// the next batch's ids arrive before the current replies and the next round is on the wire
    /// while this one is decoded: Redis and the client work at the same time.
    /// Replies are parsed in place from the socket buffer (`RESPReader`); nothing per reply element
    /// is allocated.
    package func streamSet(
        _ set: [UInt8], repliesPerID: Int, send: (UnsafeRawBufferPointer, inout RawPipeline) -> Void,
        read: (UnsafeRawBufferPointer, inout RESPReader) throws -> Void,
        endOfBatch: () throws -> Bool
    ) throws {
        try stream(.sscan(set), repliesPerID: repliesPerID, send: send, read: read, endOfBatch: endOfBatch)
    }

    /// What `stream` iterates: a set's members, or the keyspace (SCAN MATCH … [TYPE …], keys as bytes).
    enum ScanSource {
        case sscan([UInt8])
        case scan(match: String, type: String?)
    }

    func stream(
        _ source: ScanSource, repliesPerID: Int, send: (UnsafeRawBufferPointer, inout RawPipeline) -> Void,
        read: (UnsafeRawBufferPointer, inout RESPReader) throws -> Void,
        endOfBatch: () throws -> Bool
    ) throws {
        let count = Array(String(batchSize).utf8)
        try redis.withRawPipeline(scope: .keyspace) { (p: inout RawPipeline) throws in
            func sendScan(_ cursor: [UInt8]) {
                switch source {
                case .sscan(let set): p.writer.command([Self.sscanName, set, cursor, Self.countName, count])
                case .scan(let match, let type):
                    var args = [Array("SCAN".utf8), cursor, Array("MATCH".utf8), Array(match.utf8), Self.countName, count]
                    if let type { args += [Array("TYPE".utf8), Array(type.utf8)] }
                    p.writer.command(args)
                }
                p.sent(1)
            }
            var seen: FingerprintSet? = nil
            var current = IDBatch()
            var next = IDBatch()
            sendScan([UInt8(ascii: "0")])
            try p.flush()
            var (done, cursor) = try Self.readScan(&p, into: &current, seen: &seen)
            // A set that needs more than one call is hashtable-encoded: it may repeat members.
            // (Keyspace scans are not deduplicated: their callers count or re-check, see scanUnindexed.)
            if !done, case .sscan = source {
                seen = FingerprintSet()
                for i in 0..<current.count { current.withID(i) { _ = seen!.insert($0) } }
            }
            var scanInFlight = false
            func sendReads(_ batch: IDBatch) {
                for i in 0..<batch.count { batch.withID(i) { send($0, &p) } }
            }
            if !done {
                sendScan(cursor)
                scanInFlight = true
            }
            sendReads(current)
            try p.flush()
            while true {
                var haveNext = false
                if scanInFlight {
                    // The next batch's ids arrive before `current`'s replies: queue its round first.
                    (done, cursor) = try Self.readScan(&p, into: &next, seen: &seen)
                    scanInFlight = false
                    haveNext = true
                    if !done {
                        sendScan(cursor)
                        scanInFlight = true
                    }
                    sendReads(next)
                    try p.flush()
                }
                for i in 0..<current.count {
                    try current.withID(i) { id in try read(id, &p.reader) }
                    for _ in 0..<repliesPerID { p.consumed() }
                }
                if try !endOfBatch() || !haveNext { return }
                swap(&current, &next)
            }
        }
    }

    /// Streams matching actors in batches (at most `batchSize` records or `batchByteBudget` bytes).
    /// Dangling ids and collisions go to `onAnomaly`; return false from `body` to stop early.
    public func list(
        filter: ActorFilter, parseMetadata: Bool = true, validateMetadataOnly: Bool = false,
        onAnomaly: (Anomaly) -> Void,
        body: ([ActorRecord]) throws -> Bool
    ) throws {
        // `parseMetadata: false` keeps the raw text, as it always did (callers such as the LLM tools read it).
        let mode: ActorRecord.MetadataMode = !parseMetadata ? .raw : validateMetadataOnly ? .validate : .parse
        try list(filter: filter, metadata: mode, onAnomaly: onAnomaly, body: body)
    }

    public func list(
        filter: ActorFilter, metadata mode: ActorRecord.MetadataMode,
        onAnomaly: (Anomaly) -> Void,
        body: ([ActorRecord]) throws -> Bool
    ) throws {
        let keys = self.keys
        let sources: [(key: String, type: String?)] = filter.types.isEmpty ? [(keys.allSet, nil)] : filter.types.map { (keys.typeSet($0), $0) }
        let prefixes = (hash: keys.actorKeyPrefix, heartbeat: keys.heartbeatKeyPrefix)
        var records: [ActorRecord] = []
        records.reserveCapacity(batchSize)
        var held = 0
        var stopped = false
        for source in sources {
            try streamSet(
                Array(source.key.utf8), repliesPerID: 2,
                send: { id, p in Self.sendRead(id, keys: keys, prefixes: prefixes, to: &p) },
                read: { id, reader in
                    let result = try ActorRecord.read(id: id, from: &reader, metadata: mode)
                    switch result {
                    case .found(var r):
                        if stopped { return }
                        if let t = source.type, r.type != t {
                            r.problems.append("mis-indexed: listed in \(source.key) but its hash says type '\(r.type ?? "<none>")'")
                        }
                        guard filter.matches(r) else { return }
                        held += r.heldBytes
                        records.append(r)
                    case .missing:
                        onAnomaly(Anomaly(kind: .dangling, id: ActorID.display(id).text, key: Self.displayKey(prefixes.hash, id),
                            detail: "listed in \(source.key) but its hash is missing"))
                    case .collision(let detail):
                        onAnomaly(Anomaly(kind: .collision, id: ActorID.display(id).text, key: Self.displayKey(prefixes.hash, id),
                            detail: "listed in \(source.key) but \(detail)"))
                    }
                    if !stopped, held >= batchByteBudget || records.count >= batchSize {
                        // Byte-bounded: hand over now, mid-batch, so large records never pile up.
                        let go = try body(records)
                        if !go { stopped = true }
                    }
                    if stopped || held >= batchByteBudget || records.count >= batchSize {
                        // After a stop the rest of the round is read (to keep the connection in sync) and dropped.
                        records.removeAll(keepingCapacity: true)
                        held = 0
                    }
                },
                endOfBatch: {
                    if !stopped, !records.isEmpty {
                        let go = try body(records)
                        records.removeAll(keepingCapacity: true)
                        held = 0
                        if !go { stopped = true }
                    }
                    return !stopped
                })
            if stopped { return }
        }
    }

    /// HGETALL + PTTL for ids, one pipeline; missing hashes become `dangling` anomalies.
    public func fetch(ids: [String], source: String, parseMetadata: Bool, onAnomaly: (Anomaly) -> Void) throws(RedisError)
        -> [ActorRecord]
    {
        try fetch(idBytes: ids.map { Array($0.utf8) }, source: source, metadata: parseMetadata ? .parse : .raw, onAnomaly: onAnomaly)
    }

    /// The same for exact id bytes (ids read from SSCAN).
    public func fetch(idBytes ids: [[UInt8]], source: String, metadata mode: ActorRecord.MetadataMode, onAnomaly: (Anomaly) -> Void)
        throws(RedisError) -> [ActorRecord]
    {
        let keys = self.keys
        let hashPrefix = keys.actorKeyPrefix
        do {
            return try redis.withRawPipeline(scope: .keyspace) { (p: inout RawPipeline) throws -> [ActorRecord] in
                for id in ids { Self.sendRead(id, keys: keys, to: &p) }
                try p.flush()
                var out: [ActorRecord] = []
                out.reserveCapacity(ids.count)
                for id in ids {
                    let result = try id.withUnsafeBytes { (raw) throws(RedisError) in try ActorRecord.read(id: raw, from: &p.reader, metadata: mode) }
                    p.consumed()
                    p.consumed()
                    switch result {
                    case .found(let r): out.append(r)
                    case .missing:
                        onAnomaly(Anomaly(kind: .dangling, id: ActorID.display(id).text, key: Self.displayKey(hashPrefix, id),
                            detail: "listed in \(source) but its hash is missing"))
                    case .collision(let detail):
                        onAnomaly(Anomaly(kind: .collision, id: ActorID.display(id).text, key: Self.displayKey(hashPrefix, id),
                            detail: "listed in \(source) but \(detail)"))
                    }
                }
                return out
            }
        } catch let e as RedisError {
            throw e
        } catch {
            throw RedisError(.protocolError, "\(error)")
        }
    }

    /// Walks every key under the registry prefix (SCAN, never KEYS) to find what the index sets
    /// cannot show: zombie partial hashes and full hashes missing from `P:all`.
    ///
    /// One SISMEMBER per hash key; only hashes outside `P:all` (rare) get HEXISTS + HKEYS.
    /// Keys are handled as bytes, so a non-UTF-8 id is checked under its real key.
    public func scanUnindexed(onAnomaly: (Anomaly) -> Void) throws {
        try scanUnindexed { a, _ in onAnomaly(a) }
    }

    /// The same, with each anomaly's exact id bytes (what repairs act on).
    ///
    /// One streamed SCAN (`TYPE hash`) with SISMEMBER `P:all` + HEXISTS actorType pipelined per key,
    /// replies parsed in place; HKEYS only for the (rare) zombies. `indexedZombies: false` leaves out
    /// partial hashes that are in `P:all` (a listing pass already sees those as records without a type).
    public func scanUnindexed(indexedZombies: Bool = true, exact onAnomaly: (Anomaly, [UInt8]) -> Void) throws {
        let base = keys.actorKeyPrefix
        let typePrefix = keys.typeSetKeyPrefix
        let heartbeatPrefix = keys.heartbeatKeyPrefix
        let all = Array(keys.allSet.utf8)
        let sismember = Array("SISMEMBER".utf8), hexists = Array("HEXISTS".utf8), actorType = Array("actorType".utf8)
        var zombies: [(id: [UInt8], indexed: Bool)] = []
        try stream(.scan(match: keys.actorScanPattern, type: "hash"), repliesPerID: 2,
            send: { key, p in
                let id = UnsafeRawBufferPointer(rebasing: key[min(base.count, key.count)...])
                p.writer.begin(3); p.writer.argument(sismember); p.writer.argument(all); p.writer.argument(id)
                p.writer.begin(3); p.writer.argument(hexists); p.writer.argument(key); p.writer.argument(actorType)
                p.sent(2)
            },
            read: { key, reader in
                let indexed = try reader.header() == .integer(1)
                let hasType = try reader.header() == .integer(1)
                let k = Array(key)
                guard k.count > base.count, k.starts(with: base), k != all, !k.starts(with: heartbeatPrefix) else { return }
                let id = Array(k[base.count...])
                if k.starts(with: typePrefix) {
                    onAnomaly(Anomaly(kind: .collision, id: ActorID.display(id).text, key: Self.displayKey(base, id),
                        detail: "an actor id starting with 'type:' wrote a hash over the type-index namespace"), id)
                } else if !hasType, !indexed || indexedZombies {
                    zombies.append((id, indexed))
                } else if hasType, !indexed {
                    onAnomaly(Anomaly(kind: .unindexed, id: ActorID.display(id).text, key: Self.displayKey(base, id),
                        detail: "full hash missing from \(keys.allSet)"), id)
                }
            },
            endOfBatch: { true })
        var start = 0
        while start < zombies.count {
            let slice = zombies[start..<min(start + 1000, zombies.count)]
            start += slice.count
            let fields = try redis.pipeline(slice.map { RedisCommand("HKEYS", keyBytes: [keys.actorHash(bytes: $0.id)]) })
            for (z, f) in zip(slice, fields) {
                let names = (f.array ?? []).compactMap(\.string).sorted().joined(separator: ",")
                onAnomaly(Anomaly(kind: .zombie, id: ActorID.display(z.id).text, key: Self.displayKey(base, z.id),
                    detail: "partial hash with only {\(names)}\(z.indexed ? "" : ", in no index set")"), z.id)
            }
        }
    }

    /// SCAN with keys kept as bytes.
    func scanKeys(match: String, type: String?, count: Int = 1000, _ body: ([[UInt8]]) throws(RedisError) -> Void) throws(RedisError) {
        var cursor = "0"
        repeat {
            let reply = try redis.send(.scan(cursor: cursor, match: match, count: count, type: type))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
                throw RedisError(.protocolError, "unexpected SCAN reply")
            }
            cursor = next
            let keys = items.compactMap(\.bytes)
            if !keys.isEmpty { try body(keys) }
        } while cursor != "0"
    }
}
