import LoomCore

/// Errors of the dev node and dev cluster.
public enum DevDomain: ErrorDomain { public static let name = "dev" }
public typealias DevError = DomainError<DevDomain>
