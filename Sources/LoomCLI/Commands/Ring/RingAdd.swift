import ArgumentParser
import LoomCore
import LoomOutput
import LoomRing
import LoomKeyspace

extension Ring {
    /// `ring add NODE`: a record without an agent.
    struct Add: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Register a node (without an agent).",
            discussion: """
                The node is active but NOT live until an agent heartbeats for it, unless --static, which writes a heartbeat \
                key without expiry (a node managed by hand). Adding a node that exists with the same settings does nothing.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var epoch: EpochOptions
        @Argument(help: "Node id (the workerId Loom uses for actors on it).", completion: .nodes) var node: String
        @Option(name: .long, help: "The node's Loom server URL (serverEndpoint).") var address: String
        @Option(name: .long, help: "Capacity (ring weight, > 0 and ≤ 100000).") var capacity: Double = 1
        @Option(name: .long, help: "Zone.") var zone = ""
        @Option(name: .long, help: ArgumentHelp("Label (repeatable).", valueName: "key=value")) var label: [String] = []
        @Flag(name: .long, help: "Live without an agent (heartbeat key without expiry).") var `static` = false

        func validate() throws {
            try Ring.validateCapacityFlag(capacity)
            if label.contains(where: { !$0.contains("=") }) { throw ValidationError("--label must be key=value") }
        }

        func run(in context: CommandContext) async throws {
            try NodeRecord.validateID(node)
            var r = NodeRecord(id: node)
            r.address = address
            r.capacity = capacity
            r.zone = zone
            r.labels = label.map { l in let p = l.split(separator: "=", maxSplits: 1); return (String(p[0]), p.count > 1 ? String(p[1]) : "") }
            try Ring.change(context, dryRun: mutation.dryRun, epoch: epoch.epoch, question: "Add node \(node) to the ring?") { snap in
                if let e = snap.node(node) {
                    if !e.isMalformed && e.address == r.address && e.capacity == r.capacity && e.zone == r.zone && (!`static` || e.heartbeatTTLMillis == -1) { return nil }
                    throw CLIError.invalid("node '\(node)' is already registered with other settings",
                        hint: "remove it first (`loomctl ring remove \(node)`), or let its agent re-register it")
                }
                var live = r
                if `static` { live.heartbeatTTLMillis = -1 }
                return (.register(r, liveness: `static` ? .permanent : .unchanged), snap.nodes + [live], snap.ring.config)
            }
        }
    }
}
