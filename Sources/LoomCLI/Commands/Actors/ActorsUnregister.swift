import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRedis

extension Actors {
    /// `actors unregister`: Loom's unregister(), atomic, also repairing a dangling index entry.
    struct Unregister: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "unregister", abstract: "Remove actors from the registry (asks first).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor ids.", completion: .actorIds) var ids: [String]
        @Flag(name: .long, help: "Do not publish actor:unregistered events.") var noEvents = false

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            var missing: [String] = []
            if mutation.dryRun {
                for id in ids {
                    if case .found = try registry.get(id) { report.add("actor", id, "unregistered") } else { missing.append(id) }
                }
            } else {
                try context.confirm("Unregister \(ids.count == 1 ? "actor \(ids[0])" : "\(ids.count) actors")?")
                for id in ids {
                    switch try registry.unregister(id, publish: !noEvents) {
                    case .removed: report.add("actor", id, "unregistered")
                    case .repairedDangling: report.add("actor", id, "removed from the index (hash was already gone)")
                    case .notFound: missing.append(id)
                    }
                }
            }
            report.print(context)
            if !missing.isEmpty { throw CLIError.notFound("not registered: \(missing.joined(separator: ", "))") }
            if mutation.dryRun && !report.changes.isEmpty { throw CommandExit(.planHasChanges) }
        }
    }
}
