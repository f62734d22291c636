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
        if let diff, context.printer.isTable {
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

}
