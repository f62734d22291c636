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

    /// Data read from Redis that loomctl cannot use (exit 1): the message names the key and field.
    public static func badData(_ what: String, hint: String? = nil) -> ClusterError {
        ClusterError(.other, code: "bad_data", what, hint: hint)
    }

    /// A key holding another Redis type than the write needs (exit 1); nothing was written.
    public static func wrongType(key: String, holds: String, expected: String) -> ClusterError {
        ClusterError(.other, code: "redis_wrongtype",
            "WRONGTYPE: \(key) holds a \(holds), not a \(expected); nothing was written",
            hint: "inspect it with `redis-cli TYPE \(key)`; loomctl never overwrites a key of another type")
    }

    public static func conflict(_ what: String, hint: String? = nil) -> ClusterError {
        ClusterError(.conflict, code: "conflict", what, hint: hint)
    }
}
