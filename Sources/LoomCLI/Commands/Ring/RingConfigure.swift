import ArgumentParser
import LoomCore
import LoomOutput
import LoomRing

extension Ring {
    /// `ring configure`: the stored ring configuration, under the same epoch.
    struct Configure: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "configure", abstract: "Change the stored ring configuration (algorithm, seed, points, load factor).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var epoch: EpochOptions
        @Option(name: .long, help: "murmur3 or ketama.") var algorithm: RingAlgorithm?
        @Option(name: .long, help: "MurmurHash3 seed.") var seed: UInt32?
        @Option(name: .long, help: "Virtual points per unit of capacity.") var pointsPerCapacity: Int?
        @Option(name: .long, help: "Bounded-loads factor (≥ 1; 0 turns it off).") var loadFactor: Double?

        func validate() throws {
            if algorithm == nil && seed == nil && pointsPerCapacity == nil && loadFactor == nil {
                throw ValidationError("give at least one of --algorithm, --seed, --points-per-capacity, --load-factor")
            }
            try Ring.validateConfigFlags(pointsPerCapacity: pointsPerCapacity, loadFactor: loadFactor)
        }

        func run(in context: CommandContext) async throws {
            try Ring.change(context, dryRun: mutation.dryRun, epoch: epoch.epoch, question: "Change the ring configuration?",
                repairsConfig: true) { snap in
                var c = snap.ring.config
                if let algorithm { c.algorithm = algorithm }
                if let seed { c.seed = seed }
                if let pointsPerCapacity { c.pointsPerCapacity = pointsPerCapacity }
                if let loadFactor { c.loadFactor = loadFactor == 0 ? nil : loadFactor }
                if c == snap.ring.config && snap.ring.epoch > 0 && snap.ring.problems.isEmpty { return nil }
                return (.configure(c), snap.nodes, c)
            }
        }
    }
}
