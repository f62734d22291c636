import ArgumentParser
import LoomCore
import LoomOutput
import LoomRegistry

extension Dev {
    struct Seed: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed", abstract: "Write a realistic Loom registry (plus a few broken records) to Redis.",
            discussion: """
                Writes through the same encoder as `actors register`, in batches. Seeded ids are '<type>-<n>'. Asks first \
                like every mutation (--yes in scripts; refused without a terminal). A registry that already holds keys is \
                refused unless --force, and even then seed NEVER overwrites a key: each record is created by a Lua script \
                only if its own keys (hash, heartbeat) do not exist yet and the sets it joins are sets, otherwise the whole \
                record is skipped and listed. --dry-run prints the plan and exits 5.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Option(name: .long, help: "Number of actors.") var actors = 1000
        @Option(name: .long, help: "Number of actor types.") var types = 5
        @Option(name: .long, help: "Number of workers.") var workers = 3
        @Option(name: .long, help: "Fraction of actors without a heartbeat key (0–1).") var staleFraction = 0.1
        @Flag(name: .long, help: "Skip the deliberately broken records.") var noBroken = false
        @Option(name: .long, help: "Random seed (same seed, same dataset).") var seed: UInt64 = 42
        @Option(name: .long, help: "Zero-pad ids to this many digits (12 matches redis-benchmark's __rand_int__).") var idWidth: Int?
        @Flag(name: .long, help: "Seed into a registry that already holds keys (existing keys are still never overwritten).")
        var force = false

        func validate() throws {
            if actors < 0 || types < 1 || workers < 1 { throw ValidationError("--actors ≥ 0, --types ≥ 1, --workers ≥ 1") }
            if actors > 100_000_000 { throw ValidationError("--actors must be at most 100000000") }
            if let w = idWidth, !(0...64).contains(w) { throw ValidationError("--id-width must be between 0 and 64") }
            if !(0...1).contains(staleFraction) { throw ValidationError("--stale-fraction must be between 0 and 1") }
        }

        func run(in context: CommandContext) async throws {
            let plan = Seeder.Plan(actors: actors, types: types, workers: workers, staleFraction: staleFraction, broken: !noBroken, randomSeed: seed, idWidth: idWidth)
            let seeder = Seeder(registry: try context.registry())
            let empty = try seeder.registryIsEmpty()
            let target = "\(try context.endpoint.display) (\(context.keyspace.actorBase):*)"
            if !empty && !force {
                throw CLIError.conflict("the registry at \(target) is not empty; refusing to seed into it",
                    hint: "seed an empty database, or pass --force (existing keys are never overwritten: their records are skipped)")
            }
            let what = "\(actors) actors of \(types) types on \(workers) workers\(noBroken ? "" : " plus broken records") into \(target)"
            if mutation.dryRun {
                context.sink.printError("would seed \(what)\(empty ? "" : " (not empty: existing keys would be skipped)")")
                throw CommandExit(.planHasChanges)
            }
            try context.confirm("Seed \(what)?")
            let progress = context.progress("seeding", total: actors)
            let start = ContinuousClock.now
            let summary = try seeder.seed(plan, progress: progress.update)
            progress.finish()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let json = JSONValue.object([
                ("actors", .int(Int64(summary.actors))), ("stale", .int(Int64(summary.stale))),
                ("types", .array(summary.types.map { .string($0) })), ("workers", .array(summary.workers.map { .string($0) })),
                ("broken", .array(summary.broken.map { .string($0) })), ("skipped", .array(summary.skipped.map { .string($0) })),
                ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ])
            context.printer.object(json, name: "seed") {
                var text = "seeded \(summary.actors) actors (\(summary.stale) stale) of \(summary.types.count) types on \(summary.workers.count) workers in \(String(format: "%.2f", seconds))s\n"
                if !summary.broken.isEmpty { text += "broken records: \(summary.broken.joined(separator: ", "))\n" }
                if !summary.skipped.isEmpty {
                    text += "skipped \(summary.skipped.count) ids whose keys already existed: \(summary.skipped.prefix(10).joined(separator: ", "))"
                    text += summary.skipped.count > 10 ? ", …\n" : "\n"
                }
                return text
            }
        }
    }
}
