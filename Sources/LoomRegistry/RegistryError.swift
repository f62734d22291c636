import LoomCore

/// Errors of the actor registry: reads, writes, cleanup, stats, seeding.
public enum RegistryDomain: ErrorDomain { public static let name = "registry" }
public typealias RegistryError = DomainError<RegistryDomain>
