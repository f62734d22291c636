import LoomCore

/// Errors the command layer raises itself (state files, flag combinations, lookups a command
/// makes on top of the libraries); library errors pass through unchanged.
public enum CLIDomain: ErrorDomain { public static let name = "cli" }
public typealias CLIError = DomainError<CLIDomain>
