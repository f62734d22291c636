import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomRegistry

extension Actors {
    /// `actors heartbeat`: Loom's heartbeat(), refusing unknown ids unless asked (no zombies).
    struct Heartbeat: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "heartbeat", abstract: "Refresh actors' heartbeats.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor ids.", completion: .actorIds) var ids: [String]
        @Option(name: .long, help: "Heartbeat TTL in seconds.") var ttl = ActorRegistry.defaultHeartbeatTTL
        @Flag(name: .long, help: "Heartbeat unknown ids too, as Loom does (creates a partial hash).") var allowMissing = false

        func validate() throws { try Actors.validateTTL(ttl) }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            var missing: [String] = []
            for id in ids {
                if mutation.dryRun {
                    if case .found = try registry.get(id) { report.add("actor", id, "heartbeated") }
                    else if allowMissing { report.add("actor", id, "heartbeated (creating a partial hash)") }
                    else { missing.append(id) }
                } else if try registry.heartbeat(id, ttl: ttl, allowMissing: allowMissing) {
                    report.add("actor", id, "heartbeated")
                } else {
                    missing.append(id)
                }
            }
            report.print(context)
            if !missing.isEmpty {
                throw CLIError.notFound("not registered: \(missing.joined(separator: ", "))",
                    hint: "--allow-missing heartbeats unknown ids as Loom does (which leaves a zombie hash)")
            }
            if mutation.dryRun && !report.changes.isEmpty { throw CommandExit(.planHasChanges) }
        }
    }
}
