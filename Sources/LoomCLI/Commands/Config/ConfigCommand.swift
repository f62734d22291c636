import LoomCore
import LoomOutput

/// Config commands resolve settings leniently: they must work when the current context is broken.
protocol ConfigCommand: LoomCommand {}

extension ConfigCommand {
    mutating func run() async throws {
        let context = try CommandContext(global: global, invocation: Invocation.current, lenient: true)
        defer { context.sink.flush() }
        try await run(in: context)
    }
}
