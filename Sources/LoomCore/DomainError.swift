/// The one shape of a library error, declared once.
///
/// Each module names its own domain (`RegistryDomain`, `HealthDomain`, …) and a typealias
/// (`RegistryError`), so every module has exactly one error type that callers can tell apart,
/// while the fields and the common constructors are written here only.
public protocol ErrorDomain: Sendable {
    /// Shown by `--verbose` traces next to the code (`registry/not_found`).
    static var name: String { get }
}

public struct DomainError<Domain: ErrorDomain>: LoomError {
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

    /// The same failure re-raised in this domain, for typed throws across a module boundary.
    public init<Other>(_ other: DomainError<Other>) {
        self.init(other.kind, code: other.code, other.message, hint: other.hint)
    }

    public static func notFound(_ what: String, hint: String? = nil) -> Self {
        Self(.notFound, code: "not_found", what, hint: hint)
    }

    /// A caller's argument that cannot be used (exit 2).
    public static func invalid(_ what: String, hint: String? = nil) -> Self {
        Self(.usage, code: "invalid_argument", what, hint: hint)
    }

    /// Data read from Redis that loomctl cannot use (exit 1): the message names the key and field.
    public static func badData(_ what: String, hint: String? = nil) -> Self {
        Self(.other, code: "bad_data", what, hint: hint)
    }

    /// A key holding another Redis type than the write needs (exit 1); nothing was written.
    public static func wrongType(key: String, holds: String, expected: String) -> Self {
        Self(.other, code: "redis_wrongtype",
            "WRONGTYPE: \(key) holds a \(holds), not a \(expected); nothing was written",
            hint: "inspect it with `redis-cli TYPE \(key)`; loomctl never overwrites a key of another type")
    }

    /// A setting outside its rule (exit 2). `setting` is the setting's kebab-case name, which the
    /// CLI turns into its flag (`capacity` → `--capacity`); the library names no flags itself.
    public static func invalidSetting(_ setting: String, _ rule: String) -> Self {
        Self(.usage, code: "invalid_setting", "\(setting) \(rule)")
    }

    public static func conflict(_ what: String, hint: String? = nil) -> Self {
        Self(.conflict, code: "conflict", what, hint: hint)
    }
}
