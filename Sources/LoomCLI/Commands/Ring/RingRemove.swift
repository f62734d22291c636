import ArgumentParser
import LoomCore
import LoomOutput
import LoomRing

extension Ring {
    /// `ring remove NODE`.
    struct Remove: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove a node's record (asks first).",
            discussion: "A node whose agent is heartbeating would re-register at once: cordon it or stop its agent first, or pass --force.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var epoch: EpochOptions
        @Argument(help: "Node id.", completion: .nodes) var node: String
        @Flag(name: .long, help: "Remove even while its agent heartbeats.") var force = false

        func run(in context: CommandContext) async throws {
            try Ring.change(context, dryRun: mutation.dryRun, epoch: epoch.epoch, question: "Remove node \(node) from the ring?") { snap in
                guard let e = snap.node(node) else {
                    throw CLIError.notFound("node '\(node)' is not registered", hint: "loomctl ring show lists the nodes")
                }
                if let ttl = e.heartbeatTTLMillis, ttl > 0, !force {
                    throw CLIError.conflict("node '\(node)' has a live agent (heartbeat expires in \(Age.format(milliseconds: ttl))); it would re-register",
                        hint: "stop the agent (SIGTERM drains and deregisters), or pass --force")
                }
                return (.remove(node), snap.nodes.filter { $0.id != node }, snap.ring.config)
            }
        }
    }
}
