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

    /// Replaces every header of this name (case-insensitive) with one.
    public mutating func set(_ name: String, _ value: String) {
        let lower = name.lowercased()
        entries.removeAll { $0.name.lowercased() == lower }
        entries.append((name: name, value: value))
    }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A fully formed HTTP request: built by a caller (an LLM wire format, a health check, a driver) and
/// sent by an `HTTPTransport`.
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

/// The four time limits of one request (docs/llm.md "Timeouts" for how the LLM client uses them).
/// `.infinity` disables `firstByte` or `idle`; every value is clamped to 1 ms … 24.8 days for curl.
///
/// - `connect`: TCP + TLS handshake (curl's connect timeout).
/// - `firstByte`: from sending the request until the first *reply event*: the response head must arrive
///   within it, and for a streamed reply so must the first decoded event. Keep-alive comments
///   (`: ping`), Anthropic `ping` events and empty chunks do not count, so a server that only keeps
///   the connection warm is detected.
/// - `idle`: after the first event, the longest gap between reply events (again keep-alives do not
///   count), and at the byte level the longest silence of the socket.
/// - `total`: the deadline of the whole transfer (curl's `CURLOPT_TIMEOUT_MS`). The LLM client passes
///   what is left of its deadline (every retry and fallback included).
///
/// A timeout is an `HTTPError` `.timeout` (exit 7).
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

/// `--verbose` sink: receives one already-redacted line per call. Secrets never reach it: sensitive
/// header names (`Redact.sensitiveHeaders`) and every header added by `HTTPAuth` are redacted.
public typealias HTTPTrace = @Sendable (String) -> Void

/// Sends requests and streams responses. Errors thrown by the stream are `HTTPError`
/// (`.unreachable`, `.timeout`, `.tls`, `.cancelled`, `.configuration`). Cancelling the consuming task (or dropping the
/// stream) aborts the transfer.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) -> AsyncThrowingStream<HTTPStreamPart, any Error>
}

enum HTTPTraceFormat {
    /// `secretNames` (lowercased): headers set by `HTTPAuth`, redacted whatever their name.
    static func request(_ r: HTTPRequest, secretNames: Set<String> = []) -> [String] {
        var lines = ["> \(r.method) \(Redact.url(r.url))"]
        for h in r.headers.entries { lines.append("> \(h.name): \(redact(h.name, h.value, secretNames))") }
        lines.append("> (\(r.body.count) bytes body)")
        return lines
    }

    static func redact(_ name: String, _ value: String, _ secretNames: Set<String>) -> String {
        let lower = name.lowercased()
        if Redact.sensitiveHeaders.contains(lower) { return Redact.header(name: name, value: value) }
        return secretNames.contains(lower) ? Redact.secret(value) : value
    }
}
