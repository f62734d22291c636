import Foundation
import LoomCore
import LoomOutput
import LoomRedis

/// What one run of the command tree sees of the outside world: environment, streams, stdin,
/// and (in the shell) the session that outlives single commands.
///
/// Carried as a task-local so that command code never reads globals: the CLI, the shell and the
/// tests each install their own (the pattern of swift-log's task-local loggers).
public struct Invocation: Sendable {
    public var environment: [String: String]
    public var sink: OutputSink?
    public var stdinIsTerminal: Bool
    /// Reads one line from stdin for confirmations (injectable for tests).
    public var readLine: @Sendable () -> String?
    public var session: SessionState?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, sink: OutputSink? = nil,
        stdinIsTerminal: Bool = isatty(0) == 1, readLine: @escaping @Sendable () -> String? = { Swift.readLine() },
        session: SessionState? = nil)
    {
        self.environment = environment
        self.sink = sink
        self.stdinIsTerminal = stdinIsTerminal
        self.readLine = readLine
        self.session = session
    }

    @TaskLocal public static var current = Invocation()
}

/// State the interactive shell keeps between commands: one Redis connection per endpoint
/// (reconnected after failures) and the `use` / `set` overrides.
public final class SessionState: @unchecked Sendable {
    private let lock = NSLock()
    private var connections: [String: RedisConnection] = [:]
    public var contextOverride: String?
    public var outputOverride: OutputFormat?
    public var colorOverride: ColorMode?

    public init() {}

    /// Reuses the connection for the same endpoint and credentials.
    func connection(for endpoint: RedisEndpoint, timeouts: RedisTimeouts) throws(RedisError) -> RedisConnection {
        let key = "\(endpoint.display)|\(endpoint.password ?? "")|\(timeouts.reply)"
        lock.lock()
        defer { lock.unlock() }
        if let c = connections[key] { return c }
        let c = try RedisConnection(endpoint, timeouts: timeouts)
        connections[key] = c
        return c
    }

    public func closeAll() {
        lock.lock()
        for c in connections.values { c.close() }
        connections.removeAll()
        lock.unlock()
    }
}
