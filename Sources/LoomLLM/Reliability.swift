import Foundation

/// Time source for retries, Retry-After dates, cooldowns and ledger days; injectable so tests run a
/// virtual clock instead of sleeping.
public protocol LLMClock: Sendable {
    /// Wall-clock seconds since 1970.
    func now() -> Double
    /// Sleeps; throws `CancellationError` when the task is cancelled.
    func sleep(seconds: Double) async throws
}

public struct SystemClock: LLMClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
    public func sleep(seconds: Double) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
    }
}

/// Retries on 429, 5xx (not 501), connection errors and timeouts: exponential backoff with full jitter
/// (`random(0, min(maxDelay, baseDelay·2^attempt))`, the AWS "full jitter" scheme that spreads clients
/// apart), unless the provider said how long to wait. A provider wait longer than `maxRetryAfter` is not
/// slept: the client falls back to the next target at once (or fails fast if there is none), as LiteLLM
/// does.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var baseDelay: Double
    public var maxDelay: Double
    public var maxRetryAfter: Double

    public init(maxRetries: Int = 2, baseDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 10) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    func backoff(attempt: Int, random: Double) -> Double {
        random * min(maxDelay, baseDelay * pow(2, Double(attempt)))
    }
}

/// After `failureThreshold` consecutive transient failures (each failed HTTP attempt counts), a
/// `provider:model` is skipped for `seconds`.
public struct CooldownPolicy: Sendable, Equatable {
    public var failureThreshold: Int
    public var seconds: Double

    public init(failureThreshold: Int = 3, seconds: Double = 60) {
        self.failureThreshold = failureThreshold
        self.seconds = seconds
    }
}

/// In-process cooldown state. `shared` is used by default so every client in one loomctl process (the
/// REPL creates one per turn) sees the same state.
public final class CooldownTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: Int] = [:]
    private var until: [String: Double] = [:]

    public static let shared = CooldownTracker()

    public init() {}

    /// Seconds left in `label`'s cooldown, or nil when it may be used.
    public func remaining(_ label: String, now: Double) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        guard let u = until[label] else { return nil }
        if u <= now {
            until[label] = nil
            failures[label] = 0
            return nil
        }
        return u - now
    }

    /// Records a transient failure; returns true when this failure starts a cooldown.
    @discardableResult
    public func recordFailure(_ label: String, now: Double, policy: CooldownPolicy) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let n = (failures[label] ?? 0) + 1
        failures[label] = n
        if n >= policy.failureThreshold {
            until[label] = now + policy.seconds
            return true
        }
        return false
    }

    public func recordSuccess(_ label: String) {
        lock.lock()
        defer { lock.unlock() }
        failures[label] = 0
        until[label] = nil
    }
}
