import ArgumentParser
import LoomCore

/// A loomctl subcommand: parse with ArgumentParser, run against a `CommandContext`.
///
/// The default `run()` builds the context from the global options and the current
/// `Invocation` (CLI, shell or test), so leaves only implement `run(in:)` and never exit the process.
public protocol LoomCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    func run(in context: CommandContext) async throws
}

extension LoomCommand {
    public mutating func run() async throws {
        let context = try CommandContext(global: global, invocation: Invocation.current)
        defer { context.sink.flush() }
        try await run(in: context)
    }
}

/// A non-error outcome with a specific exit code (a dry run with changes exits 5, a failing
/// health check 4); the command has already printed its report.
public struct CommandExit: Error, Sendable {
    public let kind: ErrorKind
    public init(_ kind: ErrorKind) { self.kind = kind }
}
