/// One Redis command: its argv as bytes and where its keys are, so a client that shards the
/// keyspace (Redis Cluster) can route it without knowing every command's syntax.
///
/// Keys sit at `keyStart, keyStart + keyStep, …` (`keyCount` of them), as in Redis' own key
/// specs: `EXISTS k1 k2` is (1, 2, 1), `MSET k v k v` is (1, 2, 2), `EVALSHA sha 2 k1 k2 a` is
/// (3, 2, 1). Three integers instead of an index array keep a command to one allocation per argument.
public struct RedisCommand: Sendable, Equatable {
    public var argv: [[UInt8]]
    public let keyStart: Int
    public let keyCount: Int
    public let keyStep: Int

    /// Raw form: argv and the key positions within it.
    public init(argv: [[UInt8]], keyStart: Int = 1, keyCount: Int, keyStep: Int = 1) {
        precondition(keyCount == 0 || keyStart + (keyCount - 1) * keyStep < argv.count, "key position beyond argv")
        self.argv = argv
        self.keyStart = keyStart
        self.keyCount = keyCount
        self.keyStep = keyStep
    }

    /// `NAME key… arg…`: the shape of most commands (GET, HGETALL, EXISTS, DEL, MGET, SCARD, …).
    public init(_ name: String, keys: [String] = [], args: [String] = []) {
        var argv: [[UInt8]] = [Array(name.utf8)]
        argv.reserveCapacity(1 + keys.count + args.count)
        for k in keys { argv.append(Array(k.utf8)) }
        for a in args { argv.append(Array(a.utf8)) }
        self.init(argv: argv, keyCount: keys.count)
    }

    /// `NAME key arg…` with one key.
    public init(_ name: String, key: String, _ args: String...) {
        self.init(name, keys: [key], args: args)
    }

    /// Binary-safe `NAME key… arg…` (ids that are not UTF-8).
    public init(_ name: String, keyBytes keys: [[UInt8]], args: [[UInt8]] = []) {
        self.init(argv: [Array(name.utf8)] + keys + args, keyCount: keys.count)
    }

    /// The positions of the keys in `argv`.
    public var keyIndices: StrideTo<Int> { stride(from: keyStart, to: keyStart + keyCount * keyStep, by: keyStep) }

    /// The key arguments, in order.
    public var keys: [[UInt8]] { keyIndices.map { argv[$0] } }

    /// The command name as sent (upper case by convention).
    public var name: String { String(decoding: argv.first ?? [], as: UTF8.self) }
}

// MARK: Commands the libraries use

extension RedisCommand {
    public static let ping = RedisCommand("PING")
    public static let time = RedisCommand("TIME")

    public static func get(_ key: String) -> RedisCommand { RedisCommand("GET", key: key) }
    public static func type(_ key: String) -> RedisCommand { RedisCommand("TYPE", key: key) }
    public static func pttl(_ key: String) -> RedisCommand { RedisCommand("PTTL", key: key) }
    public static func hget(_ key: String, _ field: String) -> RedisCommand { RedisCommand("HGET", key: key, field) }
    public static func hmget(_ key: String, _ fields: [String]) -> RedisCommand { RedisCommand("HMGET", keys: [key], args: fields) }
    public static func hgetall(_ key: String) -> RedisCommand { RedisCommand("HGETALL", key: key) }
    public static func hset(_ key: String, _ pairs: [(String, String)]) -> RedisCommand {
        RedisCommand("HSET", keys: [key], args: pairs.flatMap { [$0.0, $0.1] })
    }
    public static func scard(_ key: String) -> RedisCommand { RedisCommand("SCARD", key: key) }
    public static func smembers(_ key: String) -> RedisCommand { RedisCommand("SMEMBERS", key: key) }
    public static func srandmember(_ key: String, count: Int) -> RedisCommand { RedisCommand("SRANDMEMBER", key: key, String(count)) }
    /// Multi-key: on a cluster every key must hash to one slot (or the client splits the call).
    public static func exists(_ keys: [String]) -> RedisCommand { RedisCommand("EXISTS", keys: keys) }
    public static func del(_ keys: [String]) -> RedisCommand { RedisCommand("DEL", keys: keys) }
    public static func mget(_ keys: [String]) -> RedisCommand { RedisCommand("MGET", keys: keys) }
    /// `SET key value [options…]` (NX, PX ms, …).
    public static func set(_ key: String, _ value: String, _ options: String...) -> RedisCommand {
        RedisCommand("SET", keys: [key], args: [value] + options)
    }
    /// Channels are not keys (a cluster broadcasts PUBLISH).
    public static func publish(_ channel: String, _ message: String) -> RedisCommand { RedisCommand("PUBLISH", args: [channel, message]) }
    public static func configGet(_ parameter: String) -> RedisCommand { RedisCommand("CONFIG", args: ["GET", parameter]) }
    public static func info(_ section: String? = nil) -> RedisCommand { RedisCommand("INFO", args: section.map { [$0] } ?? []) }

    /// `EVALSHA sha numkeys key… arg…`: the script's KEYS are the command's keys.
    public static func evalsha(_ sha: [UInt8], keys: [[UInt8]], args: [[UInt8]]) -> RedisCommand {
        var argv: [[UInt8]] = [Array("EVALSHA".utf8), sha, Array(String(keys.count).utf8)]
        argv.reserveCapacity(3 + keys.count + args.count)
        argv.append(contentsOf: keys)
        argv.append(contentsOf: args)
        return RedisCommand(argv: argv, keyStart: 3, keyCount: keys.count)
    }

    /// `SCAN cursor [MATCH p] COUNT n [TYPE t]`: keyless, a cluster runs it on every master.
    public static func scan(cursor: String, match: String?, count: Int, type: String?) -> RedisCommand {
        var args = [cursor]
        if let match { args += ["MATCH", match] }
        args += ["COUNT", String(count)]
        if let type { args += ["TYPE", type] }
        return RedisCommand("SCAN", args: args)
    }

    /// `SSCAN key cursor [MATCH p] COUNT n`.
    public static func sscan(_ key: String, cursor: String, match: String?, count: Int) -> RedisCommand {
        var args = [cursor]
        if let match { args += ["MATCH", match] }
        args += ["COUNT", String(count)]
        return RedisCommand("SSCAN", keys: [key], args: args)
    }
}

/// One EVALSHA in an `evalPipeline`: the script's KEYS and ARGV as bytes.
public struct RedisScriptCall: Sendable {
    public var keys: [[UInt8]]
    public var args: [[UInt8]]

    public init(keys: [[UInt8]], args: [[UInt8]]) {
        self.keys = keys
        self.args = args
    }

    public init(keys: [String], args: [String]) {
        self.keys = keys.map { Array($0.utf8) }
        self.args = args.map { Array($0.utf8) }
    }
}
