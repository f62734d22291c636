import LoomCore
import LoomRedis
import LoomRing

/// The ring configuration and the membership epoch stored in `N:ring`.
public struct RingState: Sendable, Equatable {
    /// The table version: bumped by every membership or ring-config change (compare-and-set).
    public var epoch: Int64 = 0
    public var config = RingConfig()
    public var updatedAt: String = ""
    public var updatedBy: String = ""

    public init() {}

    public static func decode(_ fields: [(String, String)]) -> RingState {
        var s = RingState()
        for (k, v) in fields {
            switch k {
            case "epoch": s.epoch = Int64(v) ?? 0
            case "algorithm": s.config.algorithm = RingAlgorithm(rawValue: v) ?? .murmur3
            case "seed": s.config.seed = UInt32(v) ?? 0
            case "pointsPerCapacity": s.config.pointsPerCapacity = Int(v) ?? 150
            case "loadFactor": s.config.loadFactor = v.isEmpty ? nil : Double(v)
            case "updatedAt": s.updatedAt = v
            case "updatedBy": s.updatedBy = v
            default: break
            }
        }
        return s
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
    public let redis: RedisConnection
    public let keys: Keyspace

    public init(redis: RedisConnection, keys: Keyspace) {
        self.redis = redis
        self.keys = keys
    }

    public func ringState() throws(RedisError) -> RingState {
        RingState.decode(try redis.command(["HGETALL", keys.ringHash]).orThrow().pairs ?? [])
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
        let replies = try redis.pipeline(sorted.flatMap { [["HGETALL", keys.nodeHash($0)], ["PTTL", keys.nodeHeartbeat($0)]] })
        for (n, id) in sorted.enumerated() {
            guard let pairs = replies[2 * n].pairs, !pairs.isEmpty else {
                snapshot.dangling.append(id)
                continue
            }
            snapshot.nodes.append(NodeRecord.decode(id: id, fields: pairs, pttl: replies[2 * n + 1].int))
        }
        return snapshot
    }

    /// What `apply` did.
    public enum Outcome: Sendable, Equatable {
        case applied(epoch: Int64)
        /// Nothing differed; the epoch was not bumped.
        case unchanged(epoch: Int64)
    }

    /// Applies `change` atomically if the epoch is still `expectedEpoch` (nil = whatever it is),
    /// bumping it and publishing the event. A different epoch throws `ClusterError.conflict`.
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
            case .ttl(let ms): heartbeat = (String(Timestamp.nowMillis()), String(max(1, ms)))
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
            let from = try previous?.status.rawValue ?? redis.command(["HGET", keys.nodeHash(id), "status"]).string
            data = .object([("from", JSONValue(from)), ("to", .string(status.rawValue))])
        case .configure(let config):
            do { try config.validate() } catch { throw ClusterError.invalid("ring config: \(error)") }
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
        guard let parts = reply.array, parts.count == 2, let verdict = parts[0].string, let epoch = parts[1].int else {
            throw RedisError(.protocolError, "unexpected reply from the membership script")
        }
        switch verdict {
        case "ok": return .applied(epoch: epoch)
        case "noop": return .unchanged(epoch: epoch)
        case "missing": throw ClusterError.notFound("node '\(id)' is not registered", hint: "loomctl ring show lists the nodes")
        default:
            throw ClusterError.conflict("ring epoch changed from \(expectedEpoch ?? -1) to \(epoch) while planning; rerun",
                hint: "another operator or agent changed the membership; `loomctl ring show` shows the new table")
        }
    }

    /// KEYS: ring hash, all set, node hash, node heartbeat.
    /// ARGV: op, expected epoch ('' = any), node id, updatedAt, updatedBy, channel, event head, event tail,
    /// heartbeat value ('' = leave), heartbeat PX ('0' = no expiry), then field/value pairs.
    static let changeScript = RedisScript(
        """
        local cur = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0') or 0
        if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= cur then return {'conflict', cur} end
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
            args: [String(now), String(max(1, ttlMillis)), "lastHeartbeat", Timestamp.iso(millis: now)] + fields).orThrow()
        return reply.int == 1
    }

    static let heartbeatScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return 1
        """)
}
