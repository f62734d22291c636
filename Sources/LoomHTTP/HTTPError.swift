import LoomCore

/// The single error type of LoomHTTP. Messages name the host, never the full URL (a query can carry a
/// key), and never a header value, so no secret reaches an error.
public struct HTTPError: LoomError, Equatable {
    public enum Reason: String, Sendable, Hashable {
        /// No connection, or the connection broke (DNS, refused, reset, closed mid-response).
        case unreachable
        /// Connect, first-byte, idle or total limit of `HTTPTimeouts`.
        case timeout
        /// The TLS handshake or the peer's certificate was refused (CA, name, client certificate).
        case tls
        /// The consumer went away or cancelled.
        case cancelled
        /// libcurl missing, or an option it could not use (an unreadable CA bundle or key file).
        case configuration
    }

    public let reason: Reason
    public let message: String
    /// libcurl's result code, when the failure came from libcurl.
    public let curlCode: Int?
    /// libcurl's own short text for `curlCode` (`Timeout was reached`), for callers that show it as is.
    public let curlText: String?

    public init(_ reason: Reason, _ message: String, curlCode: Int? = nil, curlText: String? = nil) {
        self.reason = reason
        self.message = message
        self.curlCode = curlCode
        self.curlText = curlText
    }

    public static let cancelled = HTTPError(.cancelled, "request cancelled")

    public var kind: ErrorKind {
        switch reason {
        case .unreachable, .timeout, .tls: return .unreachable
        case .cancelled: return .interrupted
        case .configuration: return .other
        }
    }

    public var code: String { "http_\(reason.rawValue)" }
}
