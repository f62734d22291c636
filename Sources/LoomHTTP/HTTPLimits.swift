/// The bounds LoomHTTP enforces on every transfer (docs/architecture.md "LoomHTTP").
///
/// - Connect: `HTTPTimeouts.connect` (TCP + TLS handshake), default 10 s.
/// - Per-request deadline: `HTTPTimeouts.total`, default 600 s; `firstByte` and `idle` (60 s each by
///   default) are checked by the multi loop every 50 ms.
/// - Body: a streamed body is bounded by backpressure (`maxQueuedBodyBytes` waiting for the consumer);
///   a buffered body (`HTTPClient.perform`) keeps at most `maxBodyBytes` and marks the rest truncated.
public enum HTTPLimits {
    /// Body bytes a streaming transfer may queue ahead of its consumer before it stops reading the
    /// socket: 256 KiB. A fast endless stream therefore cannot outrun the parser.
    public static let maxQueuedBodyBytes = 256 << 10
    /// Default cap of a buffered body (`HTTPClient.perform`): 16 MiB; callers pass less (health
    /// probes keep 64 KiB).
    public static let maxBufferedBodyBytes = 16 << 20
    /// Granularity of cancellation, first-byte and idle checks: the multi loop polls in 50 ms slices.
    public static let pollMillis: Int32 = 50
}
