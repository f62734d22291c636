import LoomCore
import LoomRedis

/// Errors of the cluster model (registry, ring membership, health, cleanup).
public struct ClusterError: LoomError {
    public let kind: ErrorKind
    public let code: String
    public let message: String
    public let hint: String?

    public init(_ kind: ErrorKind, code: String, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.hint = hint
    }

    public static func notFound(_ what: String, hint: String? = nil) -> ClusterError {
        ClusterError(.notFound, code: "not_found", what, hint: hint)
    }

    public static func invalid(_ what: String, hint: String? = nil) -> ClusterError {
        ClusterError(.usage, code: "invalid_argument", what, hint: hint)
    }

    public static func conflict(_ what: String, hint: String? = nil) -> ClusterError {
        ClusterError(.conflict, code: "conflict", what, hint: hint)
    }
}
