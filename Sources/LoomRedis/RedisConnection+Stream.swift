import CHiredis
#if canImport(Glibc)
import Glibc
#endif

/// A hand-driven pipeline: send commands, read replies later, send more in between.
///
/// Listings use it to keep Redis busy: batch k+1 is on the wire before the client starts
/// decoding batch k, so server work and client work overlap instead of adding up.
public struct PipelineStream: ~Copyable {
    let connection: RedisConnection
    let context: UnsafeMutablePointer<redisContext>
    public private(set) var pending = 0

    /// Queues a command (nothing is written until `flush`).
    public mutating func send(_ args: [[UInt8]]) throws(RedisError) {
        try connection.appendUnlocked(context, args)
        pending += 1
    }

    /// Writes everything queued so far, without waiting for replies.
    public func flush() throws(RedisError) {
        try connection.flushUnlocked(context)
    }

    /// Reads the next reply (flushing first if needed); error replies come back in place.
    public mutating func receive() throws(RedisError) -> RedisReply {
        precondition(pending > 0, "receive() without a pending command")
        pending -= 1
        return try connection.readReplyUnlocked(context)
    }
}

extension RedisConnection {
    /// Runs `body` with exclusive use of the connection for a hand-driven pipeline.
    /// Replies still pending when `body` returns are drained, so the connection stays in sync.
    /// `scope` is for sharded clients; one server runs any pipeline.
    public func withPipelineStream<T>(scope: RedisKeyScope = .keyspace, _ body: (inout PipelineStream) throws -> T) throws -> T {
        let ctx = try lockForStream()
        defer { unlockStream() }
        var stream = PipelineStream(connection: self, context: ctx)
        do {
            let result = try body(&stream)
            while stream.pending > 0 { _ = try stream.receive() }
            return result
        } catch {
            // Unread replies would desynchronise the connection: drop it, the next command reconnects.
            if stream.pending > 0 { dropUnlocked() }
            throw error
        }
    }
}

/// A pipeline that bypasses hiredis' reply objects: commands are encoded by `RESPWriter` and
/// replies parsed in place by `RESPReader` over the connection's socket (the registry hot path,
/// docs/benchmarks.md). The caller counts what it sends (`sent`) and what it has consumed
/// (`consumed`); whatever is still pending when the body returns is read and discarded.
public struct RawPipeline: ~Copyable {
    public var writer = RESPWriter()
    public var reader: RESPReader
    public private(set) var pending = 0
    let fd: Int32
    let peer: String
    let timeoutText: String

    /// Records that `n` more commands were encoded into `writer`.
    public mutating func sent(_ n: Int) { pending += n }

    /// Records that one reply was consumed from `reader`.
    public mutating func consumed() {
        precondition(pending > 0, "consumed a reply that was never sent")
        pending -= 1
    }

    /// Writes everything encoded so far, without waiting for replies.
    public mutating func flush() throws(RedisError) {
        let ok: RedisError? = writer.bytes.withUnsafeBytes { raw -> RedisError? in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n > 0 {
                    off += n
                    continue
                }
                let e = errno
                if n < 0 && e == EINTR { continue }
                if n < 0 && (e == EAGAIN || e == EWOULDBLOCK) {
                    return RedisError(.timeout, "Redis at \(peer) did not accept the request within \(timeoutText)",
                        hint: "raise the reply timeout, or check the server with redis-cli --latency")
                }
                return RedisError(.unreachable, "lost the connection to Redis at \(peer): \(String(cString: strerror(e)))")
            }
            return nil
        }
        writer.removeAll()
        if let ok { throw ok }
    }
}

extension RedisConnection {
    /// Runs `body` with exclusive use of the connection's socket for a raw pipeline. Replies still
    /// pending when `body` returns are drained; after an error the connection is dropped (the next
    /// command reconnects), since unread replies would desynchronise it.
    /// `scope` is for sharded clients; one server runs any pipeline.
    public func withRawPipeline<T>(scope: RedisKeyScope = .keyspace, _ body: (inout RawPipeline) throws -> T) throws -> T {
        let ctx = try lockForStream()
        defer { unlockStream() }
        let fd = loom_hiredis_fd(ctx)
        let peer = endpoint.display
        let timeoutText = timeouts.reply.formatted
        var pipe = RawPipeline(reader: RESPReader(socket: fd, peer: peer, timeoutText: timeoutText), fd: fd, peer: peer,
            timeoutText: timeoutText)
        do {
            let result = try body(&pipe)
            if !pipe.writer.isEmpty { try pipe.flush() }
            while pipe.pending > 0 {
                try pipe.reader.skipReply()
                pipe.consumed()
            }
            if pipe.reader.buffered > 0 {
                dropUnlocked()
                throw RedisError(.protocolError, "Redis sent \(pipe.reader.buffered) unexpected bytes after the last reply")
            }
            return result
        } catch {
            if pipe.pending > 0 || pipe.reader.buffered > 0 { dropUnlocked() }
            throw error
        }
    }
}
