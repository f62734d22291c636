import LoomCore
import LoomHTTP

/// The single error type of LoomLLM.
///
/// Every failure the CLI can see (provider refusals, transport trouble, budget refusals) becomes one of
/// these so `ExitStatus.classify` maps it to the operator exit-code table without knowing about HTTP.
/// Messages are redacted before they are stored: provider error bodies can echo keys back.
///
/// Kind mapping (decided here, documented for the CLI):
/// - `auth` → `.other` (exit 1), code `llm_auth`: a bad key is a configuration problem, not an outage.
/// - `unknownModel` → `.notFound` (exit 3).
/// - `rateLimited`, `unreachable`, `timeout`, `serverError` → `.unreachable` (exit 7).
/// - `budgetExceeded` → `.conflict` (exit 6): the request conflicts with a policy the operator set;
///   it is not an outage (7) and not a usage error (2: the flags were valid).
/// - `contentFiltered`, `contextOverflow`, `malformedResponse`, `badRequest`, `toolLoop` → `.other`.
/// - `cancelled` → `.interrupted` (exit 130).
public struct LLMError: LoomError, Equatable {
    public enum Reason: String, Sendable, Hashable {
        case auth
        case unknownModel
        case rateLimited
        case unreachable
        case timeout
        case serverError
        case budgetExceeded
        case contentFiltered
        case contextOverflow
        case malformedResponse
        case badRequest
        case toolLoop
        case configuration
        /// The cache/ledger store (Redis) failed.
        case storeUnavailable
        case cancelled
    }

    public let reason: Reason
    public let message: String
    public let hint: String?
    /// HTTP status when the error came from a provider response.
    public let status: Int?
    /// Seconds the provider asked us to wait (Retry-After / retry-after-ms), when it said so.
    public let retryAfter: Double?
    /// `provider:model` the error belongs to, when known.
    public let target: String?

    public init(
        _ reason: Reason, _ message: String, hint: String? = nil, status: Int? = nil, retryAfter: Double? = nil,
        target: String? = nil
    ) {
        self.reason = reason
        self.message = message
        self.hint = hint
        self.status = status
        self.retryAfter = retryAfter
        self.target = target
    }

    public var kind: ErrorKind {
        switch reason {
        case .auth, .contentFiltered, .contextOverflow, .malformedResponse, .badRequest, .toolLoop: return .other
        case .configuration: return .usage
        case .unknownModel: return .notFound
        case .rateLimited, .unreachable, .timeout, .serverError, .storeUnavailable: return .unreachable
        case .budgetExceeded: return .conflict
        case .cancelled: return .interrupted
        }
    }

    public var code: String {
        switch reason {
        case .auth: return "llm_auth"
        case .unknownModel: return "llm_unknown_model"
        case .rateLimited: return "llm_rate_limited"
        case .unreachable: return "llm_unreachable"
        case .timeout: return "llm_timeout"
        case .serverError: return "llm_server_error"
        case .budgetExceeded: return "llm_budget_exceeded"
        case .contentFiltered: return "llm_content_filtered"
        case .contextOverflow: return "llm_context_overflow"
        case .malformedResponse: return "llm_malformed_response"
        case .badRequest: return "llm_bad_request"
        case .toolLoop: return "llm_tool_loop"
        case .configuration: return "llm_config"
        case .storeUnavailable: return "llm_store_unavailable"
        case .cancelled: return "llm_cancelled"
        }
    }

    /// Transient failures worth retrying in place or falling back from, and counted for cooldown.
    public var isTransient: Bool {
        switch reason {
        case .rateLimited, .unreachable, .timeout, .serverError: return true
        default: return false
        }
    }

    func with(target: String?) -> LLMError {
        LLMError(reason, message, hint: hint, status: status, retryAfter: retryAfter, target: target)
    }

    func with(hint: String?) -> LLMError {
        LLMError(reason, message, hint: hint, status: status, retryAfter: retryAfter, target: target)
    }

    static let cancelled = LLMError(.cancelled, "request cancelled")
}

extension LLMError {
    /// A transport failure as the LLM client reports it: TLS and configuration trouble count as
    /// unreachable (exit 7, falls back to the next target), as they did before LoomHTTP existed.
    init(transport e: HTTPError) {
        switch e.reason {
        case .cancelled: self = .cancelled
        case .timeout: self.init(.timeout, e.message)
        case .unreachable, .tls, .configuration: self.init(.unreachable, e.message)
        }
    }
}
