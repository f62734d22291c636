import CHiredis
import Foundation
import LoomCore

/// Connect and reply timeouts (operator-conventions: 5 s each by default).
public struct RedisTimeouts: Sendable, Equatable {
    public var connect: Duration
    public var reply: Duration

    public init(connect: Duration = .seconds(5), reply: Duration = .seconds(5)) {
        self.connect = connect
        self.reply = reply
    }

    public static func seconds(_ s: Double) -> RedisTimeouts {
        let d = Duration.milliseconds(Int64((s * 1000).rounded()))
        return RedisTimeouts(connect: d, reply: d)
    }
}

extension Duration {
    var microseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000 + atto / 1_000_000_000_000
    }
}

/// One synchronous hiredis connection: the sole owner of a `redisContext*`, and the single-node
/// `RedisClient`.
///
/// Blocking I/O is deliberate: a CLI issues one request stream at a time and pipelining gives the
/// throughput. The lock only makes the shell's shared connection safe to hand between tasks.
/// After an I/O failure the context is dropped and the next call reconnects (the shell relies on
/// this); a failure in the middle of a pipeline is always surfaced, never retried silently.
public final class RedisConnection: RedisClient, @unchecked Sendable {
    public let endpoint: RedisEndpoint
    public let timeouts: RedisTimeouts
    private var context: UnsafeMutablePointer<redisContext>?
    private let lock = NSLock()
    /// Script SHA1s learned from SCRIPT LOAD, keyed by source.
    private var scriptSHAs: [String: String] = [:]
    private let scrubber: SecretScrubber

    /// Connects, authenticates and selects the database; throws a typed error for each failure.
    public init(_ endpoint: RedisEndpoint, timeouts: RedisTimeouts = RedisTimeouts()) throws(RedisError) {
        _ = Self.ignoreSIGPIPE
        self.endpoint = endpoint
        self.timeouts = timeouts
        var scrubber = SecretScrubber()
        scrubber.add(endpoint.password)
        self.scrubber = scrubber
        try connect()
    }

    deinit {
        if let context { redisFree(context) }
    }

    /// A dead server must surface as EPIPE (→ `RedisError`), not kill the process.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Whether the TCP/unix connection is currently open (it reopens lazily on the next command).
    public var isConnected: Bool {
        lock.lock()
        defer { lock.unlock() }
        return context != nil
    }

    private func connect() throws(RedisError) {
        if endpoint.tls {
            throw RedisError(.unsupported,
                "rediss:// (TLS) is not supported: the linked hiredis \(loom_hiredis_major()).\(loom_hiredis_minor()) has no TLS support",
                hint: "connect through a TLS tunnel (stunnel, spiped) on loopback and use redis://, or build against hiredis ≥ 1.0 with hiredis_ssl")
        }
        let tv = loom_hiredis_tv(timeouts.connect.microseconds)
        let ctx: UnsafeMutablePointer<redisContext>?
        switch endpoint.address {
        case .tcp(let host, let port): ctx = redisConnectWithTimeout(host, Int32(port), tv)
        case .unix(let path): ctx = redisConnectUnixWithTimeout(path, tv)
        }
        guard let ctx else { throw RedisError(.unreachable, "cannot allocate a Redis context") }
        if loom_hiredis_err(ctx) != 0 {
            let why = String(cString: loom_hiredis_errstr(ctx))
            redisFree(ctx)
            let timedOut = why.contains("timed out") || why.contains("Resource temporarily unavailable")
            throw RedisError(timedOut ? .timeout : .unreachable,
                "cannot connect to Redis at \(endpoint.display): \(why)",
                hint: "is redis-server running? set the Redis URL")
        }
        _ = redisSetTimeout(ctx, loom_hiredis_tv(timeouts.reply.microseconds))
        if case .tcp = endpoint.address { _ = redisEnableKeepAlive(ctx) }
        context = ctx
        do {
            if let password = endpoint.password {
                var args = ["AUTH"]
                if let user = endpoint.username { args.append(user) }
                args.append(password)
                _ = try unlockedCommand(args.map { Array($0.utf8) }).orThrow()
            }
            if endpoint.database != 0 {
                _ = try unlockedCommand([Array("SELECT".utf8), Array(String(endpoint.database).utf8)]).orThrow()
            }
        } catch {
            drop()
            if error.reason == .auth || error.message.contains("AUTH") {
                throw RedisError(.auth, "authentication to \(endpoint.display) failed: \(scrubber.scrub(error.message))",
                    hint: "check the password and the ACL user")
            }
            throw error
        }
    }

    private func drop() {
        if let context { redisFree(context) }
        context = nil
    }

    /// Closes the socket; the next command reconnects.
    public func close() {
        lock.lock()
        drop()
        lock.unlock()
    }

    /// Reopens a connection the server has closed since the last command (a Redis restart between
    /// two shell commands): only the command in flight may be lost, never the next one.
    private func ensureConnected() throws(RedisError) {
        if let ctx = context, !Self.looksAlive(ctx) { drop() }
        if context == nil { try connect() }
    }

    /// Between commands nothing should be waiting on the socket; EOF or an error there means the
    /// peer closed it. One non-blocking poll(2), so the check costs about a microsecond.
    private static func looksAlive(_ ctx: UnsafeMutablePointer<redisContext>) -> Bool {
        let fd = loom_hiredis_fd(ctx)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 0) > 0 else { return true }
        if pfd.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if n == 0 { return false }
        if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR }
        return true
    }

    /// The error for the context's current failure; drops the dead context.
    private func ioError() -> RedisError {
        let why = context.map { String(cString: loom_hiredis_errstr($0)) } ?? "connection closed"
        drop()
        if why.contains("Resource temporarily unavailable") || why.contains("timed out") {
            return RedisError(.timeout,
                "Redis at \(endpoint.display) did not answer within \(timeouts.reply.formatted)",
                hint: "raise the reply timeout, or check the server with redis-cli --latency")
        }
        return RedisError(.unreachable, "lost the connection to Redis at \(endpoint.display): \(why)")
    }

    // MARK: RedisClient

    public var display: String { endpoint.display }

    public func send(_ command: RedisCommand) throws(RedisError) -> RedisReply {
        try self.command(bytes: command.argv)
    }

    public func pipeline(_ commands: [RedisCommand]) throws(RedisError) -> [RedisReply] {
        try pipeline(count: commands.count, command: { commands[$0].argv }, decode: { $0 })
    }

    public func pipeline<T>(
        count: Int, command: (Int) -> RedisCommand, decode: (RedisReply) throws(RedisError) -> T
    ) throws(RedisError) -> [T] {
        try pipeline(count: count, command: { command($0).argv }, decode: decode)
    }

    public func openAnother() throws(RedisError) -> any RedisClient {
        try RedisConnection(endpoint, timeouts: timeouts)
    }

    // MARK: Untyped commands (tests and tools; libraries go through `RedisClient`)

    /// Runs one command; an error reply is thrown as a `RedisError`.
    public func command(_ args: [String]) throws(RedisError) -> RedisReply {
        try command(bytes: args.map { Array($0.utf8) })
    }

    public func command(_ args: String...) throws(RedisError) -> RedisReply {
        try command(args)
    }

    /// Binary-safe form: arguments may hold any bytes, NUL included.
    public func command(bytes args: [[UInt8]]) throws(RedisError) -> RedisReply {
        lock.lock()
        defer { lock.unlock() }
        try ensureConnected()
        return try unlockedCommand(args).orThrow()
    }

    private func unlockedCommand(_ args: [[UInt8]]) throws(RedisError) -> RedisReply {
        guard let ctx = context else { throw RedisError(.unreachable, "not connected") }
        try append(ctx, args)
        return try readReply(ctx)
    }

    /// Sends all commands in one write, then reads all replies: one round trip for N commands.
    /// Error replies come back in place as `.error` so one bad key does not lose the others.
    public func pipeline(_ commands: [[String]]) throws(RedisError) -> [RedisReply] {
        try pipeline(bytes: commands.map { $0.map { Array($0.utf8) } })
    }

    public func pipeline(bytes commands: [[[UInt8]]]) throws(RedisError) -> [RedisReply] {
        try pipeline(count: commands.count, command: { commands[$0] }, decode: { $0 })
    }

    /// The allocation-light pipeline used by large listings: commands are produced by index and
    /// each reply is decoded as soon as it is read.
    public func pipeline<T>(
        count: Int, command: (Int) -> [[UInt8]], decode: (RedisReply) throws(RedisError) -> T
    ) throws(RedisError) -> [T] {
        lock.lock()
        defer { lock.unlock() }
        try ensureConnected()
        guard let ctx = context else { throw RedisError(.unreachable, "not connected") }
        for i in 0..<count { try append(ctx, command(i)) }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try decode(try readReply(ctx))) }
        return out
    }

    private func append(_ ctx: UnsafeMutablePointer<redisContext>, _ args: [[UInt8]]) throws(RedisError) {
        let argc = args.count
        let total = args.reduce(0) { $0 + $1.count + 1 }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        defer { storage.deallocate() }
        var pointers = [UnsafePointer<CChar>?](repeating: nil, count: argc)
        var lengths = [Int](repeating: 0, count: argc)
        var offset = 0
        for (i, arg) in args.enumerated() {
            arg.withUnsafeBytes { raw in
                if let base = raw.baseAddress {
                    UnsafeMutableRawPointer(storage + offset).copyMemory(from: base, byteCount: arg.count)
                }
            }
            storage[offset + arg.count] = 0
            pointers[i] = UnsafePointer(storage + offset)
            lengths[i] = arg.count
            offset += arg.count + 1
        }
        let rc = pointers.withUnsafeMutableBufferPointer { p in
            lengths.withUnsafeBufferPointer { l in
                redisAppendCommandArgv(ctx, Int32(argc), p.baseAddress, l.baseAddress)
            }
        }
        if rc != REDIS_OK { throw ioError() }
    }

    private func readReply(_ ctx: UnsafeMutablePointer<redisContext>) throws(RedisError) -> RedisReply {
        var raw: UnsafeMutableRawPointer?
        if redisGetReply(ctx, &raw) != REDIS_OK || raw == nil { throw ioError() }
        defer { freeReplyObject(raw) }
        return Self.convert(raw!.assumingMemoryBound(to: redisReply.self))
    }

    static func convert(_ r: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let reply = r.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .bulk(Array(UnsafeRawBufferPointer(start: reply.str, count: Int(reply.len))))
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: Int(reply.len)), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: Int(reply.len)), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(reply.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisReply] = []
            items.reserveCapacity(Int(reply.elements))
            for i in 0..<Int(reply.elements) {
                if let e = reply.element[i] { items.append(convert(e)) } else { items.append(.null) }
            }
            return .array(items)
        default:
            return .null
        }
    }

    // MARK: Stream support (RedisConnection+Stream.swift)

    func lockForStream() throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        lock.lock()
        do {
            try ensureConnected()
        } catch {
            lock.unlock()
            throw error
        }
        guard let ctx = context else {
            lock.unlock()
            throw RedisError(.unreachable, "not connected")
        }
        return ctx
    }

    func unlockStream() { lock.unlock() }

    func appendUnlocked(_ ctx: UnsafeMutablePointer<redisContext>, _ args: [[UInt8]]) throws(RedisError) {
        try append(ctx, args)
    }

    func readReplyUnlocked(_ ctx: UnsafeMutablePointer<redisContext>) throws(RedisError) -> RedisReply {
        try readReply(ctx)
    }

    func flushUnlocked(_ ctx: UnsafeMutablePointer<redisContext>) throws(RedisError) {
        var done: Int32 = 0
        while done == 0 {
            if redisBufferWrite(ctx, &done) != REDIS_OK { throw ioError() }
        }
    }

    func dropUnlocked() { drop() }

    func cachedSHA(_ source: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return scriptSHAs[source]
    }

    func storeSHA(_ sha: String, for source: String) {
        lock.lock()
        scriptSHAs[source] = sha
        lock.unlock()
    }

    // MARK: Pub/sub

    /// SUBSCRIBE/PSUBSCRIBE and deliver messages until `shouldStop` says so (checked at least
    /// every `pollInterval`, so Ctrl-C ends the loop promptly). The connection is closed after,
    /// since a subscribed RESP2 connection cannot run other commands.
    ///
    /// A subscription that never answers must not wait forever: the server has the reply timeout to
    /// confirm the subscription, and while idle it is PINGed every `keepAlive` and has the reply
    /// timeout to answer. (Without a password no command precedes SUBSCRIBE, so a paused server was
    /// never noticed.)
    public func runSubscription(
        channels: [String], patterns: [String], pollInterval: Duration,
        keepAlive: Duration,
        shouldStop: () -> Bool, onMessage: (_ channel: String, _ payload: [UInt8]) -> Void
    ) throws(RedisError) {
        lock.lock()
        defer {
            drop()
            lock.unlock()
        }
        try ensureConnected()
        guard let ctx = context else { throw RedisError(.unreachable, "not connected") }
        if !channels.isEmpty { try append(ctx, [Array("SUBSCRIBE".utf8)] + channels.map { Array($0.utf8) }) }
        if !patterns.isEmpty { try append(ctx, [Array("PSUBSCRIBE".utf8)] + patterns.map { Array($0.utf8) }) }
        try flushUnlocked(ctx)
        let clock = ContinuousClock()
        let expected = channels.count + patterns.count
        var confirmed = 0
        // Set while an answer is owed: the subscription confirmations, then each keep-alive PONG.
        var answerDeadline: ContinuousClock.Instant? = clock.now + timeouts.reply
        var nextPing = clock.now + keepAlive
        let pollMs = Int32(clamping: max(1, pollInterval.microseconds / 1000))
        while !shouldStop() {
            // Drain what is already parsed before waiting on the socket.
            var raw: UnsafeMutableRawPointer?
            if redisGetReplyFromReader(ctx, &raw) != REDIS_OK { throw ioError() }
            if let raw {
                let reply = Self.convert(raw.assumingMemoryBound(to: redisReply.self))
                freeReplyObject(raw)
                if let items = reply.array, let kind = items.first?.string {
                    if kind == "message", items.count >= 3 {
                        onMessage(items[1].string ?? "", items[2].bytes ?? [])
                    } else if kind == "pmessage", items.count >= 4 {
                        onMessage(items[2].string ?? "", items[3].bytes ?? [])
                    } else if kind == "subscribe" || kind == "psubscribe" {
                        confirmed += 1
                    }
                } else if let e = reply.errorText {
                    throw RedisError.fromServer(e)
                }
                if confirmed >= expected { answerDeadline = nil }
                continue
            }
            let now = clock.now
            if let deadline = answerDeadline, now >= deadline {
                drop()
                throw RedisError(.timeout,
                    "Redis at \(endpoint.display) did not answer within \(timeouts.reply.formatted) "
                        + (confirmed < expected ? "(subscription not confirmed)" : "(keep-alive PING)"),
                    hint: "raise the reply timeout, or check the server with redis-cli --latency")
            }
            if answerDeadline == nil, now >= nextPing {
                try append(ctx, [Array("PING".utf8)])
                try flushUnlocked(ctx)
                answerDeadline = now + timeouts.reply
                nextPing = now + keepAlive
            }
            var pfd = pollfd(fd: loom_hiredis_fd(ctx), events: Int16(POLLIN), revents: 0)
            let n = poll(&pfd, 1, pollMs)
            if n < 0 && errno != EINTR { throw ioError() }
            if n > 0 {
                if redisBufferRead(ctx) != REDIS_OK { throw ioError() }
            }
        }
    }
}

extension Duration {
    /// `5s`, `250ms`.
    public var formatted: String {
        let ms = microseconds / 1000
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }
}
