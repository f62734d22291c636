import Foundation
import LoomCore
import LoomKeyspace
import LoomRedis

/// `LLMStore` on Redis, shared by every loomctl process pointed at the same Redis.
///
/// Keys (each behind the caller's transparent key prefix, the ioredis `keyPrefix` equivalent):
/// - `loomctl:llm:cache:{sha256hex}`: string, the cached reply as JSON, `SET … EX ttl`.
/// - `loomctl:llm:usage:{YYYY-MM-DD}`: hash, fields `{provider}|{model}|requests|input|output|
///   cachedInput|costMicroUSD|cacheHits`, incremented with pipelined HINCRBY (no expiry: it is the ledger).
/// - `loomctl:llm:spend:{YYYY-MM-DD}`: integer micro-USD; reservations go through a Lua script so two
///   processes cannot both squeeze under the budget; expires after 7 days.
public final class RedisLLMStore: LLMStore, @unchecked Sendable {
    private let connection: any RedisClient
    private let keys: Keyspace
    private let lock = NSLock()

    /// `connection` is used under a lock (one command or pipeline at a time). Keys come from
    /// `Keyspace`, the one place keys are built.
    public init(connection: any RedisClient, keys: Keyspace) {
        self.connection = connection
        self.keys = keys
    }

    public convenience init(connection: any RedisClient, keyPrefix: String = "") {
        self.init(connection: connection, keys: Keyspace(keyPrefix: keyPrefix))
    }

    private func command(_ command: RedisCommand) throws(LLMError) -> RedisReply {
        lock.lock()
        defer { lock.unlock() }
        do { return try connection.send(command) } catch { throw Self.wrap(error) }
    }

    private func pipeline(_ commands: [RedisCommand]) throws(LLMError) -> [RedisReply] {
        lock.lock()
        defer { lock.unlock() }
        let replies: [RedisReply]
        do { replies = try connection.pipeline(commands) } catch { throw Self.wrap(error) }
        for r in replies { if case .error(let e) = r { throw LLMError(.storeUnavailable, "redis: \(e)") } }
        return replies
    }

    static func wrap(_ e: RedisError) -> LLMError {
        LLMError(.storeUnavailable, "redis: \(e.message)", hint: e.hint)
    }

    public func cachedResponse(key sha: String) throws(LLMError) -> ChatResponse? {
        guard let text = try command(.get(keys.llmCache(sha))).string else { return nil }
        return CacheCodec.decode(text)
    }

    public func storeResponse(_ response: ChatResponse, key sha: String, ttlSeconds: Int) throws(LLMError) {
        _ = try command(.set(keys.llmCache(sha), CacheCodec.encode(response), "EX", String(max(1, ttlSeconds))))
    }

    public func recordUsage(
        day: String, provider: String, model: String, usage: TokenUsage, costMicroUSD: Int64, cacheHit: Bool
    ) throws(LLMError) {
        let h = keys.llmUsage(day)
        let p = "\(provider)|\(model)|"
        if cacheHit {
            _ = try pipeline([RedisCommand("HINCRBY", key: h, p + "cacheHits", "1")])
            return
        }
        _ = try pipeline([
            RedisCommand("HINCRBY", key: h, p + "requests", "1"),
            RedisCommand("HINCRBY", key: h, p + "input", String(usage.input)),
            RedisCommand("HINCRBY", key: h, p + "output", String(usage.output)),
            RedisCommand("HINCRBY", key: h, p + "cachedInput", String(usage.cachedInput)),
            RedisCommand("HINCRBY", key: h, p + "costMicroUSD", String(costMicroUSD)),
        ])
    }

    public func usage(day: String) throws(LLMError) -> [UsageRecord] {
        let items = try command(.hgetall(keys.llmUsage(day))).array ?? []
        var hash: [String: Int64] = [:]
        var i = 0
        while i + 1 < items.count {
            if let f = items[i].string, let v = items[i + 1].string.flatMap({ Int64($0) }) { hash[f] = v }
            i += 2
        }
        return UsageLedger.records(fromHash: hash)
    }

    public func spentMicroUSD(day: String) throws(LLMError) -> Int64 {
        try command(.get(keys.llmSpend(day))).string.flatMap { Int64($0) } ?? 0
    }

    static let reserveScript = RedisScript(
        """
        local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
        local add = tonumber(ARGV[1])
        if cur + add > tonumber(ARGV[2]) then return 0 end
        redis.call('INCRBY', KEYS[1], add)
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return 1
        """)

    public func reserveSpend(day: String, microUSD: Int64, limitMicroUSD: Int64) throws(LLMError) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        do {
            let r = try connection.eval(Self.reserveScript, keys: [keys.llmSpend(day)],
                args: [String(microUSD), String(limitMicroUSD), String(LLMKeys.spendTTLSeconds)]).orThrow()
            return r.int == 1
        } catch {
            throw Self.wrap(error)
        }
    }

    public func adjustSpend(day: String, deltaMicroUSD: Int64) throws(LLMError) {
        let k = keys.llmSpend(day)
        _ = try pipeline([RedisCommand("INCRBY", key: k, String(deltaMicroUSD)), RedisCommand("EXPIRE", key: k, String(LLMKeys.spendTTLSeconds))])
    }
}
