/// Cursor-based iteration (SCAN / SSCAN / HSCAN) in bounded batches, so listings never
/// hold the whole keyspace in memory and never block the server like KEYS or SMEMBERS.
extension RedisConnection {
    /// Calls `body` with each batch of keys until the cursor wraps or `body` returns false.
    public func scan(
        match: String? = nil, count: Int = 1000, type: String? = nil,
        _ body: ([String]) throws(RedisError) -> Bool
    ) throws(RedisError) {
        var cursor = "0"
        repeat {
            var args = ["SCAN", cursor]
            if let match { args += ["MATCH", match] }
            args += ["COUNT", String(count)]
            if let type { args += ["TYPE", type] }
            let (next, keys) = try scanStep(try command(args))
            cursor = next
            if !keys.isEmpty, try !body(keys) { return }
        } while cursor != "0"
    }

    /// SSCAN over a set's members.
    public func sscan(_ key: String, match: String? = nil, count: Int = 1000, _ body: ([String]) throws(RedisError) -> Bool)
        throws(RedisError)
    {
        var cursor = "0"
        repeat {
            var args = ["SSCAN", key, cursor]
            if let match { args += ["MATCH", match] }
            args += ["COUNT", String(count)]
            let (next, members) = try scanStep(try command(args))
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
        let sha = try scriptSHA(script, reload: false)
        let tail = [String(keys.count)] + keys + args
        do {
            return try command(["EVALSHA", sha] + tail)
        } catch where error.reason == .noScript {
            let fresh = try scriptSHA(script, reload: true)
            return try command(["EVALSHA", fresh] + tail)
        }
    }

    /// Queues EVALSHA for each argument set in one pipeline (used by bulk cleanup).
    public func evalPipeline(_ script: RedisScript, calls: [(keys: [String], args: [String])]) throws(RedisError) -> [RedisReply] {
        let sha = try scriptSHA(script, reload: false)
        let commands = calls.map { ["EVALSHA", sha, String($0.keys.count)] + $0.keys + $0.args }
        let replies = try pipeline(commands)
        if replies.contains(where: { $0.errorText?.hasPrefix("NOSCRIPT") == true }) {
            _ = try scriptSHA(script, reload: true)
            return try pipeline(commands)
        }
        return replies
    }

    /// The binary-safe form: keys and arguments are bytes (ids that are not UTF-8).
    public func evalPipeline(_ script: RedisScript, byteCalls calls: [(keys: [[UInt8]], args: [[UInt8]])]) throws(RedisError) -> [RedisReply] {
        let sha = Array(try scriptSHA(script, reload: false).utf8)
        let name = Array("EVALSHA".utf8)
        let commands = calls.map { [name, sha, Array(String($0.keys.count).utf8)] + $0.keys + $0.args }
        let replies = try pipeline(bytes: commands)
        if replies.contains(where: { $0.errorText?.hasPrefix("NOSCRIPT") == true }) {
            let fresh = Array(try scriptSHA(script, reload: true).utf8)
            return try pipeline(bytes: commands.map { [$0[0], fresh] + $0[2...] })
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
