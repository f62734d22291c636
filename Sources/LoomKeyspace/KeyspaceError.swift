import LoomCore

/// Errors of Loom's keyspace model: ids and records that break its rules.
public enum KeyspaceDomain: ErrorDomain { public static let name = "keyspace" }
public typealias KeyspaceError = DomainError<KeyspaceDomain>
