import LoomCore

/// Errors of node membership, the ring's placement and the agent.
public enum MembershipDomain: ErrorDomain { public static let name = "membership" }
public typealias MembershipError = DomainError<MembershipDomain>
