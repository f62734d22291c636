import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis
import LoomRegistry
import LoomMembership
import LoomHealth

/// Probe and eviction flags of `health nodes`.
struct NodeCheckOptions: ParsableArguments {
    @Flag(name: .long, help: "Skip the HTTP probes of /health and /ready.") var noProbe = false
    @Option(name: .long, help: "Consecutive probe failures that open a node's probe circuit.") var breakerThreshold = 3
    @Option(name: .long, help: "Seconds a node's probe circuit stays open.") var breakerCooldown: Double = 60

    func nodeOptions(_ rules: HealthRules) -> NodeHealth.Options {
        var o = NodeHealth.Options()
        o.probe = !noProbe
        o.timeoutMs = rules.probeTimeoutMs
        o.breakerThreshold = max(1, breakerThreshold)
        o.breakerCooldownMs = Int64(breakerCooldown * 1000)
        return o
    }
}

enum NodeChecks {
    static func make(context: CommandContext, options nodeOptions: NodeHealth.Options)
        -> (@Sendable (any RedisClient, ActorRegistry, () throws -> ActorCensus) throws -> NodeCheckOutcome)
    {
        let keys = context.keyspace
        return { redis, registry, census in
            let outcome = try NodeHealth(membership: NodeMembership(redis: redis, keys: keys), registry: registry, options: nodeOptions)
                .run(census: census)
            return NodeCheckOutcome(checks: outcome.checks, downNodes: outcome.downNodes)
        }
    }
}

extension Health {
    /// `health nodes [--evict --after K]`.
    struct Nodes: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "nodes", abstract: "Heartbeats, status and HTTP probes of every node; optionally evict failing nodes.",
            discussion: """
                --evict marks nodes that failed K consecutive checks (--after, counted across runs in Redis) as down, \
                which removes them from the ring (epoch bump). Use --dry-run to see the plan (exit 5).
                """)
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions
        @OptionGroup var nodeOptions: NodeCheckOptions
        @OptionGroup var mutation: MutationOptions
        @Flag(name: .long, help: "Mark nodes that failed --after consecutive checks as down.") var evict = false
        @Option(name: .long, help: "Consecutive unhealthy checks before --evict acts.") var after = 3

        func validate() throws {
            if after < 1 { throw ValidationError("--after must be at least 1") }
            if mutation.dryRun && !evict { throw ValidationError("--dry-run applies to --evict") }
            if evict && options.watch { throw ValidationError("--evict cannot be combined with --watch") }
        }

        func run(in context: CommandContext) async throws {
            guard evict else {
                try await Health.execute([.nodes], options: options, context: context,
                    nodeOptions: nodeOptions.nodeOptions(options.rules(context)), summary: false)
                return
            }
            let redis = try context.redis()
            let keys = context.keyspace
            let membership = NodeMembership(redis: redis, keys: keys)
            let registry = ActorRegistry(redis: redis, keys: keys)
            let outcome = try NodeHealth(membership: membership, registry: registry, options: nodeOptions.nodeOptions(options.rules(context)))
                .run(census: { try ActorCensus.collect(registry, plan: options.samplingPlan, exact: options.exact) })
            // Tables show the checks above the plan; machine formats carry only the plan (one document).
            if context.printer.isTable {
                Health.render(HealthReport(checks: outcome.checks), context: context, summary: false, streaming: false)
            }
            var report = ChangeReport(dryRun: mutation.dryRun)
            let candidates = outcome.evictionCandidates(after: after)
            let victims = candidates.map(\.node)
            for c in candidates {
                report.add("node", c.node.id, "marked down (\(c.consecutiveUnhealthy) consecutive unhealthy checks)")
            }
            if !mutation.dryRun && !victims.isEmpty {
                try context.confirm("Mark \(victims.map(\.id).joined(separator: ", ")) down and remove from the ring?")
                try membership.evict(victims, fromEpoch: outcome.snapshot.ring.epoch, by: "loomctl health")
            }
            try report.finish(context)
        }
    }
}
