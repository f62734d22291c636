/// Cursor-based iteration (SCAN / SSCAN / HSCAN) in bounded batches, so listings never
/// hold the whole keyspace in memory and never block the server like KEYS or SMEMBERS.
extension RedisConnection {
    /// Calls `body` with each batch of keys until the cursor wraps or `body` returns false.
    public func scanKeys(
        match: String?, count: Int, type: String?,
        _ body: ([String]) throws(RedisError) -> Bool
    ) throws(RedisError) {
        var cursor = "0"
        repeat {
            let (next, keys) = try scanStep(try send(.scan(cursor: cursor, match: match, count: count, type: type)))
            cursor = next
            if !keys.isEmpty, try !body(keys) { return }
        } while cursor != "0"
    }

    /// SSCAN over a set's members.
    public func scanSet(_ key: String, match: String?, count: Int, _ body: ([String]) throws(RedisError) -> Bool)
        throws(RedisError)
    {
        var cursor = "0"
        repeat {
            let (next, members) = try scanStep(try send(.sscan(key, cursor: cursor, match: match, count: count)))
            cursor = next
            if !members.isEmpty, try !body(members) { return }
        } while cursor != "0"
    }

    private func scanStep(_ reply: RedisReply) throws(RedisError) -> (String, [String]) {
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
            throw RedisError(.protocolError, "unexpected SCAN reply")
        }
        return (next, items.compactMap(\.string))
    }
}

/// A Lua script run with EVALSHA, loading it on NOSCRIPT (after a server restart or SCRIPT FLUSH).
public struct RedisScript: Sendable {
    public let source: String
    public init(_ source: String) { self.source = source }
}

extension RedisConnection {
    public func eval(_ script: RedisScript, keys: [String], args: [String]) throws(RedisError) -> RedisReply {
        let keys = keys.map { Array($0.utf8) }
        let args = args.map { Array($0.utf8) }
        let sha = try scriptSHA(script, reload: false)
        do {
            return try send(.evalsha(Array(sha.utf8), keys: keys, args: args))
        } catch where error.reason == .noScript {
            let fresh = try scriptSHA(script, reload: true)
            return try send(.evalsha(Array(fresh.utf8), keys: keys, args: args))
        }
    }

    /// Queues EVALSHA for each call in one pipeline (used by bulk cleanup); on NOSCRIPT the script
    /// is loaded again and the whole pipeline rerun (every script is idempotent per call or
    /// re-checks its preconditions).
    public func evalPipeline(_ script: RedisScript, calls: [RedisScriptCall]) throws(RedisError) -> [RedisReply] {
        let sha = Array(try scriptSHA(script, reload: false).utf8)
        let replies = try pipeline(count: calls.count, command: { RedisCommand.evalsha(sha, keys: calls[$0].keys, args: calls[$0].args) },
            decode: { $0 })
        if replies.contains(where: { $0.errorText?.hasPrefix("NOSCRIPT") == true }) {
            let fresh = Array(try scriptSHA(script, reload: true).utf8)
            return try pipeline(count: calls.count, command: { RedisCommand.evalsha(fresh, keys: calls[$0].keys, args: calls[$0].args) },
                decode: { $0 })
        }
        return replies
    }

    private func scriptSHA(_ script: RedisScript, reload: Bool) throws(RedisError) -> String {
        if !reload, let sha = cachedSHA(script.source) { return sha }
        guard let sha = try command(["SCRIPT", "LOAD", script.source]).string else {
            throw RedisError(.protocolError, "SCRIPT LOAD returned no SHA1")
        }
        storeSHA(sha, for: script.source)
        return sha
    }
}
