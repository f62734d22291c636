import Foundation

extension BlockingRedis {
    /// Starts `body` on a thread of its own and returns at once; `join()` waits for its result.
    ///
    /// For a bounded blocking walk that overlaps with another on the caller's thread, each on a
    /// connection of its own (`actors stats`' keyspace pass beside its per-actor pass): fanning
    /// blocking calls out over tasks would hold cooperative-pool threads (docs/architecture.md).
    /// `body` gets the stop flag to poll (`Background.stop`).
    package static func start<T: Sendable>(
        name: String, _ body: @escaping @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) throws -> T
    ) -> Background<T> {
        let background = Background<T>()
        let thread = Thread { background.finish(Result { try body { background.shouldStop } }) }
        thread.name = name
        thread.start()
        return background
    }

    /// A running `start` body: its result once it returns, and a stop flag it may poll.
    package final class Background<T: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<T, any Error>?
        private var stopRequested = false

        fileprivate func finish(_ r: Result<T, any Error>) {
            condition.lock()
            result = r
            condition.broadcast()
            condition.unlock()
        }

        /// Asks the body to stop early (it polls `shouldStop`); `join` still waits for it.
        package func stop() {
            condition.lock()
            stopRequested = true
            condition.unlock()
        }

        package var shouldStop: Bool {
            condition.lock()
            defer { condition.unlock() }
            return stopRequested
        }

        /// Waits for the body and returns what it returned, or throws what it threw.
        package func join() throws -> T {
            condition.lock()
            defer { condition.unlock() }
            while result == nil { condition.wait() }
            return try result!.get()
        }
    }
}
