import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomKeyspace

extension Actors {
    /// `actors status ID STATUS`: Loom's updateStatus() and its event.
    struct Status: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Set an actor's status (active, idle, busy).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor id.", completion: .actorIds) var id: String
        @Argument(help: "New status: active, idle or busy.") var status: String
        @Flag(name: .long, help: "Do not publish the actor:status-changed event.") var noEvents = false

        func validate() throws {
            if !ActorRecord.validStatuses.contains(status) { throw ValidationError("status must be one of active, idle, busy") }
        }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            if mutation.dryRun {
                guard case .found(let r) = try registry.get(id) else { throw CLIError.notFound("actor '\(id)' not found") }
                if r.status != status { report.add("actor", id, "set to \(status)") }
            } else {
                guard try registry.setStatus(id, status, publish: !noEvents) else { throw CLIError.notFound("actor '\(id)' not found") }
                report.add("actor", id, "set to \(status)")
            }
            try report.finish(context)
        }
    }
}
