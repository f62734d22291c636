import LoomCore

/// Errors of health checks.
public enum HealthDomain: ErrorDomain { public static let name = "health" }
public typealias HealthError = DomainError<HealthDomain>
