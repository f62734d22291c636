import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis
import LoomRegistry

extension Actors {
    /// `actors cleanup`: stale actors, dangling index entries and zombie hashes, each removed atomically.
    struct Cleanup: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "cleanup", abstract: "Remove dead actors and repair the registry's indexes.",
            discussion: """
                Finds actors whose heartbeat key has expired, ids in the index sets whose hash is gone, ids in a type \
                set whose hash names another type (re-registered under a new type), and partial 'zombie' hashes. Each removal re-checks the heartbeat inside Redis (Lua), so an actor that heartbeats \
                during cleanup is kept. Collisions (WRONGTYPE keys) are reported, never deleted. Safe to interrupt and rerun.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Flag(name: .long, help: "Do not publish actor:unregistered events.") var noEvents = false

        func run(in context: CommandContext) async throws {
            let cleanup = ActorCleanup(registry: try context.registry())
            let scanning = context.progress("scanning registry")
            let findings = try cleanup.plan(progress: scanning.update)
            scanning.finish()
            let changes = findings.filter(\.willChange)
            if mutation.dryRun || changes.isEmpty {
                print(findings, context: context)
                if changes.isEmpty && findings.isEmpty, context.printer.isTable {
                    context.sink.printError("Registry is clean.")
                }
                if !changes.isEmpty { throw CommandExit(.planHasChanges) }
                return
            }
            try context.confirm("Apply \(changes.count) registry repairs (\(summary(changes)))?")
            let applying = context.progress("cleaning", total: changes.count)
            let outcome = try cleanup.apply(changes, publish: !noEvents, progress: applying.update, shouldStop: { Task.isCancelled })
            applying.finish()
            let json = JSONValue.object([
                ("unregistered", .int(Int64(outcome.removed))),
                ("indexEntriesRemoved", .int(Int64(outcome.repairedIndexEntries))),
                ("zombiesDeleted", .int(Int64(outcome.deletedZombies))),
                ("misIndexedRemoved", .int(Int64(outcome.removedMisIndexed))),
                ("skipped", .int(Int64(outcome.skipped))),
                ("collisions", .int(Int64(findings.count - changes.count))),
            ])
            context.printer.object(json, name: "cleanup") {
                """
                unregistered \(outcome.removed) stale actors, removed \(outcome.repairedIndexEntries) dangling index entries, \
                deleted \(outcome.deletedZombies) zombie hashes, removed \(outcome.removedMisIndexed) mis-indexed type-set entries\(outcome.skipped > 0 ? ", skipped \(outcome.skipped) that changed meanwhile" : "")

                """
            }
            if findings.count > changes.count {
                context.sink.warn("\(findings.count - changes.count) collision keys need manual attention (see --dry-run)")
            }
        }

        func summary(_ f: [ActorCleanup.Finding]) -> String {
            ActorCleanup.Finding.Kind.allCases.compactMap { k in
                let n = f.filter { $0.kind == k }.count
                return n > 0 ? "\(n) \(k.rawValue)" : nil
            }.joined(separator: ", ")
        }

        func print(_ findings: [ActorCleanup.Finding], context: CommandContext) {
            let printer = context.listPrinter(headers: ["KIND", "ID", "KEY", "ACTION", "REASON"])
            for f in findings {
                printer.add(Row(json: f.json(),
                    cells: [Cell(f.kind.rawValue, style: f.kind == .collision ? .red : .yellow), Cell(f.id), Cell(f.key), Cell(f.action), Cell(f.reason)],
                    name: f.id))
            }
            printer.finish(emptyMessage: "")
        }
    }

}
