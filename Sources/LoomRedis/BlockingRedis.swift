import Foundation

/// Runs a long blocking Redis loop (a SUBSCRIBE, a watch, an agent) on a thread of its own.
///
/// Redis calls block their thread (docs/architecture.md, "Blocking Redis and Swift concurrency").
/// A short command or a listing may block the async task that issued it; a loop that lives for
/// minutes must not hold one of the few cooperative-pool threads, so it runs here. Task
/// cancellation is forwarded: `isCancelled` turns true when the awaiting task is cancelled.
public enum BlockingRedis {
    public static func run<T: Sendable>(
        name: String, _ body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T
    ) async throws -> T {
        let flag = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let thread = Thread {
                    do {
                        continuation.resume(returning: try body { flag.isSet })
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = name
                thread.start()
            }
        } onCancel: {
            flag.set()
        }
    }

    private final class CancelFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
        func set() {
            lock.lock()
            value = true
            lock.unlock()
        }
    }
}
