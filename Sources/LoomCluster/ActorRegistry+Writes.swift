import LoomCore
import LoomRedis

/// What `actors register` writes (contract §1.3, §1.5).
public struct ActorRegistration: Sendable {
    public var id: String
    public var type: String
    public var workerId: String
    public var status: String
    public var messageCount: Int64
    /// Raw metadata JSON, or "" for none (Loom writes the empty string).
    public var metadata: String
    public var lastHeartbeatMillis: Int64

    public init(id: String, type: String, workerId: String, status: String = "idle", messageCount: Int64 = 0,
        metadata: String = "", lastHeartbeatMillis: Int64 = Timestamp.nowMillis())
    {
        self.id = id
        self.type = type
        self.workerId = workerId
        self.status = status
        self.messageCount = messageCount
        self.metadata = metadata
        self.lastHeartbeatMillis = lastHeartbeatMillis
    }

    /// HSET arguments in Loom's field order.
    public func hashFields() -> [String] {
        [
            "actorId", id, "actorType", type, "workerId", workerId, "status", status,
            "lastHeartbeat", Timestamp.iso(millis: lastHeartbeatMillis), "messageCount", String(messageCount),
            "metadata", metadata,
        ]
    }
}

extension ActorRegistry {
    /// Loom's default heartbeat TTL (seconds).
    public static let defaultHeartbeatTTL = 300

    /// Rejects ids that would land on an index or heartbeat key (§10 item 1) and values Loom would misread.
    public func validate(_ reg: ActorRegistration) throws(ClusterError) {
        try validateID(reg.id)
        guard !reg.type.isEmpty else { throw ClusterError.invalid("actor type must not be empty") }
        guard ActorRecord.validStatuses.contains(reg.status) else {
            throw ClusterError.invalid("status '\(reg.status)' is not one of active, idle, busy")
        }
        if !reg.metadata.isEmpty {
            do { _ = try JSONValue.parse(reg.metadata) } catch {
                throw ClusterError.invalid("metadata is not valid JSON: \(error.message)")
            }
        }
    }

    public func validateID(_ id: String) throws(ClusterError) {
        guard !id.isEmpty else { throw ClusterError.invalid("actor id must not be empty") }
        if id == "all" || id.hasPrefix("type:") || id.hasPrefix("heartbeat:") {
            throw ClusterError.invalid("actor id '\(id)' collides with the registry's own key \(keys.actorHash(id))",
                hint: "ids 'all', 'type:*' and 'heartbeat:*' break Loom's registry (loom-wire-contract §10.1)")
        }
    }

    /// register(): Loom's HSET + SADD type + SADD all + SETEX heartbeat, made atomic with MULTI,
    /// then the `actor:registered` event with the metadata as `data`.
    public func register(_ reg: ActorRegistration, heartbeatTTL: Int = defaultHeartbeatTTL, publish: Bool = true) throws {
        try validate(reg)
        var commands: [[String]] = [
            ["MULTI"],
            ["HSET", keys.actorHash(reg.id)] + reg.hashFields(),
            ["SADD", keys.typeSet(reg.type), reg.id],
            ["SADD", keys.allSet, reg.id],
            ["SETEX", keys.heartbeat(reg.id), String(heartbeatTTL), String(reg.lastHeartbeatMillis)],
            ["EXEC"],
        ]
        if publish {
            let data = reg.metadata.isEmpty ? nil : try? JSONValue.parse(reg.metadata)
            commands.append(LifecycleEvent(type: LifecycleEvent.registered, actorId: reg.id, actorType: reg.type,
                workerId: reg.workerId, timestamp: Timestamp.iso(millis: Timestamp.nowMillis()), data: data).publishCommand)
        }
        let replies = try redis.pipeline(commands)
        try Self.checkExec(replies[5], queued: Array(replies[1...4]))
    }

    /// Surfaces a WRONGTYPE (or any error) from inside MULTI/EXEC.
    static func checkExec(_ exec: RedisReply, queued: [RedisReply]) throws(RedisError) {
        for q in queued { if let e = q.errorText { throw RedisError.fromServer(e) } }
        if let e = exec.errorText { throw RedisError.fromServer(e) }
        for r in exec.array ?? [] { if let e = r.errorText { throw RedisError.fromServer(e) } }
    }

    static let heartbeatScript = RedisScript(
        """
        if ARGV[4] ~= '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'lastHeartbeat', ARGV[1])
        redis.call('SETEX', KEYS[2], ARGV[2], ARGV[3])
        return 1
        """)

    /// heartbeat(): HSET lastHeartbeat + SETEX. Unlike Loom, an unknown id is refused (it would
    /// create a zombie partial hash, §10 item 3) unless `allowMissing` reproduces Loom exactly.
    /// Returns false when the actor does not exist.
    @discardableResult
    public func heartbeat(_ id: String, ttl: Int = defaultHeartbeatTTL, allowMissing: Bool = false) throws -> Bool {
        try validateID(id)
        let now = Timestamp.nowMillis()
        let r = try redis.eval(Self.heartbeatScript, keys: [keys.actorHash(id), keys.heartbeat(id)],
            args: [Timestamp.iso(millis: now), String(ttl), String(now), allowMissing ? "1" : "0"])
        return r.int == 1
    }

    static let statusScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('HSET', KEYS[1], 'status', ARGV[1])
        return redis.call('HMGET', KEYS[1], 'actorType', 'workerId')
        """)

    /// updateStatus(): HSET status, then `actor:status-changed` with `{status}`. Returns false if unknown.
    @discardableResult
    public func setStatus(_ id: String, _ status: String, publish: Bool = true) throws -> Bool {
        try validateID(id)
        guard ActorRecord.validStatuses.contains(status) else {
            throw ClusterError.invalid("status '\(status)' is not one of active, idle, busy")
        }
        let r = try redis.eval(Self.statusScript, keys: [keys.actorHash(id)], args: [status])
        guard let fields = r.array else { return false }
        if publish {
            _ = try redis.command(LifecycleEvent(type: LifecycleEvent.statusChanged, actorId: id,
                actorType: fields.first?.string ?? "", workerId: fields.dropFirst().first?.string ?? "",
                timestamp: Timestamp.iso(millis: Timestamp.nowMillis()), data: .object([("status", .string(status))])).publishCommand)
        }
        return true
    }

    static let unregisterScript = RedisScript(
        """
        local t = redis.call('HMGET', KEYS[1], 'actorType', 'workerId')
        local existed = redis.call('EXISTS', KEYS[1])
        redis.call('DEL', KEYS[1], KEYS[2])
        local removed = redis.call('SREM', KEYS[3], ARGV[2])
        if t[1] then redis.call('SREM', ARGV[1] .. t[1], ARGV[2]) end
        return {existed, removed, t[1] or '', t[2] or ''}
        """)

    public enum UnregisterResult: Sendable, Equatable {
        case removed(type: String, worker: String)
        /// The hash was gone but the id was still in `P:all`: the dangling entry was removed.
        case repairedDangling
        case notFound
    }

    /// unregister(): DEL hash + heartbeat, SREM both sets, then `actor:unregistered`, atomically.
    /// A WRONGTYPE collision is thrown, never deleted.
    public func unregister(_ id: String, publish: Bool = true) throws -> UnregisterResult {
        let r = try redis.eval(Self.unregisterScript, keys: [keys.actorHash(id), keys.heartbeat(id), keys.allSet],
            args: [keys.actorBase + ":type:", id])
        guard let items = r.array, items.count == 4 else { throw RedisError(.protocolError, "unexpected unregister reply") }
        let type = items[2].string ?? "", worker = items[3].string ?? ""
        if items[0].int == 1 {
            if publish {
                _ = try redis.command(LifecycleEvent(type: LifecycleEvent.unregistered, actorId: id, actorType: type,
                    workerId: worker, timestamp: Timestamp.iso(millis: Timestamp.nowMillis())).publishCommand)
            }
            return .removed(type: type, worker: worker)
        }
        return items[1].int == 1 ? .repairedDangling : .notFound
    }
}
