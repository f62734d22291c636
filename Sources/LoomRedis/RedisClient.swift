/// What the libraries talk to: a Redis deployment, not one server.
///
/// `RedisConnection` is the single-node implementation. Redis Cluster and Sentinel clients
/// (issue 13) implement the same protocol: every command carries its keys (`RedisCommand`), every
/// script call names its KEYS, and the streaming pipelines say which keys they will touch
/// (`RedisKeyScope`), so a sharded client can route, split or refuse.
///
/// All calls block the calling thread (docs/architecture.md, "Blocking Redis and Swift concurrency").
public protocol RedisClient: AnyObject, Sendable {
    /// Where this client points, without credentials (for messages).
    var display: String { get }

    /// Runs one command; an error reply is thrown as a `RedisError`.
    func send(_ command: RedisCommand) throws(RedisError) -> RedisReply

    /// Runs commands as one pipeline; error replies come back in place as `.error`, in order.
    func pipeline(_ commands: [RedisCommand]) throws(RedisError) -> [RedisReply]

    /// The allocation-light pipeline: commands are produced by index and each reply decoded as it is read.
    func pipeline<T>(
        count: Int, command: (Int) -> RedisCommand, decode: (RedisReply) throws(RedisError) -> T
    ) throws(RedisError) -> [T]

    /// SCAN over the whole keyspace (every master on a cluster), in batches, until the cursor wraps
    /// or `body` returns false.
    func scanKeys(match: String?, count: Int, type: String?, _ body: ([String]) throws(RedisError) -> Bool) throws(RedisError)

    /// SSCAN over one set's members.
    func scanSet(_ key: String, match: String?, count: Int, _ body: ([String]) throws(RedisError) -> Bool) throws(RedisError)

    /// EVALSHA, loading the script on NOSCRIPT. Every key the script touches must be in `keys`.
    func eval(_ script: RedisScript, keys: [String], args: [String]) throws(RedisError) -> RedisReply

    /// EVALSHA per call in one pipeline (NOSCRIPT reloads and reruns); error replies in place.
    func evalPipeline(_ script: RedisScript, calls: [RedisScriptCall]) throws(RedisError) -> [RedisReply]

    /// A hand-driven pipeline over one server's connection (listings keep a batch in flight).
    /// `scope` says which keys the body's commands touch.
    func withPipelineStream<T>(scope: RedisKeyScope, _ body: (inout PipelineStream) throws -> T) throws -> T

    /// The raw-socket pipeline behind million-actor listings (`RESPWriter`/`RESPReader`).
    /// `scope` says which keys the body's commands touch.
    func withRawPipeline<T>(scope: RedisKeyScope, _ body: (inout RawPipeline) throws -> T) throws -> T

    /// SUBSCRIBE/PSUBSCRIBE and deliver messages until `shouldStop` says so. The client cannot run
    /// other commands meanwhile: subscribe on a client of its own (`openAnother`).
    func runSubscription(
        channels: [String], patterns: [String], pollInterval: Duration, keepAlive: Duration,
        shouldStop: () -> Bool, onMessage: (_ channel: String, _ payload: [UInt8]) -> Void
    ) throws(RedisError)

    /// A new client to the same deployment with the same settings (for subscribers and threads
    /// that must not share this one's connection).
    func openAnother() throws(RedisError) -> any RedisClient

    /// Closes the connections; the next command reconnects.
    func close()
}

/// Which keys the commands of a streaming pipeline touch, so a sharded client can tell whether
/// it can run the pipeline on one connection.
public enum RedisKeyScope: Sendable, Equatable {
    /// No keys (SCAN, PING).
    case none
    /// Only keys in the hash slot of this key (a hash-tag prefix such as `{loom}:`).
    case slotOf([UInt8])
    /// Any keys: runs as is on one server; a cluster client must split the work or refuse.
    case keyspace
}

extension RedisClient {
    /// `send` with the argv spelled out: `redis.send("HGET", key: k, "workerId")`.
    public func send(_ name: String, key: String, _ args: String...) throws(RedisError) -> RedisReply {
        try send(RedisCommand(name, keys: [key], args: args))
    }

    public func scan(match: String? = nil, count: Int = 1000, type: String? = nil,
        _ body: ([String]) throws(RedisError) -> Bool) throws(RedisError)
    {
        try scanKeys(match: match, count: count, type: type, body)
    }

    public func sscan(_ key: String, match: String? = nil, count: Int = 1000, _ body: ([String]) throws(RedisError) -> Bool)
        throws(RedisError)
    {
        try scanSet(key, match: match, count: count, body)
    }

    public func subscribe(
        channels: [String], patterns: [String] = [], pollInterval: Duration = .milliseconds(200),
        keepAlive: Duration = .seconds(10),
        shouldStop: () -> Bool, onMessage: (_ channel: String, _ payload: [UInt8]) -> Void
    ) throws(RedisError) {
        try runSubscription(channels: channels, patterns: patterns, pollInterval: pollInterval, keepAlive: keepAlive,
            shouldStop: shouldStop, onMessage: onMessage)
    }

    /// EVALSHA per (keys, args) in one pipeline.
    public func evalPipeline(_ script: RedisScript, calls: [(keys: [String], args: [String])]) throws(RedisError) -> [RedisReply] {
        try evalPipeline(script, calls: calls.map { RedisScriptCall(keys: $0.keys, args: $0.args) })
    }

    public func info(_ section: String? = nil) throws(RedisError) -> RedisInfo {
        RedisInfo(try send(.info(section)).string ?? "")
    }
}
