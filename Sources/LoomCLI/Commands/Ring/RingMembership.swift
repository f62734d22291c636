import ArgumentParser
import LoomCore
import LoomOutput
import LoomRing
import LoomKeyspace
import LoomMembership

/// `--epoch N`: pin the epoch the change was planned against.
struct EpochOptions: ParsableArguments {
    @Option(name: .long, help: "Apply only if the ring epoch is still N (default: the epoch read while planning).")
    var epoch: Int64?
}

extension Ring {
    /// Shared flow of every membership change: read → plan (who would move) → dry run or confirm →
    /// one CAS script against the epoch that was read (or --epoch).
    static func change(
        _ context: CommandContext, dryRun: Bool, epoch pinned: Int64?, question: String, repairsConfig: Bool = false,
        plan: (MembershipSnapshot) throws -> (MembershipChange, [NodeRecord], RingConfig)?
    ) throws {
        let redis = try context.redis()
        let membership = NodeMembership(redis: redis, keys: context.keyspace)
        let snapshot = try membership.read()
        try snapshot.ring.requireValid(key: context.keyspace.ringHash, allowConfigRepair: repairsConfig)
        warnMalformed(snapshot.nodes, context: context)
        if snapshot.ring.epoch > RingState.maxEpoch {
            throw CLIError.badData("ring epoch in \(context.keyspace.ringHash) is at the 64-bit maximum (\(snapshot.ring.epoch)); no change can bump it",
                hint: "repair it by hand (redis-cli HSET \(context.keyspace.ringHash) epoch <n>); loomctl never guesses an epoch")
        }
        if let pinned, pinned != snapshot.ring.epoch {
            throw CLIError.conflict("ring epoch is \(snapshot.ring.epoch), not \(pinned) as given by --epoch; rerun",
                hint: "`loomctl ring show` shows the current epoch")
        }
        var report = ChangeReport(dryRun: dryRun)
        guard let (change, afterNodes, afterConfig) = try plan(snapshot) else {
            try report.finish(context)
            return
        }
        // A stored ring that cannot be built must not block the change that repairs it (`ring remove`).
        let before = buildOrWarn(context, state: snapshot.ring, nodes: snapshot.nodes)
        var afterState = snapshot.ring
        afterState.config = afterConfig
        let after = try ClusterRing(state: afterState, nodes: afterNodes, source: .agent)
        var diff: RingSimulation?
        if let before { diff = try placementDiff(context, before: before, after: after) }
        let (kind, id, action) = describe(change)
        var detail: [(String, JSONValue)] = [("epoch", .int(snapshot.ring.epoch))]
        if let diff { detail.append(("placement", movementsJSON(diff))) }
        if !dryRun {
            try context.confirm(question + (diff.map { " (\($0.movedCount) of \($0.keyCount) actors change owner)" } ?? ""))
            let outcome = try membership.apply(change, expectedEpoch: pinned ?? snapshot.ring.epoch,
                previous: snapshot.node(change.nodeId), by: "loomctl:\(context.environment["USER"] ?? "operator")")
            guard case .applied(let e) = outcome else {
                try report.finish(context)
                return
            }
            detail.append(("newEpoch", .int(e)))
        }
        report.add(kind, id, action, detail: .object(detail))
        report.print(context)
        if let diff, !context.format.isMachineReadable, context.format != .name {
            var text = "  \(diff.movedCount) of \(diff.keyCount) registered actors \(dryRun ? "would change" : "changed") owner"
            text += " (\(percent(diff.movedFraction * 100)), ideal \(percent(diff.idealFraction * 100)))"
            for m in diff.movements.prefix(5) { text += "\n    \(m.count) \(TerminalText.escape(m.from)) → \(TerminalText.escape(m.to))" }
            if diff.movements.count > 5 { text += "\n    … \(diff.movements.count - 5) more" }
            context.sink.print(text)
        }
        if dryRun { throw CommandExit(.planHasChanges) }
    }

    /// The stored ring, or nil with a warning when it cannot be built (then the plan has no placement diff).
    static func buildOrWarn(_ context: CommandContext, state: RingState, nodes: [NodeRecord]) -> ClusterRing? {
        let result = Result { try ClusterRing(state: state, nodes: nodes, source: .agent) }
        if case .failure(let e) = result { context.sink.warn("\(e); the plan cannot show which actors move") }
        return try? result.get()
    }

    static func describe(_ c: MembershipChange) -> (String, String, String) {
        switch c {
        case .register(let r, _): return ("node", r.id, "added")
        case .remove(let id): return ("node", id, "removed")
        case .setStatus(let id, let s): return ("node", id, s == .active ? "uncordoned" : s == .cordoned ? "cordoned" : "set to \(s.rawValue)")
        case .configure: return ("ring", "config", "reconfigured")
        }
    }

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

    static func setStatus(_ context: CommandContext, node: String, to status: NodeStatus, dryRun: Bool, epoch: Int64?) throws {
        let verb = status == .active ? "Uncordon" : "Cordon"
        try change(context, dryRun: dryRun, epoch: epoch, question: "\(verb) node \(node)?") { snap in
            guard let e = snap.node(node) else { throw CLIError.notFound("node '\(node)' is not registered", hint: "loomctl ring show lists the nodes") }
            if e.status == status { return nil }
            let after = snap.nodes.map { n -> NodeRecord in
                var n = n
                if n.id == node { n.status = status }
                return n
            }
            return (.setStatus(node, status), after, snap.ring.config)
        }
    }

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
