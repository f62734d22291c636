import ArgumentParser
import LoomCluster
import LoomCore
import LoomOutput

/// `loomctl dev …`: tools for demos, tests and benchmarks.
public struct Dev: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Developer tools: seed a realistic Loom dataset.", subcommands: [Seed.self])
    public init() {}

    struct Seed: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed", abstract: "Write a realistic Loom registry (plus a few broken records) to Redis.",
            discussion: "Writes through the same encoder as `actors register`, pipelined. Seeded ids are '<type>-<n>'; rerunning overwrites them.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Option(name: .long, help: "Number of actors.") var actors = 1000
        @Option(name: .long, help: "Number of actor types.") var types = 5
        @Option(name: .long, help: "Number of workers.") var workers = 3
        @Option(name: .long, help: "Fraction of actors without a heartbeat key (0–1).") var staleFraction = 0.1
        @Flag(name: .long, help: "Skip the deliberately broken records.") var noBroken = false
        @Option(name: .long, help: "Random seed (same seed, same dataset).") var seed: UInt64 = 42
        @Option(name: .long, help: "Zero-pad ids to this many digits (12 matches redis-benchmark's __rand_int__).") var idWidth: Int?

        func validate() throws {
            if actors < 0 || types < 1 || workers < 1 { throw ValidationError("--actors ≥ 0, --types ≥ 1, --workers ≥ 1") }
            if !(0...1).contains(staleFraction) { throw ValidationError("--stale-fraction must be between 0 and 1") }
        }

        func run(in context: CommandContext) async throws {
            let plan = Seeder.Plan(actors: actors, types: types, workers: workers, staleFraction: staleFraction, broken: !noBroken, randomSeed: seed, idWidth: idWidth)
            if mutation.dryRun {
                context.sink.printError("would seed \(actors) actors of \(types) types on \(workers) workers into \(try context.endpoint.display)")
                throw CommandExit(.planHasChanges)
            }
            let progress = context.progress("seeding", total: actors)
            let start = ContinuousClock.now
            let summary = try Seeder(registry: try context.registry()).seed(plan, progress: progress.update)
            progress.finish()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let json = JSONValue.object([
                ("actors", .int(Int64(summary.actors))), ("stale", .int(Int64(summary.stale))),
                ("types", .array(summary.types.map { .string($0) })), ("workers", .array(summary.workers.map { .string($0) })),
                ("broken", .array(summary.broken.map { .string($0) })), ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ])
            ObjectPrinter.print(json, format: context.format, sink: context.sink, name: "seed") {
                var text = "seeded \(summary.actors) actors (\(summary.stale) stale) of \(summary.types.count) types on \(summary.workers.count) workers in \(String(format: "%.2f", seconds))s\n"
                if !summary.broken.isEmpty { text += "broken records: \(summary.broken.joined(separator: ", "))\n" }
                return text
            }
        }
    }
}
