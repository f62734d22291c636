import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRing
import LoomKeyspace

extension Ring {
    /// `ring simulate`: what a membership change would move.
    struct Simulate: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate", abstract: "What-if: which actors move when nodes are added or removed.",
            discussion: """
                Runs on the registered actors (read once from Redis) or on --keys N synthetic ids (the default offline, \
                100000). IDEAL is the least any capacity-balanced placement must move. --compare adds jump and rendezvous \
                hashing on the same nodes and keys. --remove-zone Z removes every node of zone Z (a zone outage): \
                only the actors that zone owned move, and the ZONES table shows where they go.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup(title: "Ring") var ring: RingOptions
        @Option(name: .long, help: ArgumentHelp("Add a node (repeatable).", valueName: "node[:capacity]")) var add: [String] = []
        @Option(name: .long, help: ArgumentHelp("Remove a node (repeatable).", valueName: "node")) var remove: [String] = []
        @Option(name: .long, help: ArgumentHelp("Remove every node of this zone: a zone outage (repeatable).", valueName: "zone"))
        var removeZone: [String] = []
        @Option(name: .long, help: "Use N synthetic actor ids instead of the registry.") var keys: Int?
        @Flag(name: .long, help: "Also compare with jump and rendezvous hashing.") var compare = false
        @Option(name: .long, help: "Show at most this many from→to movements.") var top = 10

        func validate() throws {
            if add.isEmpty && remove.isEmpty && removeZone.isEmpty { throw ValidationError("give --add, --remove and/or --remove-zone") }
            if let keys, !(1...Ring.maxSyntheticKeys).contains(keys) { throw ValidationError("--keys must be between 1 and \(Ring.maxSyntheticKeys)") }
            if top < 0 { throw ValidationError("--top must not be negative") }
        }

        struct Result {
            var name: String
            var sim: RingSimulation
        }

        func run(in context: CommandContext) async throws {
            let cluster = try ring.load(context)
            let before = try cluster.requireEligible()
            let added = add.isEmpty ? [] : try ringCall { try RingNode.parseList(add.joined(separator: ",")) }
            for a in added { try NodeRecord.validateID(a.id) }
            let known = Set(before.nodes.map(\.id))
            if let dup = added.first(where: { known.contains($0.id) }) { throw CLIError.invalid("node '\(dup.id)' is already in the ring") }
            if let unknown = remove.first(where: { !known.contains($0) }) { throw CLIError.notFound("node '\(unknown)' is not in the ring") }
            var remove = self.remove
            for z in removeZone {
                let ids = before.nodeIDs(inZone: z)
                if ids.isEmpty {
                    throw CLIError.notFound("no node is in zone '\(z)'",
                        hint: "zones: " + Set(before.nodes.map { $0.zone.isEmpty ? "-" : $0.zone }).sorted().joined(separator: ", "))
                }
                for id in ids where !remove.contains(id) { remove.append(id) }
            }
            let actorIds: [String]
            let keySource: String
            if let keys {
                actorIds = RingSimulation.syntheticKeys(count: keys)
                keySource = "synthetic"
            } else if ring.isOffline {
                actorIds = RingSimulation.syntheticKeys(count: 100_000)
                keySource = "synthetic"
            } else {
                actorIds = try Ring.registeredActors(context).map(\.id)
                keySource = "registry"
            }
            let after = try ringCall { try before.removing(remove).adding(added) }
            var results = [Result(name: "ring", sim: try ringCall { try RingSimulation.compare(before: before, after: after, keys: actorIds) })]
            if compare {
                results.append(Result(name: "jump", sim: try ringCall {
                    try RingSimulation.compare(before: JumpHash(nodes: before.nodes), after: JumpHash(nodes: after.nodes), keys: actorIds)
                }))
                results.append(Result(name: "rendezvous", sim: try ringCall {
                    try RingSimulation.compare(before: RendezvousHash(nodes: before.nodes), after: RendezvousHash(nodes: after.nodes), keys: actorIds)
                }))
            }
            let main = results[0].sim
            let nodesJSON: [JSONValue] = main.nodes.map { n in
                JSONValue.object([("id", .string(n.id)), ("before", .int(Int64(n.before))), ("after", .int(Int64(n.after))), ("delta", .int(Int64(n.delta)))])
            }
            let movesJSON: [JSONValue] = main.movements.map { m in
                JSONValue.object([("from", .string(m.from)), ("to", .string(m.to)), ("count", .int(Int64(m.count)))])
            }
            let cmpJSON: [JSONValue] = results.map { r in
                JSONValue.object([("strategy", .string(r.name)), ("moved", .int(Int64(r.sim.movedCount))), ("movedFraction", .double(r.sim.movedFraction)),
                    ("idealFraction", .double(r.sim.idealFraction)), ("imbalanceAfter", .double(r.sim.balanceAfter.busiestToMean))])
            }
            let addJSON: [JSONValue] = added.map { a in JSONValue.object([("id", .string(a.id)), ("capacity", .double(a.capacity))]) }
            var fields: [(String, JSONValue)] = [
                ("epoch", .int(cluster.state.epoch)), ("source", .string(cluster.source.rawValue)), ("keys", .string(keySource)),
                ("add", .array(addJSON)), ("remove", .array(remove.map { JSONValue.string($0) })),
                ("removeZones", .array(removeZone.map { JSONValue.string($0) })),
            ]
            // Per zone: actors owned before and after (a removed zone goes to 0).
            var zoneOf = Dictionary(uniqueKeysWithValues: before.nodes.map { ($0.id, $0.zone) })
            for a in added { zoneOf[a.id] = a.zone }
            var zoneCounts: [String: (before: Int, after: Int)] = [:]
            for n in main.nodes { zoneCounts[zoneOf[n.id] ?? "", default: (0, 0)].before += n.before; zoneCounts[zoneOf[n.id] ?? "", default: (0, 0)].after += n.after }
            let zoneNames = zoneCounts.keys.sorted()
            let zonesJSON: [JSONValue] = zoneNames.map { z in
                let c = zoneCounts[z]!
                return JSONValue.object([("zone", .string(z)), ("before", .int(Int64(c.before))), ("after", .int(Int64(c.after))),
                    ("delta", .int(Int64(c.after - c.before)))])
            }
            fields += [
                ("actors", .int(Int64(main.keyCount))), ("moved", .int(Int64(main.movedCount))),
                ("movedFraction", .double(main.movedFraction)), ("idealFraction", .double(main.idealFraction)),
                ("imbalanceBefore", .double(main.balanceBefore.busiestToMean)), ("imbalanceAfter", .double(main.balanceAfter.busiestToMean)),
            ]
            fields += [("zones", .array(zonesJSON)), ("nodes", .array(nodesJSON)), ("movements", .array(movesJSON)), ("comparison", .array(cmpJSON))]
            let json = JSONValue.object(fields)
            context.printer.object(json, name: "simulation") {
                var out = "\(main.keyCount) \(keySource) actors, epoch \(cluster.state.epoch) (\(cluster.source.rawValue) nodes): "
                out += "\(main.movedCount) move (\(Ring.percent(main.movedFraction * 100))), ideal \(Ring.percent(main.idealFraction * 100)); "
                out += "imbalance \(Ring.ratio(main.balanceBefore.busiestToMean)) → \(Ring.ratio(main.balanceAfter.busiestToMean))\n\n"
                var nodes = TableWriter(headers: ["NODE", "BEFORE", "AFTER", "DELTA"])
                for n in main.nodes {
                    nodes.add([Cell(n.id), Cell(String(n.before)), Cell(String(n.after)),
                        Cell(n.delta > 0 ? "+\(n.delta)" : String(n.delta), style: n.delta > 0 ? .green : n.delta < 0 ? .red : nil)])
                }
                out += nodes.render(noHeaders: context.noHeaders, color: context.sink.color) + "\n"
                if zoneNames.count > 1 || !removeZone.isEmpty {
                    var zt = TableWriter(headers: ["ZONE", "BEFORE", "AFTER", "DELTA"])
                    for z in zoneNames {
                        let c = zoneCounts[z]!
                        let d = c.after - c.before
                        zt.add([Cell(z.isEmpty ? "-" : z), Cell(String(c.before)), Cell(String(c.after)),
                            Cell(d > 0 ? "+\(d)" : String(d), style: d > 0 ? .green : d < 0 ? .red : nil)])
                    }
                    out += zt.render(noHeaders: context.noHeaders, color: context.sink.color) + "\n"
                }
                var moves = TableWriter(headers: ["FROM", "TO", "ACTORS"])
                for m in main.movements.prefix(top) { moves.add([Cell(m.from), Cell(m.to), Cell(String(m.count))]) }
                out += moves.render(noHeaders: context.noHeaders)
                if main.movements.count > top { out += "(\(main.movements.count - top) more movements; -o json lists all)\n" }
                if results.count > 1 {
                    var cmp = TableWriter(headers: ["STRATEGY", "MOVED", "MOVED%", "IDEAL%", "IMBALANCE-AFTER"])
                    for r in results {
                        cmp.add([Cell(r.name), Cell(String(r.sim.movedCount)), Cell(Ring.percent(r.sim.movedFraction * 100)),
                            Cell(Ring.percent(r.sim.idealFraction * 100)), Cell(Ring.ratio(r.sim.balanceAfter.busiestToMean))])
                    }
                    out += "\n" + cmp.render(noHeaders: context.noHeaders)
                }
                return out
            }
        }
    }
}
