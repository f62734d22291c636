import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis
import LoomRing
import LoomRegistry
import LoomMembership

extension Ring {
    /// `ring lookup ID...`: owner and fallback order.
    struct Lookup: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup", abstract: "Show which node owns actors, and the fallback order.",
            discussion: """
                The fallback order is the next distinct eligible nodes clockwise, spread over distinct zones first: \
                after the owner come the first nodes met clockwise in each zone not yet used, then the rest in \
                clockwise order (without zones this is plain clockwise order). ZONES lists the zones of that order. With Redis, HOSTED-ON is the actor's \
                current workerId. The owner shown is the plain ring owner; with a load factor an actor can be pushed \
                further along the fallback order (see `ring misplaced`). Exit 3 when no node is eligible.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup(title: "Ring") var ring: RingOptions
        @Argument(help: "Actor ids.", completion: .actorIds) var ids: [String]
        @Option(name: .long, help: "Number of fallback nodes to show.") var fallbacks = 2

        func validate() throws {
            if ids.isEmpty { throw ValidationError("give at least one actor id") }
            if !(0...1000).contains(fallbacks) { throw ValidationError("--fallbacks must be between 0 and 1000") }
        }

        func run(in context: CommandContext) async throws {
            let cluster = try ring.load(context)
            let hashRing = try cluster.requireEligible()
            var hosted: [String: String?] = [:]
            if !ring.isOffline {
                for (id, owner) in zip(ids, try context.registry().owners(of: ids)) { hosted[id] = owner }
            }
            let printer = context.listPrinter(headers: ["ACTOR", "HASH", "OWNER", "FALLBACKS", "HOSTED-ON"], wideHeaders: ["ZONES", "EPOCH", "SOURCE"])
            let zoneOf = Dictionary(uniqueKeysWithValues: hashRing.nodes.map { ($0.id, $0.zone) })
            for id in ids {
                let order = hashRing.zonedLookup(key: id, count: fallbacks + 1)
                let zones = order.map { zoneOf[$0] ?? "" }
                let owner = order.first ?? ""
                let worker = hosted[id] ?? nil
                let json = JSONValue.object([
                    ("actorId", .string(id)), ("hash", .int(Int64(hashRing.hash(of: id)))), ("owner", .string(owner)),
                    ("fallbacks", .array(order.dropFirst().map { .string($0) })), ("zones", .array(zones.map { .string($0) })),
                    ("hostedOn", ring.isOffline ? .null : JSONValue(worker)), ("epoch", .int(cluster.state.epoch)),
                    ("source", .string(cluster.source.rawValue)),
                ])
                let hostedCell: Cell = ring.isOffline ? Cell("-")
                    : worker.map { Cell($0, style: $0 == owner ? .green : .yellow) } ?? Cell("<not registered>", style: .dim)
                printer.add(Row(json: json,
                    cells: [Cell(id), Cell(String(format: "%08x", hashRing.hash(of: id))), Cell(owner, style: .bold),
                        Cell(order.count > 1 ? order.dropFirst().joined(separator: ",") : "-"), hostedCell],
                    wideCells: [Cell(zones.map { $0.isEmpty ? "-" : $0 }.joined(separator: ",")), Cell(String(cluster.state.epoch)), Cell(cluster.source.rawValue)],
                    name: owner))
            }
            printer.finish()
        }
    }

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
            if !context.format.isMachineReadable && context.format != .name {
                let stoppedEarly = !bounded && printer.rowCount >= limit
                context.sink.printError(stoppedEarly
                    ? "stopped at --limit \(limit) after \(counter.total) actors (\(counter.misplaced) misplaced so far; epoch \(cluster.state.epoch), \(cluster.source.rawValue) nodes)"
                    : "\(counter.misplaced) of \(counter.total) actors misplaced (epoch \(cluster.state.epoch), \(cluster.source.rawValue) nodes)")
            }
        }
    }
}
