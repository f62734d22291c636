import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis
import LoomRing
import LoomRegistry
import LoomMembership

extension Ring {
    /// `ring misplaced`: actors whose workerId is not their ring owner.
    struct Misplaced: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "misplaced", abstract: "List actors whose workerId is not their ring owner.",
            discussion: "Streams the registry (buffers it when a load factor is set). With --nodes the ring is offline but actors still come from Redis.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup(title: "Ring") var ring: RingOptions
        @Flag(name: .long, help: "Only actors whose heartbeat key exists.") var live = false
        @Option(name: .long, help: "Print at most this many actors.") var limit: Int?

        func run(in context: CommandContext) async throws {
            let cluster = try ring.load(context)
            let hashRing = try cluster.requireEligible()
            let registry = try context.registry()
            let printer = context.listPrinter(headers: ["ACTOR", "TYPE", "WORKER", "OWNER", "LIVE"])
            let limit = self.limit ?? .max
            var types: [String: (String?, Bool)] = [:]
            var counter = OwnershipCounter(ring: hashRing)
            let bounded = hashRing.config.loadFactor != nil
            func emit(_ id: String, _ worker: String?, _ owner: Int) {
                guard printer.rowCount < limit, worker != hashRing.nodes[owner].id else { return }
                let (type, isLive) = types[id] ?? (nil, false)
                let ownerId = hashRing.nodes[owner].id
                printer.add(Row(
                    json: .object([("actorId", .string(id)), ("type", JSONValue(type)), ("workerId", JSONValue(worker)),
                        ("owner", .string(ownerId)), ("live", .bool(isLive)), ("epoch", .int(cluster.state.epoch))]),
                    cells: [Cell(id), Cell(type ?? "<none>"), Cell(worker ?? "<none>", style: .yellow), Cell(ownerId), Cell(isLive ? "yes" : "no")],
                    name: id))
            }
            try registry.list(filter: ActorFilter(liveness: live ? .live : .any), parseMetadata: false, onAnomaly: { _ in }) { batch in
                for a in batch where !a.isZombie {
                    if bounded { types[a.id] = (a.type, a.isLive) }
                    if let owner = counter.add(actorId: a.id, workerId: a.workerId) {
                        types[a.id] = (a.type, a.isLive)
                        emit(a.id, a.workerId, owner)
                        types[a.id] = nil
                    }
                }
                if Task.isCancelled { throw CancellationError() }
                return printer.rowCount < limit || bounded
            }
            try counter.finish { emit($0, $1, $2) }
            printer.finish(emptyMessage: "No misplaced actors: every workerId matches its ring owner.")
            if context.printer.isTable {
                let stoppedEarly = !bounded && printer.rowCount >= limit
                context.sink.printError(stoppedEarly
                    ? "stopped at --limit \(limit) after \(counter.total) actors (\(counter.misplaced) misplaced so far; epoch \(cluster.state.epoch), \(cluster.source.rawValue) nodes)"
                    : "\(counter.misplaced) of \(counter.total) actors misplaced (epoch \(cluster.state.epoch), \(cluster.source.rawValue) nodes)")
            }
        }
    }
}
