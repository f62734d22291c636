import ArgumentParser
import LoomCore
import LoomOutput
import LoomRing

extension Ring {
    struct Cordon: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "cordon", abstract: "Stop a node from owning actors (keeps its record).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var epoch: EpochOptions
        @Argument(help: "Node id.", completion: .nodes) var node: String

        func run(in context: CommandContext) async throws {
            try Ring.setStatus(context, node: node, to: .cordoned, dryRun: mutation.dryRun, epoch: epoch.epoch)
        }
    }
}
