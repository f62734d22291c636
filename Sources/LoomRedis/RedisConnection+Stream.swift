import CHiredis

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
    public func withPipelineStream<T>(_ body: (inout PipelineStream) throws -> T) throws -> T {
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
