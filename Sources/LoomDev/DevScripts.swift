import LoomCore
import LoomRedis
import LoomRegistry

/// The Lua scripts of the dev cluster (docs/keyspace.md, "Dev cluster hand-over").
///
/// Every registry write of a dev node compares `workerId` inside one script, so two nodes can
/// never both believe they host an actor: a claim succeeds only when the actor is absent, already
/// ours, or its heartbeat key has expired; heartbeats, status updates and releases touch the
/// actor only while its `workerId` is still the caller.
public enum DevScripts {
    /// KEYS: hash, type set, all set, heartbeat. ARGV: node, type, ttl s, heartbeat ms, ISO now,
    /// actor id, event payload, channel, metadata.
    static let claim = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'set'}, {KEYS[3], 'set'}, {KEYS[4], 'string'}})
        if bad then return bad end
        local w = redis.call('HGET', KEYS[1], 'workerId')
        if w and w ~= ARGV[1] and redis.call('EXISTS', KEYS[4]) == 1 then return {'held', w} end
        local old = redis.call('HGET', KEYS[1], 'actorType')
        if old and old ~= ARGV[2] then return {'conflict', old} end
        local mc = redis.call('HGET', KEYS[1], 'messageCount')
        if not mc or not is_int64(mc) then mc = '0' end
        redis.call('HSET', KEYS[1], 'actorId', ARGV[6], 'actorType', ARGV[2], 'workerId', ARGV[1], 'status', 'idle',
          'lastHeartbeat', ARGV[5], 'messageCount', mc, 'metadata', ARGV[9])
        redis.call('SADD', KEYS[2], ARGV[6])
        redis.call('SADD', KEYS[3], ARGV[6])
        redis.call('SET', KEYS[4], ARGV[4], 'EX', ARGV[3])
        if w ~= ARGV[1] then redis.call('PUBLISH', ARGV[8], ARGV[7]) end
        return {'ok', w or ''}
        """)

    /// KEYS: hash, heartbeat. ARGV: node, ISO now, ttl s, now ms. 1 = still ours, 0 = lost.
    static let heartbeat = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'string'}})
        if bad then return bad end
        if redis.call('HGET', KEYS[1], 'workerId') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'lastHeartbeat', ARGV[2])
        redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[3])
        return 1
        """)

    /// KEYS: hash, heartbeat, all set, the hosted type's set. ARGV: node, hosted type, actor id,
    /// channel, event payload. A hash that names another type than the node hosts is left alone
    /// (0), so every key the script touches is in KEYS.
    static let release = RedisScript(
        """
        \(LuaGuards.typeGuard)
        local bad = check_types({{KEYS[1], 'hash'}, {KEYS[2], 'string'}, {KEYS[3], 'set'}})
        if bad then return bad end
        if redis.call('HGET', KEYS[1], 'workerId') ~= ARGV[1] then return 0 end
        local t = redis.call('HGET', KEYS[1], 'actorType')
        if t and t ~= ARGV[2] then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[3])
        if t then
          bad = check_types({{KEYS[4], 'set'}})
          if not bad then redis.call('SREM', KEYS[4], ARGV[3]) end
        end
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return 1
        """)

    /// BullMQ moveToActive, reduced: RPOPLPUSH wait → active, processedOn, lock, `active` event;
    /// the chosen actor (if still ours) becomes busy and counts the message.
    /// KEYS: wait, active, events, actor hash. ARGV: job key prefix, now ms, lock token, lock ms, node.
    static let take = RedisScript(
        """
        local id = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
        if not id then return false end
        local jk = ARGV[1] .. id
        redis.call('HSET', jk, 'processedOn', ARGV[2])
        redis.call('SET', jk .. ':lock', ARGV[3], 'PX', ARGV[4])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', '10000', '*', 'event', 'active', 'jobId', id, 'prev', 'waiting')
        if redis.call('TYPE', KEYS[4]).ok == 'hash' and redis.call('HGET', KEYS[4], 'workerId') == ARGV[5] then
          redis.call('HSET', KEYS[4], 'status', 'busy')
          redis.call('HINCRBY', KEYS[4], 'messageCount', 1)
        end
        return id
        """)

    /// BullMQ moveToFinished, reduced (job options `removeOnComplete`/`removeOnFail` honoured), plus
    /// Loom's `recordFailure` on a failure (contract §8: INCR failures, lastFailure; OPEN at the
    /// threshold from `circuit:{type}:config`, default 5; a failure in HALF_OPEN re-opens).
    /// KEYS: active, job hash, completed, failed, events, actor hash, wait, job lock, then the
    /// breaker's config, failures, lastFailure and state keys. ARGV: job id, now ms, '1' ok /
    /// '0' failed, node, failed reason. The one key not in KEYS is a retention removal of older
    /// jobs (BullMQ's own scripts do the same; their keys share the queue's slot under a hash tag).
    static let finish = RedisScript(
        """
        redis.call('LREM', KEYS[1], -1, ARGV[1])
        redis.call('DEL', KEYS[8])
        local rmc, rmf = true, false
        local opts = redis.call('HGET', KEYS[2], 'opts')
        if opts then
          local ok, o = pcall(cjson.decode, opts)
          if ok and type(o) == 'table' then
            if o.removeOnComplete ~= nil then rmc = o.removeOnComplete end
            if o.removeOnFail ~= nil then rmf = o.removeOnFail end
          end
        end
        local function settle(zset, rm)
          if rm == true then redis.call('DEL', KEYS[2]) return end
          redis.call('ZADD', zset, ARGV[2], ARGV[1])
          if type(rm) == 'number' and rm >= 0 then
            local extra = redis.call('ZCARD', zset) - rm
            if extra > 0 then
              local old = redis.call('ZRANGE', zset, 0, extra - 1)
              for _, j in ipairs(old) do redis.call('DEL', string.sub(KEYS[2], 1, #KEYS[2] - #ARGV[1]) .. j) end
              redis.call('ZREMRANGEBYRANK', zset, 0, extra - 1)
            end
          end
        end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('HINCRBY', KEYS[2], 'attemptsMade', 1)
          redis.call('HSET', KEYS[2], 'finishedOn', ARGV[2])
        end
        if ARGV[3] == '1' then
          if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HSET', KEYS[2], 'returnvalue', 'null') end
          settle(KEYS[3], rmc)
          redis.call('XADD', KEYS[5], 'MAXLEN', '~', '10000', '*', 'event', 'completed', 'jobId', ARGV[1], 'returnvalue', 'null')
        else
          if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HSET', KEYS[2], 'failedReason', ARGV[5]) end
          settle(KEYS[4], rmf)
          redis.call('XADD', KEYS[5], 'MAXLEN', '~', '10000', '*', 'event', 'failed', 'jobId', ARGV[1], 'failedReason', ARGV[5])
          local threshold = 5
          local cfg = redis.call('GET', KEYS[9])
          if cfg then
            local ok, c = pcall(cjson.decode, cfg)
            if ok and type(c) == 'table' and type(c.failureThreshold) == 'number' then threshold = c.failureThreshold end
          end
          local n = redis.call('INCR', KEYS[10])
          redis.call('SET', KEYS[11], ARGV[2])
          local state = redis.call('GET', KEYS[12])
          if state == 'HALF_OPEN' or n >= threshold then redis.call('SET', KEYS[12], 'OPEN') end
        end
        if redis.call('TYPE', KEYS[6]).ok == 'hash' and redis.call('HGET', KEYS[6], 'workerId') == ARGV[4] then
          local s = 'idle'
          if redis.call('LLEN', KEYS[7]) > 0 then s = 'active' end
          redis.call('HSET', KEYS[6], 'status', s)
        end
        return 1
        """)

    /// BullMQ addJob for a standard job: hash, LPUSH wait (or paused), marker, `added`/`waiting`
    /// events. An existing job id is a no-op, as in BullMQ. KEYS: wait, paused, meta, marker,
    /// events, job hash. ARGV: job id, name, data, opts, timestamp ms.
    static let enqueue = RedisScript(
        """
        if redis.call('EXISTS', KEYS[6]) == 1 then return 0 end
        redis.call('HSET', KEYS[6], 'name', ARGV[2], 'data', ARGV[3], 'opts', ARGV[4], 'timestamp', ARGV[5], 'delay', '0', 'priority', '0')
        if redis.call('HEXISTS', KEYS[3], 'paused') == 1 then
          redis.call('LPUSH', KEYS[2], ARGV[1])
        else
          redis.call('LPUSH', KEYS[1], ARGV[1])
          redis.call('ZADD', KEYS[4], 0, '0')
        end
        redis.call('XADD', KEYS[5], 'MAXLEN', '~', '10000', '*', 'event', 'added', 'jobId', ARGV[1], 'name', ARGV[2])
        redis.call('XADD', KEYS[5], 'MAXLEN', '~', '10000', '*', 'event', 'waiting', 'jobId', ARGV[1])
        return 1
        """)
}
