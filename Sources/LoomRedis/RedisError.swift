#if canImport(LoomCore)
    import LoomCore  // absent when compiled into the fuzz target as one module (Fuzz/RegistryDecoder)
#endif

/// Every way a Redis interaction fails, already redacted.
public struct RedisError: LoomError {
    public enum Reason: Sendable, Equatable {
        /// Could not connect, connection lost, or timed out (exit 7).
        case unreachable
        case timeout
        /// NOAUTH / WRONGPASS / invalid password.
        case auth
        /// WRONGTYPE from the server: a key holds another type than expected.
        case wrongType
        /// NOSCRIPT from EVALSHA (handled internally by `eval`).
        case noScript
        /// Any other error reply; the text is kept verbatim.
        case server
        /// Protocol-level surprises (unexpected reply shape).
        case protocolError
        /// Unsupported setting (for example TLS with a hiredis built without it).
        case unsupported
        /// Bad URL or option.
        case usage
        case cancelled
    }

    public let reason: Reason
    public let message: String
    public let hint: String?

    public init(_ reason: Reason, _ message: String, hint: String? = nil) {
        self.reason = reason
        self.message = message
        self.hint = hint
    }

    public var kind: ErrorKind {
        switch reason {
        case .unreachable, .timeout: return .unreachable
        case .usage, .unsupported: return .usage
        case .cancelled: return .interrupted
        default: return .other
        }
    }

    public var code: String {
        switch reason {
        case .unreachable: return "redis_unreachable"
        case .timeout: return "redis_timeout"
        case .auth: return "redis_auth"
        case .wrongType: return "redis_wrongtype"
        case .noScript: return "redis_noscript"
        case .server: return "redis_error"
        case .protocolError: return "redis_protocol"
        case .unsupported: return "redis_unsupported"
        case .usage: return "usage"
        case .cancelled: return "interrupted"
        }
    }

    /// Classifies a server error reply (`-ERR ...`, `-WRONGTYPE ...`).
    public static func fromServer(_ text: String) -> RedisError {
        if text.hasPrefix("WRONGTYPE") { return RedisError(.wrongType, text) }
        if text.hasPrefix("NOSCRIPT") { return RedisError(.noScript, text) }
        if text.hasPrefix("NOAUTH") || text.hasPrefix("WRONGPASS") || text.contains("invalid password")
            || text.contains("invalid username-password")
        {
            return RedisError(.auth, "authentication failed: \(text)", hint: "check the password")
        }
        return RedisError(.server, text)
    }
}
