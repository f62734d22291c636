import ArgumentParser
import LoomCore
import LoomOutput
import LoomRing

extension Ring {
    struct Uncordon: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "uncordon", abstract: "Let a cordoned (or draining/down) node own actors again.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var epoch: EpochOptions
        @Argument(help: "Node id.", completion: .nodes) var node: String

        func run(in context: CommandContext) async throws {
            try Ring.setStatus(context, node: node, to: .active, dryRun: mutation.dryRun, epoch: epoch.epoch)
        }
    }
}
