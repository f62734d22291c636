import LoomCore

/// Errors of actor routing and the routing strategies.
public enum RoutingDomain: ErrorDomain { public static let name = "routing" }
public typealias RoutingError = DomainError<RoutingDomain>
