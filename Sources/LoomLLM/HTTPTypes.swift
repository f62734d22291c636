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

/// Transfer limits. `idle` is the longest silence allowed (before the first byte too): a provider
/// that accepts the connection and then hangs is detected after `idle`, not after `total`.
public struct HTTPTimeouts: Sendable, Equatable {
    public var connect: Double
    public var idle: Double
    public var total: Double

    public init(connect: Double = 10, idle: Double = 60, total: Double = 600) {
        self.connect = connect
        self.idle = idle
        self.total = total
    }
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
