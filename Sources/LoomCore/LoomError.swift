/// What went wrong, in the terms of the exit-code table (docs/exit-codes.md).
///
/// Every module has its own error type; each exposes one of these kinds, and only the CLI edge
/// (`ExitStatus.classify`) turns a kind into a process exit code.
public enum ErrorKind: String, Sendable, Hashable, CaseIterable {
    case other
    case usage
    case notFound
    case unhealthy
    case planHasChanges
    case conflict
    case unreachable
    case interrupted

}

/// The common face of every module's error type.
public protocol LoomError: Error, CustomStringConvertible, Sendable {
    var kind: ErrorKind { get }
    /// Stable snake_case identifier used in the JSON error envelope (`redis_unreachable`, ...).
    var code: String { get }
    /// One line, already redacted.
    var message: String { get }
    /// Optional one-line hint for humans.
    var hint: String? { get }
}

extension LoomError {
    public var hint: String? { nil }
    public var description: String { message }
}

/// Errors of LoomCore itself: configuration and input handling.
public enum CoreDomain: ErrorDomain { public static let name = "core" }
public typealias CoreError = DomainError<CoreDomain>

extension DomainError where Domain == CoreDomain {
    public static func usage(_ message: String, hint: String? = nil) -> CoreError {
        CoreError(.usage, code: "usage", message, hint: hint)
    }

    public static func config(_ message: String, hint: String? = nil) -> CoreError {
        CoreError(.usage, code: "bad_config", message, hint: hint)
    }

    /// A named context missing from the config file (exit 3), with the known names as a hint.
    public static func contextNotFound(_ name: String, in config: ConfigFile, path: String) -> CoreError {
        let known = config.contexts.map(\.name)
        return CoreError(.notFound, code: "context_not_found", "context '\(name)' not found in \(path)",
            hint: known.isEmpty ? "create one"
                : "known contexts: \(known.joined(separator: ", "))")
    }
}
