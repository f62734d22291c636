import LoomCore
import LoomRedis

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

    public func matches(_ r: ActorRecord) -> Bool {
        if !types.isEmpty, !types.contains(r.type ?? "") { return false }
        if let status, r.status != status { return false }
        if let worker, r.workerId != worker { return false }
        switch liveness {
        case .any: return true
        case .live: return r.isLive
        case .stale: return !r.isLive
        }
    }
}

/// Reads Loom's actor registry (contract §1) the way Loom means it, but without its N+1 round
/// trips: ids come from SSCAN in batches, and each batch is one pipeline of HGETALL + PTTL.
public struct ActorRegistry: Sendable {
    public let redis: RedisConnection
    public let keys: Keyspace
    /// Ids per pipeline: large enough to hide the round trip, small enough to keep memory flat.
    public var batchSize: Int

    public init(redis: RedisConnection, keys: Keyspace, batchSize: Int = 1000) {
        self.redis = redis
        self.keys = keys
        self.batchSize = batchSize
    }

    /// One actor by id.
    public func get(_ id: String) throws(RedisError) -> ActorLookup {
        let replies = try redis.pipeline([["HGETALL", keys.actorHash(id)], ["PTTL", keys.heartbeat(id)]])
        return Self.lookup(id: id, hash: replies[0], pttl: replies[1], key: keys.actorHash(id), parseMetadata: true)
    }

    static func lookup(id: String, hash: RedisReply, pttl: RedisReply, key: String, parseMetadata: Bool, validateOnly: Bool = false)
        -> ActorLookup
    {
        if let error = hash.errorText {
            return .collision(key: key, detail: error.hasPrefix("WRONGTYPE") ? "key holds a non-hash value" : error)
        }
        guard let pairs = hash.pairs, !pairs.isEmpty else { return .missing }
        return .found(ActorRecord.decode(id: id, fields: pairs, pttl: pttl.int, parseMetadata: parseMetadata, validateOnly: validateOnly))
    }

    /// Streams matching actors in batches. Ids are de-duplicated by a 64-bit fingerprint, since
    /// SSCAN may repeat members while a set is rehashed (8 bytes per actor, not the id itself).
    /// Dangling ids and collisions go to `onAnomaly`; return false from `body` to stop early.
    ///
    /// Each round trip carries HGETALL + PTTL for the current ids and the SSCAN for the next ids;
    /// the next round is sent before the current one is decoded, so Redis and the client work at
    /// the same time (docs/benchmarks.md).
    public func list(
        filter: ActorFilter, parseMetadata: Bool = true, validateMetadataOnly: Bool = false,
        onAnomaly: (Anomaly) -> Void,
        body: ([ActorRecord]) throws -> Bool
    ) throws {
        var seen = Set<Int>()
        let sources = filter.types.isEmpty ? [keys.allSet] : filter.types.map(keys.typeSet)
        let keys = self.keys
        let sscan = Array("SSCAN".utf8)
        let countArgs = [Array("COUNT".utf8), Array(String(batchSize).utf8)]
        for source in sources {
            let sourceKey = Array(source.utf8)
            let stop = try redis.withPipelineStream { (stream: inout PipelineStream) throws -> Bool in
                /// Sends HGETALL/PTTL for `ids`, then SSCAN for the next cursor (unless the scan is done).
                func sendRound(_ ids: [String], cursor: String?) throws {
                    for id in ids {
                        let (hash, ttl) = Self.readCommands(id, keys: keys)
                        try stream.send(hash)
                        try stream.send(ttl)
                    }
                    if let cursor { try stream.send([sscan, sourceKey, Array(cursor.utf8)] + countArgs) }
                    try stream.flush()
                }
                func parseScan(_ reply: RedisReply) throws(RedisError) -> (String, [String]) {
                    if let e = reply.errorText { throw RedisError.fromServer(e) }
                    guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
                        throw RedisError(.protocolError, "unexpected SSCAN reply")
                    }
                    return (next, items.compactMap(\.string).filter { seen.insert($0.hashValue).inserted })
                }
                try sendRound([], cursor: "0")
                var (cursor, ids) = try parseScan(try stream.receive())
                if ids.isEmpty && cursor == "0" { return false }
                try sendRound(ids, cursor: cursor == "0" ? nil : cursor)
                while true {
                    var replies: [RedisReply] = []
                    replies.reserveCapacity(ids.count * 2)
                    for _ in 0..<(ids.count * 2) { replies.append(try stream.receive()) }
                    let current = ids
                    var more = false
                    if cursor != "0" {
                        (cursor, ids) = try parseScan(try stream.receive())
                        more = true
                        // Next round goes out before this one is decoded.
                        try sendRound(ids, cursor: cursor == "0" ? nil : cursor)
                    }
                    let records = decode(ids: current, replies: replies, source: source, parseMetadata: parseMetadata,
                        validateOnly: validateMetadataOnly, onAnomaly: onAnomaly)
                        .filter(filter.matches)
                    if !records.isEmpty, try !body(records) { return true }
                    if !more { return false }
                }
            }
            if stop { return }
        }
    }

    /// What reading one actor costs: its hash and its heartbeat's remaining TTL.
    static func readCommands(_ id: String, keys: Keyspace) -> (hash: [[UInt8]], ttl: [[UInt8]]) {
        ([hgetallName, Array(keys.actorHash(id).utf8)], [pttlName, Array(keys.heartbeat(id).utf8)])
    }

    // Built once: listings send two commands per actor.
    private static let hgetallName = Array("HGETALL".utf8)
    private static let pttlName = Array("PTTL".utf8)

    /// Turns HGETALL/PTTL reply pairs into records; missing hashes become `dangling` anomalies.
    func decode(ids: [String], replies: [RedisReply], source: String, parseMetadata: Bool, validateOnly: Bool = false,
        onAnomaly: (Anomaly) -> Void) -> [ActorRecord]
    {
        var out: [ActorRecord] = []
        out.reserveCapacity(ids.count)
        for (n, id) in ids.enumerated() {
            switch Self.lookup(id: id, hash: replies[2 * n], pttl: replies[2 * n + 1], key: keys.actorHash(id),
                parseMetadata: parseMetadata, validateOnly: validateOnly) {
            case .found(let r): out.append(r)
            case .missing:
                onAnomaly(Anomaly(kind: .dangling, id: id, key: keys.actorHash(id), detail: "listed in \(source) but its hash is missing"))
            case .collision(let key, let detail):
                onAnomaly(Anomaly(kind: .collision, id: id, key: key, detail: "listed in \(source) but \(detail)"))
            }
        }
        return out
    }

    /// HGETALL + PTTL for ids, one pipeline; missing hashes become `dangling` anomalies.
    public func fetch(ids: [String], source: String, parseMetadata: Bool, onAnomaly: (Anomaly) -> Void) throws(RedisError)
        -> [ActorRecord]
    {
        let keys = self.keys
        let replies = try redis.pipeline(
            count: ids.count * 2,
            command: { i in
                let (hash, ttl) = Self.readCommands(ids[i / 2], keys: keys)
                return i % 2 == 0 ? hash : ttl
            },
            decode: { $0 })
        return decode(ids: ids, replies: replies, source: source, parseMetadata: parseMetadata, onAnomaly: onAnomaly)
    }

    /// Walks every key under the registry prefix (SCAN, never KEYS) to find what the index sets
    /// cannot show: zombie partial hashes and full hashes missing from `P:all`.
    public func scanUnindexed(onAnomaly: (Anomaly) -> Void) throws(RedisError) {
        let base = keys.actorBase + ":"
        let reserved = [keys.allSet]
        let typePrefix = base + "type:"
        let heartbeatPrefix = base + "heartbeat:"
        try redis.scan(match: keys.actorScanPattern, count: 1000, type: "hash") { (batch) throws(RedisError) -> Bool in
            let candidates = batch.filter { !reserved.contains($0) && !$0.hasPrefix(typePrefix) && !$0.hasPrefix(heartbeatPrefix) }
            if candidates.isEmpty { return true }
            let ids = candidates.map { String($0.dropFirst(base.count)) }
            var commands: [[String]] = []
            for (key, id) in zip(candidates, ids) {
                commands.append(["SISMEMBER", keys.allSet, id])
                commands.append(["HEXISTS", key, "actorType"])
                commands.append(["HKEYS", key])
            }
            let replies = try redis.pipeline(commands)
            for (n, (key, id)) in zip(candidates, ids).enumerated() {
                let indexed = replies[3 * n].int == 1
                let hasType = replies[3 * n + 1].int == 1
                let fields = (replies[3 * n + 2].array ?? []).compactMap(\.string).sorted().joined(separator: ",")
                if !hasType {
                    onAnomaly(Anomaly(kind: .zombie, id: id, key: key,
                        detail: "partial hash with only {\(fields)}\(indexed ? "" : ", in no index set")"))
                } else if !indexed {
                    onAnomaly(Anomaly(kind: .unindexed, id: id, key: key, detail: "full hash missing from \(keys.allSet)"))
                }
            }
            return true
        }
        // Heartbeat/type keys that are hashes, or an id whose key is not a hash, are collisions.
        try redis.scan(match: Keyspace.globEscape(typePrefix) + "*", count: 1000, type: "hash") { (batch) throws(RedisError) -> Bool in
            for key in batch {
                onAnomaly(Anomaly(kind: .collision, id: String(key.dropFirst(base.count)), key: key,
                    detail: "an actor id starting with 'type:' wrote a hash over the type-index namespace"))
            }
            return true
        }
    }
}
