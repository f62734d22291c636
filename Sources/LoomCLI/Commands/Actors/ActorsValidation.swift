import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomRegistry

extension Actors {
    /// Heartbeat TTLs must be 1 s … 1 year (ActorRegistry.heartbeatTTLRange): usage error otherwise.
    static func validateTTL(_ ttl: Int) throws {
        let r = ActorRegistry.heartbeatTTLRange
        if !r.contains(ttl) { throw ValidationError("--ttl must be between \(r.lowerBound) and \(r.upperBound) seconds") }
    }
}
