import LoomCore
import LoomRedis
import LoomRing
import LoomKeyspace
import LoomRegistry

/// The ring configuration and the membership epoch stored in `N:ring`.
public struct RingState: Sendable, Equatable {
    /// The table version: bumped by every membership or ring-config change (compare-and-set).
    public var epoch: Int64 = 0
    public var config = RingConfig()
    public var updatedAt: String = ""
    public var updatedBy: String = ""

    public init() {}

    /// Fields of the stored ring hash that did not parse, as (field, stored value, why). The
    /// defaults stand in for them, but commands refuse to place or change anything until they
    /// are repaired (``requireValid(key:allowConfigRepair:)``): a silently defaulted algorithm or
    /// epoch would place actors differently from every other reader.
    public var problems: [(field: String, value: String, reason: String)] = []

    public static func == (a: RingState, b: RingState) -> Bool {
        a.epoch == b.epoch && a.config == b.config && a.updatedAt == b.updatedAt && a.updatedBy == b.updatedBy
            && a.problems.map(\.field) == b.problems.map(\.field)
    }

    /// The largest epoch a change can still bump (HINCRBY would overflow past Int64.max).
    public static let maxEpoch = Int64.max - 1

    public static func decode(_ fields: [(String, String)]) -> RingState {
        var s = RingState()
        for (k, v) in fields {
            switch k {
            case "epoch":
                // Canonical decimal only (what HINCRBY writes), so the CAS string compare in the script agrees.
                if let e = Int64(v), e >= 0, String(e) == v { s.epoch = e } else {
                    s.problems.append(("epoch", v, "not a non-negative 64-bit integer"))
                }
            case "algorithm":
                if let a = RingAlgorithm(rawValue: v) { s.config.algorithm = a } else {
                    s.problems.append(("algorithm", v, "not one of \(RingAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
            case "seed":
                if let n = UInt32(v) { s.config.seed = n } else { s.problems.append(("seed", v, "not an unsigned 32-bit integer")) }
            case "pointsPerCapacity":
                if let n = Int(v), RingConfig.isValidPointsPerCapacity(n) { s.config.pointsPerCapacity = n } else {
                    s.problems.append(("pointsPerCapacity", v, "not an integer between 1 and \(HashRing.maxPoints)"))
                }
            case "loadFactor":
                if v.isEmpty {
                    s.config.loadFactor = nil
                } else if let f = Double(v), RingConfig.isValidLoadFactor(f) {
                    s.config.loadFactor = f
                } else {
                    s.problems.append(("loadFactor", v, "not empty or a number between 1 and \(Int(RingConfig.maxLoadFactor))"))
                }
            case "updatedAt": s.updatedAt = v
            case "updatedBy": s.updatedBy = v
            default: break
            }
        }
        return s
    }

    /// Throws (exit 1, naming the key and field) when the stored ring hash did not parse.
    /// `allowConfigRepair` lets `ring configure` rewrite bad config fields (it writes all of them);
    /// a bad epoch always needs a manual repair.
    public func requireValid(key: String, allowConfigRepair: Bool = false) throws(MembershipError) {
        let blocking = allowConfigRepair ? problems.filter { $0.field == "epoch" } : problems
        guard let p = blocking.first else { return }
        let more = blocking.count > 1 ? " (and \(blocking.count - 1) more: \(blocking.dropFirst().map(\.field).joined(separator: ", ")))" : ""
        throw MembershipError.badData("invalid ring config in \(key): field '\(p.field)' = '\(p.value)' is \(p.reason)\(more)",
            hint: p.field == "epoch" ? "repair it by hand (redis-cli HSET \(key) epoch <n>); loomctl never guesses an epoch"
                : "rewrite it with the ring configure command (e.g. algorithm murmur3)")
    }

    static func configFields(_ c: RingConfig) -> [String] {
        ["algorithm", c.algorithm.rawValue, "seed", String(c.seed), "pointsPerCapacity", String(c.pointsPerCapacity),
            "loadFactor", c.loadFactor.map { NodeRecord.formatNumber($0) } ?? ""]
    }

    public func json() -> JSONValue {
        .object([
            ("epoch", .int(epoch)), ("algorithm", .string(config.algorithm.rawValue)), ("seed", .int(Int64(config.seed))),
            ("pointsPerCapacity", .int(Int64(config.pointsPerCapacity))), ("loadFactor", JSONValue(config.loadFactor)),
            ("updatedAt", .string(updatedAt)), ("updatedBy", .string(updatedBy)),
        ])
    }
}

/// Everything in the node namespace at one moment.
public struct MembershipSnapshot: Sendable {
    public var ring: RingState
    /// Registered nodes, sorted by id.
    public var nodes: [NodeRecord]
    /// Ids in `N:all` whose record is missing (reported, ignored).
    public var dangling: [String] = []

    public init(ring: RingState = RingState(), nodes: [NodeRecord] = []) {
        self.ring = ring
        self.nodes = nodes
    }

    public func node(_ id: String) -> NodeRecord? { nodes.first { $0.id == id } }
}

/// One membership change; each is applied by ONE Lua script that checks the epoch and bumps it.
public enum MembershipChange: Sendable {
    public enum Liveness: Sendable, Equatable {
        /// Leave the heartbeat key alone (`ring add`: not live until an agent heartbeats).
        case unchanged
        /// Heartbeat key without expiry: live without an agent (`ring add --static`).
        case permanent
        /// Heartbeat key with this TTL (the agent).
        case ttl(milliseconds: Int64)
    }

    case register(NodeRecord, liveness: Liveness)
    case remove(String)
    case setStatus(String, NodeStatus)
    case configure(RingConfig)

    public var nodeId: String {
        switch self {
        case .register(let r, _): return r.id
        case .remove(let id), .setStatus(let id, _): return id
        case .configure: return ""
        }
    }
}

/// Reads and changes node membership (docs/keyspace.md).
public struct NodeMembership: Sendable {
    public let redis: any RedisClient
    public let keys: Keyspace

    public init(redis: any RedisClient, keys: Keyspace) {
        self.redis = redis
        self.keys = keys
    }

    public func ringState() throws(RedisError) -> RingState {
        RingState.decode(try redis.send(.hgetall(keys.ringHash)).orThrow().pairs ?? [])
    }

    /// The ring state and every registered node with its liveness: SSCAN + one pipeline.
    public func read() throws(RedisError) -> MembershipSnapshot {
        var snapshot = MembershipSnapshot(ring: try ringState())
        var ids = Set<String>()
        try redis.sscan(keys.nodeAllSet, count: 1000) { (batch) throws(RedisError) -> Bool in
            ids.formUnion(batch)
            return true
        }
        let sorted = ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let replies = try redis.pipeline(sorted.flatMap { [RedisCommand.hgetall(keys.nodeHash($0)), .pttl(keys.nodeHeartbeat($0))] })
        for (n, id) in sorted.enumerated() {
            guard let pairs = replies[2 * n].pairs, !pairs.isEmpty else {
                snapshot.dangling.append(id)
                continue
            }
            snapshot.nodes.append(NodeRecord.decode(id: id, fields: pairs, pttl: replies[2 * n + 1].int))
        }
        return snapshot
    }

    /// Heartbeat TTLs written with PX: 1 ms … 1 year. Redis rejects a PX it cannot represent, and
    /// the scripts set the key after their HSETs, so an out-of-range TTL must never reach them.
    static func clampTTL(_ ms: Int64) -> Int64 { min(max(1, ms), 31_536_000_000) }

    /// What `apply` did.
    public enum Outcome: Sendable, Equatable {
        case applied(epoch: Int64)
        /// Nothing differed; the epoch was not bumped.
        case unchanged(epoch: Int64)
    }

    /// Applies `change` atomically if the epoch is still `expectedEpoch` (nil = whatever it is),
    /// bumping it and publishing the event. A different epoch throws `MembershipError.conflict`.
    @discardableResult
    public func apply(_ change: MembershipChange, expectedEpoch: Int64?, previous: NodeRecord? = nil, by actor: String = "loomctl")
        throws -> Outcome
    {
        let now = Timestamp.iso(millis: Timestamp.nowMillis())
        var op: String
        var fields: [String] = []
        var heartbeat = ("", "0")
        var eventType: String
        var data: JSONValue
        switch change {
        case .register(let r, let liveness):
            try NodeRecord.validateID(r.id)
            op = "register"
            fields = r.identityFields()
            eventType = NodeEvent.joined
            data = .object([("address", .string(r.address)), ("zone", .string(r.zone)), ("capacity", .double(r.capacity)),
                ("status", .string(r.status.rawValue))])
            switch liveness {
            case .unchanged: break
            case .permanent: heartbeat = (String(Timestamp.nowMillis()), "0")
            case .ttl(let ms): heartbeat = (String(Timestamp.nowMillis()), String(Self.clampTTL(ms)))
            }
            if case .unchanged = liveness {} else { fields += ["lastHeartbeat", now] }
        case .remove:
            op = "remove"
            eventType = NodeEvent.left
            data = .object([])
        case .setStatus(let id, let status):
            op = "status"
            fields = ["status", status.rawValue]
            eventType = NodeEvent.statusChanged
            // Without the caller's read, the stored status (the epoch check keeps it consistent when pinned).
            let from = try previous?.status.rawValue ?? redis.send(.hget(keys.nodeHash(id), "status")).string
            data = .object([("from", JSONValue(from)), ("to", .string(status.rawValue))])
        case .configure(let config):
            do { try config.validate() } catch { throw MembershipError.invalid("ring config: \(error)") }
            op = "config"
            fields = RingState.configFields(config)
            eventType = NodeEvent.configChanged
            data = RingState.decode(zip(stride(from: 0, to: fields.count, by: 2).map { fields[$0] },
                stride(from: 1, to: fields.count, by: 2).map { fields[$0] }).map { ($0, $1) }).json()
        }
        let id = change.nodeId
        // The event is built here (stable field order) around the epoch only the script knows.
        var head: [UInt8] = Array("{\"type\":".utf8)
        JSONValue.writeString(eventType, to: &head)
        head += Array(",\"nodeId\":".utf8)
        JSONValue.writeString(id, to: &head)
        head += Array(",\"epoch\":".utf8)
        var tail: [UInt8] = Array(",\"timestamp\":".utf8)
        JSONValue.writeString(now, to: &tail)
        tail += Array(",\"data\":".utf8)
        data.write(to: &tail, indent: nil, level: 0)
        tail += Array("}".utf8)
        let args = [op, expectedEpoch.map(String.init) ?? "", id, now, actor, keys.nodeEventsChannel,
            String(decoding: head, as: UTF8.self), String(decoding: tail, as: UTF8.self), heartbeat.0, heartbeat.1] + fields
        let reply = try redis.eval(Self.changeScript,
            keys: [keys.ringHash, keys.nodeAllSet, keys.nodeHash(id.isEmpty ? "-" : id), keys.nodeHeartbeat(id.isEmpty ? "-" : id)],
            args: args).orThrow()
        try LuaGuards.throwIfWrongType(reply, in: MembershipDomain.self)
        guard let parts = reply.array, parts.count == 2, let verdict = parts[0].string else {
            throw RedisError(.protocolError, "unexpected reply from the membership script")
        }
        if verdict == "badepoch" {
            let stored = parts[1].string ?? ""
            throw MembershipError.badData(
                Int64(stored) == Int64.max
                    ? "ring epoch in \(keys.ringHash) is at the 64-bit maximum (\(stored)); no change can bump it, nothing was written"
                    : "invalid ring config in \(keys.ringHash): field 'epoch' = '\(stored)' is not a non-negative 64-bit integer; nothing was written",
                hint: "repair it by hand (redis-cli HSET \(keys.ringHash) epoch <n>); loomctl never guesses an epoch")
        }
        guard let epoch = parts[1].int ?? parts[1].string.flatMap({ Int64($0) }) else {
            throw RedisError(.protocolError, "unexpected reply from the membership script")
        }
        switch verdict {
        case "ok": return .applied(epoch: epoch)
        case "noop": return .unchanged(epoch: epoch)
        case "missing": throw MembershipError.notFound("node '\(id)' is not registered", hint: "loomctl ring show lists the nodes")
        default:
            throw MembershipError.conflict("ring epoch changed from \(expectedEpoch ?? -1) to \(epoch) while planning; rerun",
                hint: "another operator or agent changed the membership; `loomctl ring show` shows the new table")
        }
    }

    /// KEYS: ring hash, all set, node hash, node heartbeat.
    /// ARGV: op, expected epoch ('' = any), node id, updatedAt, updatedBy, channel, event head, event tail,
    /// heartbeat value ('' = leave), heartbeat PX ('0' = no expiry), then field/value pairs.
    static let changeScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'set'}, {KEYS[3], 'hash'}, {KEYS[4], 'string'}})
        if bad then return bad end
        local raw = redis.call('HGET', KEYS[1], 'epoch')
        local cur = raw or '0'
        if not (cur == '0' or string.match(cur, '^[1-9]%d*$')) or #cur > 19 or (#cur == 19 and cur >= '9223372036854775807') then
          return {'badepoch', cur}
        end
        if ARGV[2] ~= '' and ARGV[2] ~= cur then return {'conflict', cur} end
        local op = ARGV[1]
        local changed = false
        if op == 'status' and redis.call('EXISTS', KEYS[3]) == 0 then return {'missing', cur} end
        if op == 'remove' then
          if redis.call('DEL', KEYS[3]) == 1 then changed = true end
          if redis.call('SREM', KEYS[2], ARGV[3]) == 1 then changed = true end
          redis.call('DEL', KEYS[4])
        else
          local target = KEYS[3]
          if op == 'config' then target = KEYS[1] end
          for i = 11, #ARGV, 2 do
            if ARGV[i] ~= 'lastHeartbeat' and redis.call('HGET', target, ARGV[i]) ~= ARGV[i + 1] then changed = true end
            redis.call('HSET', target, ARGV[i], ARGV[i + 1])
          end
          if op == 'register' then
            if redis.call('SADD', KEYS[2], ARGV[3]) == 1 then changed = true end
            if ARGV[9] ~= '' then
              if ARGV[10] == '0' then
                if redis.call('PTTL', KEYS[4]) ~= -1 then changed = true end
                redis.call('SET', KEYS[4], ARGV[9])
              else
                if redis.call('EXISTS', KEYS[4]) == 0 then changed = true end
                redis.call('SET', KEYS[4], ARGV[9], 'PX', ARGV[10])
              end
            end
          end
        end
        if not changed then return {'noop', cur} end
        local e = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
        if redis.call('HEXISTS', KEYS[1], 'algorithm') == 0 then
          redis.call('HSET', KEYS[1], 'algorithm', 'murmur3', 'seed', '0', 'pointsPerCapacity', '150', 'loadFactor', '')
        end
        redis.call('HSET', KEYS[1], 'updatedAt', ARGV[4], 'updatedBy', ARGV[5])
        redis.call('PUBLISH', ARGV[6], ARGV[7] .. e .. ARGV[8])
        return {'ok', e}
        """)

    /// The agent's periodic heartbeat: metrics fields + the heartbeat key, only while the record
    /// exists (returns false when an operator removed it, so the agent can re-register).
    public func heartbeat(_ id: String, fields: [String], ttlMillis: Int64) throws(RedisError) -> Bool {
        let now = Timestamp.nowMillis()
        let reply = try redis.eval(Self.heartbeatScript, keys: [keys.nodeHash(id), keys.nodeHeartbeat(id)],
            args: [String(now), String(Self.clampTTL(ttlMillis)), "lastHeartbeat", Timestamp.iso(millis: now)] + fields).orThrow()
        do { try LuaGuards.throwIfWrongType(reply, in: MembershipDomain.self) } catch { throw RedisError(.wrongType, error.message) }
        return reply.int == 1
    }

    static let heartbeatScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'string'}})
        if bad then return bad end
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return 1
        """)
}
