import LoomCore
import LoomRedis
import LoomKeyspace

/// Loom's Redis-shared circuit breakers (`circuit:{actorType}:*`, contract §5.7 and §8).
public struct CircuitBreakerState: Sendable {
    public var actorType: String
    /// CLOSED, OPEN or HALF_OPEN (an absent state key means CLOSED).
    public var state: String
    public var failures: Int64
    public var halfOpenAttempts: Int64
    public var halfOpenSuccesses: Int64
    public var lastFailureMillis: Int64?
    public var failureThreshold: Int64
    public var timeoutMillis: Int64
    public var halfOpenRequests: Int64
    public var configProblem: String?

    /// Loom moves OPEN → HALF_OPEN on the next request once `now - lastFailure ≥ timeout`.
    public func wouldProbe(now: Int64) -> Bool {
        state == "OPEN" && lastFailureMillis.map { now.subtractingReportingOverflow($0).overflow || now &- $0 >= timeoutMillis } ?? true
    }

    public func json(now: Int64) -> JSONValue {
        .object([
            ("actorType", .string(actorType)), ("state", .string(state)), ("failures", .int(failures)),
            ("halfOpenAttempts", .int(halfOpenAttempts)), ("halfOpenSuccesses", .int(halfOpenSuccesses)),
            ("lastFailure", lastFailureMillis.map { .string(Timestamp.iso(millis: $0)) } ?? .null),
            ("sinceLastFailureMs", lastFailureMillis.map { let d = now.subtractingReportingOverflow($0); return d.overflow ? .null : .int(d.partialValue) } ?? .null),
            ("config", .object([("failureThreshold", .int(failureThreshold)), ("timeout", .int(timeoutMillis)),
                ("halfOpenRequests", .int(halfOpenRequests))])),
            ("configProblem", JSONValue(configProblem)),
        ])
    }
}

public struct BreakerHealth: Sendable {
    public let redis: any RedisClient
    public let keys: Keyspace
    static let suffixes = ["state", "failures", "halfOpenAttempts", "halfOpenSuccesses", "lastFailure", "config"]

    public init(redis: any RedisClient, keys: Keyspace) {
        self.redis = redis
        self.keys = keys
    }

    func key(_ type: String, _ suffix: String) -> String { keys.circuitKey(type, suffix) }

    /// Actor types that have any breaker key (found by SCAN; types may contain ':').
    public func types() throws(RedisError) -> [String] {
        let prefix = keys.circuitBase
        var types = Set<String>()
        // COUNT 10000: MATCH filters on the server; a large registry means millions of keys to walk.
        try redis.scan(match: Keyspace.globEscape(prefix) + "*", count: 10_000) { batch in
            for k in batch {
                let rest = k.dropFirst(prefix.count)
                for s in Self.suffixes where rest.hasSuffix(":" + s) {
                    types.insert(String(rest.dropLast(s.count + 1)))
                    break
                }
            }
            return true
        }
        return types.sorted()
    }

    public func read(_ types: [String]) throws(RedisError) -> [CircuitBreakerState] {
        guard !types.isEmpty else { return [] }
        let replies = try redis.pipeline(types.map { t in .mget(Self.suffixes.map { key(t, $0) }) })
        return zip(types, replies).map { type, reply in
            let v = (reply.array ?? []).map(\.string)
            func int(_ i: Int) -> Int64? { i < v.count ? v[i].flatMap { Int64($0) } : nil }
            var s = CircuitBreakerState(actorType: type, state: (v.first ?? nil) ?? "CLOSED", failures: int(1) ?? 0,
                halfOpenAttempts: int(2) ?? 0, halfOpenSuccesses: int(3) ?? 0, lastFailureMillis: int(4),
                failureThreshold: 5, timeoutMillis: 60_000, halfOpenRequests: 3, configProblem: nil)
            if v.count > 5, let raw = v[5] {
                if let cfg = try? JSONValue.parse(raw) {
                    s.failureThreshold = cfg["failureThreshold"]?.intValue ?? 5
                    s.timeoutMillis = cfg["timeout"]?.intValue ?? 60_000
                    s.halfOpenRequests = cfg["halfOpenRequests"]?.intValue ?? 3
                } else {
                    s.configProblem = "config is not valid JSON; Loom falls back to its defaults"
                }
            }
            return s
        }
    }

    /// `knownTypes` (a sampled run): read those types' breakers directly instead of finding breakers
    /// with a SCAN walk of the keyspace (seconds at a million actors); types without any key are left out.
    public func run(knownTypes: [String]? = nil) throws(RedisError) -> [CheckResult] {
        let now = Timestamp.nowMillis()
        var states: [CircuitBreakerState]
        if let knownTypes {
            let present = try redis.pipeline(knownTypes.map { t in .exists(Self.suffixes.map { key(t, $0) }) }).map { ($0.int ?? 0) > 0 }
            states = try read(zip(knownTypes, present).filter(\.1).map(\.0))
        } else {
            states = try read(try types())
        }
        if states.isEmpty {
            return [CheckResult(.breakers, "breakers", .healthy,
                knownTypes == nil ? "no circuit breakers in use" : "no circuit breakers for the sampled actor types (--exact also scans for others)")]
        }
        return states.map { s in
            let status: HealthStatus
            var reason: String
            switch s.state {
            case "OPEN":
                status = .unhealthy
                let since = s.lastFailureMillis.map { let d = now.subtractingReportingOverflow($0); return d.overflow ? "" : " \(Self.age(d.partialValue)) after the last failure" } ?? ""
                reason = "OPEN: \(s.failures) failures (threshold \(s.failureThreshold))\(since); "
                    + (s.wouldProbe(now: now) ? "next request probes (HALF_OPEN)" : "retries after \(s.timeoutMillis / 1000)s")
            case "HALF_OPEN":
                status = .degraded
                reason = "HALF_OPEN: \(s.halfOpenSuccesses)/\(s.halfOpenRequests) trial successes, \(s.halfOpenAttempts) attempts"
            case "CLOSED":
                status = .healthy
                reason = s.failures > 0 ? "CLOSED with \(s.failures)/\(s.failureThreshold) failures" : "CLOSED"
            default:
                status = .degraded
                reason = "unknown state '\(s.state)'"
            }
            if let p = s.configProblem { reason += "; \(p)" }
            return CheckResult(.breakers, "breaker/\(s.actorType)", s.configProblem != nil ? max(status, .degraded) : status, reason,
                details: s.json(now: now))
        }
    }

    /// `health breakers reset TYPE`: deletes state and counters (keeps config), as a successful
    /// HALF_OPEN → CLOSED transition would. Returns the keys removed.
    public func reset(_ type: String) throws(RedisError) -> Int64 {
        try redis.send(.del(["state", "failures", "halfOpenAttempts", "halfOpenSuccesses", "lastFailure"].map { key(type, $0) })).int ?? 0
    }

    static func age(_ ms: Int64) -> String {
        let s = ms / 1000
        return s < 120 ? "\(s)s" : s < 7200 ? "\(s / 60)m" : "\(s / 3600)h"
    }
}
