import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRing
import LoomKeyspace
import LoomMembership

extension RingAlgorithm: ExpressibleByArgument {}

/// `loomctl ring …`: node membership and consistent-hash placement (docs/keyspace.md).
public struct Ring: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ring",
        abstract: "Node membership and the consistent-hash ring that places actors.",
        discussion: """
            Nodes come from loomctl's membership records (written by `loomctl agent` or `ring add`); when none exist \
            they are inferred from the actor registry's workerIds. Eligible nodes (live and active) own the ring. \
            --nodes a,b:2,c@eu-1 builds the ring offline, without Redis.
            """,
        subcommands: [Show.self, Lookup.self, Simulate.self, Misplaced.self, Add.self, Remove.self, Cordon.self, Uncordon.self,
            Configure.self])

    public init() {}
}

/// Where the ring comes from and what-if overrides of its configuration.
struct RingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Offline: build the ring from this node list (id[:capacity][@zone],...) without Redis.", valueName: "list"))
    var nodes: String?

    @Option(name: .long, help: "Override the algorithm: murmur3 or ketama.") var algorithm: RingAlgorithm?
    @Option(name: .long, help: "Override the MurmurHash3 seed.") var seed: UInt32?
    @Option(name: .long, help: "Override the virtual points per unit of capacity.") var pointsPerCapacity: Int?
    @Option(name: .long, help: "Override the bounded-loads factor (e.g. 1.25; 0 = off).") var loadFactor: Double?

    var isOffline: Bool { nodes != nil }

    func validate() throws {
        try Ring.validateConfigFlags(pointsPerCapacity: pointsPerCapacity, loadFactor: loadFactor)
    }

    func apply(_ c: inout RingConfig) {
        if let algorithm { c.algorithm = algorithm }
        if let seed { c.seed = seed }
        if let pointsPerCapacity { c.pointsPerCapacity = pointsPerCapacity }
        if let loadFactor { c.loadFactor = loadFactor == 0 ? nil : loadFactor }
    }

    /// The ring: offline from --nodes, else from Redis (registered or inferred nodes).
    func load(_ context: CommandContext) throws -> ClusterRing {
        if let nodes {
            var config = RingConfig()
            apply(&config)
            return try ClusterRing.offline(nodes, config: config)
        }
        let redis = try context.redis()
        let cluster = try ClusterRing.load(membership: NodeMembership(redis: redis, keys: context.keyspace), registry: try context.registry(),
            configOverride: { apply(&$0) })
        Ring.warnMalformed(cluster.nodes, context: context)
        return cluster
    }
}

extension Ring {
    /// Synthetic ids are held in memory (about 100 bytes each): 10M is ~1 GB, the sane ceiling.
    static let maxSyntheticKeys = 10_000_000

    /// Usage errors (exit 2) for ring-config flags outside RingConfig's valid ranges.
    static func validateConfigFlags(pointsPerCapacity: Int?, loadFactor: Double?) throws {
        if let p = pointsPerCapacity, !RingConfig.isValidPointsPerCapacity(p) {
            throw ValidationError("--points-per-capacity must be between 1 and \(HashRing.maxPoints)")
        }
        if let f = loadFactor, f != 0, !RingConfig.isValidLoadFactor(f) {
            throw ValidationError("--load-factor must be between 1 and \(Int(RingConfig.maxLoadFactor)) (or 0 for off)")
        }
    }

    /// Usage error (exit 2) for a --capacity outside RingNode's valid range.
    static func validateCapacityFlag(_ capacity: Double) throws {
        if !RingNode.isValidCapacity(capacity) {
            throw ValidationError("--capacity must be a number > 0 and ≤ \(Int(RingNode.maxCapacity))")
        }
    }

    /// A node record that did not parse is listed with its problems and skipped by the ring;
    /// say so on stderr once per command (never fatal: `ring remove` repairs it).
    static func warnMalformed(_ nodes: [NodeRecord], context: CommandContext) {
        for n in nodes where !n.problems.isEmpty {
            context.sink.warn("node record \(context.keyspace.nodeHash(n.id)): \(n.problems.joined(separator: "; "))")
        }
    }

    static func percent(_ d: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f%%", d) }
    static func ratio(_ d: Double) -> String { String(format: "%.3f", d) }

    static func liveCell(_ n: NodeRecord) -> Cell {
        switch n.heartbeatTTLMillis {
        case nil: return Cell("no", style: .red)
        case .some(-1): return Cell(n.source == .agent ? "static" : "yes", style: .green)
        case let ttl?: return Cell(Age.format(milliseconds: ttl), style: .green)
        }
    }

    static func statusCell(_ n: NodeRecord) -> Cell {
        switch n.status {
        case .active: return Cell(n.isLive ? "active" : "active (down)", style: n.isLive ? .green : .red)
        case .cordoned, .draining: return Cell(n.status.rawValue, style: .yellow)
        case .down: return Cell("down", style: .red)
        }
    }

    /// Reads the ids and workerIds of every registered actor (streamed from the registry).
    static func registeredActors(_ context: CommandContext, progressLabel: String = "reading registry") throws -> [(id: String, workerId: String?)] {
        let registry = try context.registry()
        let progress = context.progress(progressLabel)
        var out: [(String, String?)] = []
        try registry.forEachPlacement { batch in
            out += batch
            progress.update(out.count)
            if Task.isCancelled { throw CancellationError() }
            return true
        }
        progress.finish()
        return out
    }

    /// Which registered actors would change owner between two rings (the plan of a membership change).
    static func placementDiff(_ context: CommandContext, before: ClusterRing, after: ClusterRing) throws -> RingSimulation? {
        guard let b = before.ring, let a = after.ring, before.eligibleCount > 0, after.eligibleCount > 0 else { return nil }
        let ids = try registeredActors(context).map(\.id)
        return try RingSimulation.compare(before: b, after: a, keys: ids)
    }

    static func movementsJSON(_ sim: RingSimulation) -> JSONValue {
        .object([
            ("actors", .int(Int64(sim.keyCount))), ("moved", .int(Int64(sim.movedCount))),
            ("movedFraction", .double(sim.movedFraction)), ("idealFraction", .double(sim.idealFraction)),
            ("movements", .array(sim.movements.map {
                .object([("from", .string($0.from)), ("to", .string($0.to)), ("count", .int(Int64($0.count)))])
            })),
        ])
    }
}

/// Maps LoomRing's caller errors to a usage error (exit 2).
func ringCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as RingError { throw CLIError.invalid("\(e)") }
}
