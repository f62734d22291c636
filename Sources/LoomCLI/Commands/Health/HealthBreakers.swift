import ArgumentParser
import LoomCore
import LoomOutput
import LoomHealth

extension Health {
    /// `health breakers [show]` and `health breakers reset TYPE`.
    struct Breakers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "breakers", abstract: "Loom's shared circuit breakers (circuit:{type}:*).",
            subcommands: [Show.self, Reset.self], defaultSubcommand: Show.self)

        struct Show: LoomCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "State, failures, time since last failure and config per actor type.")
            @OptionGroup(title: "Global Options") var global: GlobalOptions
            @OptionGroup var options: HealthOptions

            func run(in context: CommandContext) async throws {
                try await Health.execute([.breakers], options: options, context: context, summary: false)
            }
        }

        struct Reset: LoomCommand {
            static let configuration = CommandConfiguration(
                commandName: "reset", abstract: "Close a breaker: delete its state and counters (config is kept).")
            @OptionGroup(title: "Global Options") var global: GlobalOptions
            @OptionGroup var mutation: MutationOptions
            @Argument(help: "Actor type.", completion: .actorTypes) var type: String

            func run(in context: CommandContext) async throws {
                let health = BreakerHealth(redis: try context.redis(), keys: context.keyspace)
                guard let state = try health.read([type]).first, try health.types().contains(type) else {
                    throw CLIError.notFound("no circuit breaker keys for actor type '\(type)'")
                }
                var report = ChangeReport(dryRun: mutation.dryRun)
                if state.state != "CLOSED" || state.failures > 0 || state.halfOpenAttempts > 0 {
                    report.add("breaker", type, "reset from \(state.state) (\(state.failures) failures) to CLOSED")
                }
                if !mutation.dryRun && !report.changes.isEmpty {
                    try context.confirm("Reset the \(state.state) circuit breaker of \(type)?")
                    _ = try health.reset(type)
                }
                try report.finish(context)
            }
        }
    }
}
