import LoomCore

/// Case-insensitive, order-keeping HTTP header list (responses can repeat names).
public struct HTTPHeaders: Sendable, Equatable {
    public var entries: [(name: String, value: String)]

    public init(_ entries: [(String, String)] = []) {
        self.entries = entries.map { (name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> String? {
        let lower = name.lowercased()
        return entries.last(where: { $0.name.lowercased() == lower })?.value
    }

    public mutating func add(_ name: String, _ value: String) { entries.append((name: name, value: value)) }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A fully formed HTTP request, produced by a provider wire format and sent by an `HTTPTransport`.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String = "POST", url: String, headers: HTTPHeaders, body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The body as JSON (tests and traces).
    public var jsonBody: JSONValue? { try? JSONValue.parse(bytes: body) }
}

public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }
}

/// What a transport streams back: the head once, then body bytes as they arrive.
public enum HTTPStreamPart: Sendable, Equatable {
    case head(HTTPResponseHead)
    case body([UInt8])
}

/// The four time limits of one LLM request (docs/llm.md "Timeouts").
///
/// - `connect`: TCP + TLS handshake (curl's connect timeout).
/// - `firstByte`: from sending the request until the first *reply event*: the response head must arrive
///   within it, and for a streamed reply so must the first decoded event. Keep-alive comments
///   (`: ping`), Anthropic `ping` events and empty chunks do not count, so a server that only keeps
///   the connection warm is detected.
/// - `idle`: after the first event, the longest gap between reply events (again keep-alives do not
///   count), and at the byte level the longest silence of the socket.
/// - `total`: the deadline of the whole request, every retry and fallback included.
///
/// A timeout is exit 7. It falls back to the next target but is not retried on the same one: the
/// operator's `--timeout` is the wait they accept per target, and a retry would double it.
public struct HTTPTimeouts: Sendable, Equatable {
    public var connect: Double
    public var firstByte: Double
    public var idle: Double
    public var total: Double

    /// Defaults when no `--timeout` is set: long enough for reasoning models that think for a minute
    /// before the first token, short enough that a hung provider is noticed.
    public static let defaultConnect = 10.0
    public static let defaultFirstByte = 60.0
    public static let defaultIdle = 60.0
    public static let defaultTotal = 600.0

    public init(connect: Double = defaultConnect, firstByte: Double = defaultFirstByte, idle: Double = defaultIdle, total: Double = defaultTotal) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }

    /// `--timeout T`: connect, first byte and idle are each T; the total deadline stays `total`
    /// (at least T).
    public static func operatorTimeout(_ t: Double, total: Double = defaultTotal) -> HTTPTimeouts {
        HTTPTimeouts(connect: t, firstByte: t, idle: t, total: max(t, total))
    }
}

/// Memory bounds of one LLM request (docs/llm.md "Limits", docs/benchmarks.md). Exceeding one is an
/// `LLMError` `.malformedResponse` (exit 1, not retried): the output is never silently cut.
public enum LLMLimits {
    /// Reply text plus tool-call names, ids and arguments kept for the cache, the chat history and the
    /// `-o json` document: 8 MiB (about 2M tokens; real replies are at most a few hundred KiB).
    public static let maxReplyBytes = 8 << 20
    /// A non-streamed 2xx body: 16 MiB.
    public static let maxResponseBodyBytes = 16 << 20
    /// An error (non-2xx) body: the first 64 KiB are kept for the message, the rest is discarded
    /// (only the first 300 characters are ever shown).
    public static let maxErrorBodyBytes = 64 << 10
    /// Body bytes the transport thread may queue ahead of the consumer before it stops reading the
    /// socket (backpressure): 256 KiB. A fast endless stream therefore cannot outrun the parser.
    public static let maxQueuedBodyBytes = 256 << 10
}

/// `--verbose` sink: receives one already-redacted line per call.
public typealias HTTPTrace = @Sendable (String) -> Void

/// Sends requests and streams responses. Errors thrown by the stream are `LLMError`
/// (`.unreachable`, `.timeout`, `.cancelled`). Cancelling the consuming task (or dropping the
/// stream) aborts the transfer.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) -> AsyncThrowingStream<HTTPStreamPart, any Error>
}

enum HTTPTraceFormat {
    static func request(_ r: HTTPRequest) -> [String] {
        var lines = ["> \(r.method) \(Redact.url(r.url))"]
        for h in r.headers.entries { lines.append("> \(h.name): \(Redact.header(name: h.name, value: h.value))") }
        lines.append("> (\(r.body.count) bytes body)")
        return lines
    }
}
