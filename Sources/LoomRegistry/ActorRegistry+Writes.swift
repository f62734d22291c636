import LoomCore
import LoomRedis
import LoomKeyspace

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
    /// Heartbeat TTLs loomctl writes: 1 s … 1 year. Redis rejects far larger EX values, and a
    /// rejected SETEX would otherwise fail a write halfway; longer than a year is not a heartbeat.
    public static let heartbeatTTLRange = 1...31_536_000

    /// What `register` does when the id is registered under another type.
    public enum TypeChange: String, Sendable {
        /// Refuse with a conflict (exit 6): the default, so two registrations racing under two
        /// types cannot both succeed.
        case refuse
        /// Move the id: SREM it from the old type's set in the same script (`--retype`).
        case move
    }

    /// Rejects ids that would land on an index or heartbeat key (§10 item 1) and values Loom would misread.
    public func validate(_ reg: ActorRegistration) throws(RegistryError) {
        try validateID(reg.id)
        guard !reg.type.isEmpty else { throw RegistryError.invalid("actor type must not be empty") }
        guard ActorRecord.validStatuses.contains(reg.status) else {
            throw RegistryError.invalid("status '\(reg.status)' is not one of active, idle, busy")
        }
        if !reg.metadata.isEmpty {
            do { _ = try JSONValue.parse(reg.metadata) } catch {
                throw RegistryError.invalid("metadata is not valid JSON: \(error.message)")
            }
        }
    }

    public func validateID(_ id: String) throws(RegistryError) {
        guard !id.isEmpty else { throw RegistryError.invalid("actor id must not be empty") }
        if id == "all" || id.hasPrefix("type:") || id.hasPrefix("heartbeat:") {
            throw RegistryError.invalid("actor id '\(id)' collides with the registry's own key \(keys.actorHash(id))",
                hint: "ids 'all', 'type:*' and 'heartbeat:*' break Loom's registry (loom-wire-contract §10.1)")
        }
    }

    static func validateTTL(_ ttl: Int) throws(RegistryError) {
        guard heartbeatTTLRange.contains(ttl) else {
            throw RegistryError.invalid("heartbeat TTL \(ttl) s is out of range \(heartbeatTTLRange.lowerBound)…\(heartbeatTTLRange.upperBound) s")
        }
    }

    /// KEYS: hash, type set, all set, heartbeat, and (when moving) the old type's set. ARGV: id,
    /// type, ttl, heartbeat value, mode ('refuse'|'move'), the old type the caller expects, channel,
    /// event payload ('' = none), then HSET pairs. Every key is in KEYS (Redis Cluster): a move
    /// whose old type the caller did not pass returns `{'retry', old}` before any write.
    static let registerScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'set'}, {KEYS[3], 'set'}, {KEYS[4], 'string'}})
        if bad then return bad end
        local old = redis.call('HGET', KEYS[1], 'actorType')
        if old and old ~= ARGV[2] then
          if ARGV[5] ~= 'move' then return {'conflict', old} end
          if old ~= ARGV[6] or #KEYS < 5 then return {'retry', old} end
          bad = check_types({{KEYS[5], 'set'}})
          if bad then return bad end
          redis.call('SREM', KEYS[5], ARGV[1])
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 9, #ARGV))
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('SET', KEYS[4], ARGV[4], 'EX', ARGV[3])
        if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[7], ARGV[8]) end
        return {'ok', old or ''}
        """)

    /// register(): Loom's HSET + SADD type + SADD all + SETEX heartbeat and the `actor:registered`
    /// event (metadata as `data`), in ONE script: every key's type is checked before the first
    /// write, so it applies entirely or not at all, and two registrations of one id cannot
    /// interleave. An id registered under another type is refused (conflict) unless `typeChange`
    /// is `.move`, which also removes it from the old type's set (Loom never does, §10 item 8a).
    /// Returns the previous type when it was moved ("" otherwise).
    @discardableResult
    public func register(_ reg: ActorRegistration, heartbeatTTL: Int = defaultHeartbeatTTL, publish: Bool = true,
        typeChange: TypeChange = .refuse) throws -> String
    {
        try validate(reg)
        try Self.validateTTL(heartbeatTTL)
        var event = ""
        if publish {
            let data = reg.metadata.isEmpty ? nil : try? JSONValue.parse(reg.metadata)
            event = LifecycleEvent(type: LifecycleEvent.registered, actorId: reg.id, actorType: reg.type,
                workerId: reg.workerId, timestamp: Timestamp.iso(millis: Timestamp.nowMillis()), data: data).json().serialized()
        }
        var expectedOld: String? = nil
        var attempt = 0
        var reply: RedisReply
        var parts: [RedisReply]
        var verdict: String
        repeat {
            var k = [keys.actorHash(reg.id), keys.typeSet(reg.type), keys.allSet, keys.heartbeat(reg.id)]
            if let expectedOld { k.append(keys.typeSet(expectedOld)) }
            reply = try redis.eval(Self.registerScript, keys: k,
                args: [reg.id, reg.type, String(heartbeatTTL), String(reg.lastHeartbeatMillis), typeChange.rawValue,
                    expectedOld ?? "", Keyspace.actorEventsChannel, event] + reg.hashFields()).orThrow()
            try LuaGuards.throwIfWrongType(reply, in: RegistryDomain.self)
            guard let p = reply.array, p.count == 2, let v = p[0].string else {
                throw RedisError(.protocolError, "unexpected reply from the register script")
            }
            parts = p
            verdict = v
            expectedOld = p[1].string
            attempt += 1
        } while verdict == "retry" && attempt < 5
        if verdict == "retry" {
            throw RegistryError.conflict("actor '\(reg.id)' changed type during the registration; nothing was written",
                hint: "run the command again")
        }
        let old = parts[1].string ?? ""
        if verdict == "conflict" {
            throw RegistryError.conflict(
                "actor '\(reg.id)' is registered as type '\(old)' (\(keys.actorHash(reg.id))), not '\(reg.type)'; nothing was written",
                hint: "register it again with retype to move it to '\(reg.type)' (removes it from \(keys.typeSet(old))), or unregister it first")
        }
        return old == reg.type ? "" : old
    }

    static let heartbeatScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'string'}})
        if bad then return bad end
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
        try Self.validateTTL(ttl)
        let now = Timestamp.nowMillis()
        let r = try redis.eval(Self.heartbeatScript, keys: [keys.actorHash(id), keys.heartbeat(id)],
            args: [Timestamp.iso(millis: now), String(ttl), String(now), allowMissing ? "1" : "0"]).orThrow()
        try LuaGuards.throwIfWrongType(r, in: RegistryDomain.self)
        return r.int == 1
    }

    static let statusScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}})
        if bad then return bad end
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('HSET', KEYS[1], 'status', ARGV[1])
        return {'ok', redis.call('HMGET', KEYS[1], 'actorType', 'workerId')}
        """)

    /// updateStatus(): HSET status, then `actor:status-changed` with `{status}`. Returns false if
    /// unknown. A hash without actorType/workerId publishes the event without them, as Loom does (§10 8c).
    @discardableResult
    public func setStatus(_ id: String, _ status: String, publish: Bool = true) throws -> Bool {
        try validateID(id)
        guard ActorRecord.validStatuses.contains(status) else {
            throw RegistryError.invalid("status '\(status)' is not one of active, idle, busy")
        }
        let r = try redis.eval(Self.statusScript, keys: [keys.actorHash(id)], args: [status]).orThrow()
        try LuaGuards.throwIfWrongType(r, in: RegistryDomain.self)
        guard let parts = r.array, parts.count == 2, let fields = parts[1].array else { return false }
        if publish {
            _ = try redis.send(LifecycleEvent(type: LifecycleEvent.statusChanged, actorId: id,
                actorType: fields.first?.string, workerId: fields.dropFirst().first?.string,
                timestamp: Timestamp.iso(millis: Timestamp.nowMillis()), data: .object([("status", .string(status))])).publishCommand)
        }
        return true
    }

    /// KEYS: hash, heartbeat, all set, and the set of the type the caller read (absent when none).
    /// ARGV: that type ('' = none), id. A type changed since the read returns `{'retry', type}`.
    static let unregisterScript = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'string'}, {KEYS[3], 'set'}})
        if bad then return bad end
        local t = redis.call('HMGET', KEYS[1], 'actorType', 'workerId')
        if (t[1] or '') ~= ARGV[1] or (t[1] and #KEYS < 4) then return {'retry', t[1] or ''} end
        if t[1] then
          bad = check_types({{KEYS[4], 'set'}})
          if bad then return bad end
        end
        local existed = redis.call('EXISTS', KEYS[1])
        redis.call('DEL', KEYS[1], KEYS[2])
        local removed = redis.call('SREM', KEYS[3], ARGV[2])
        if t[1] then redis.call('SREM', KEYS[4], ARGV[2]) end
        return {existed, removed, t[1] or '', t[2] or ''}
        """)

    public enum UnregisterResult: Sendable, Equatable {
        case removed(type: String, worker: String)
        /// The hash was gone but the id was still in `P:all`: the dangling entry was removed.
        case repairedDangling
        case notFound
    }

    /// unregister(): DEL hash + heartbeat, SREM both sets, in one script that checks every key's
    /// type first (a WRONGTYPE collision is thrown, nothing deleted); then `actor:unregistered`.
    public func unregister(_ id: String, publish: Bool = true) throws -> UnregisterResult {
        // Read the type first so its set goes in KEYS; a hash of another kind is left to the script's type check.
        var readType = (try? redis.send(.hget(keys.actorHash(id), "actorType")))?.string
        var r: RedisReply = .null
        for _ in 0..<5 {
            var k = [keys.actorHash(id), keys.heartbeat(id), keys.allSet]
            if let readType { k.append(keys.typeSet(readType)) }
            r = try redis.eval(Self.unregisterScript, keys: k, args: [readType ?? "", id]).orThrow()
            try LuaGuards.throwIfWrongType(r, in: RegistryDomain.self)
            guard let items = r.array, items.count == 2, items[0].string == "retry" else { break }
            let t = items[1].string ?? ""
            readType = t.isEmpty ? nil : t
        }
        guard let items = r.array, items.count == 4 else { throw RedisError(.protocolError, "unexpected unregister reply") }
        let type = items[2].string ?? "", worker = items[3].string ?? ""
        if items[0].int == 1 {
            if publish {
                _ = try redis.send(LifecycleEvent(type: LifecycleEvent.unregistered, actorId: id, actorType: type.isEmpty ? nil : type,
                    workerId: worker.isEmpty ? nil : worker, timestamp: Timestamp.iso(millis: Timestamp.nowMillis())).publishCommand)
            }
            return .removed(type: type, worker: worker)
        }
        return items[1].int == 1 ? .repairedDangling : .notFound
    }
}
