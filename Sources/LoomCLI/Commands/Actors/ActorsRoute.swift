import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis
import LoomRouting

extension Actors {
    /// `actors route`: which actor Loom's router would pick, or loomctl's node-aware pick.
    struct Route: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "route", abstract: "Show which actor Loom's router (or a node-aware strategy) would pick for a type.",
            discussion: """
                Loom's strategies: without --apply the output is a PREVIEW of what Loom's routeToType would pick, in \
                the order Redis returns the type set (SMEMBERS): least-messages takes the lowest messageCount (ties to \
                the earlier member), round-robin takes the first non-busy member (Loom keeps no cursor), random picks \
                any. Nothing is written. With --apply the pick is loomctl's OWN: round-robin then rotates through the \
                candidates sorted by id using loomctl's cursor (key loomctl:route:rr:TYPE), and the chosen actor gets \
                Loom's side effects (messageCount +1, heartbeat), all in one script.

                Node-aware strategies (loomctl's own; the preview lists every candidate with its score and says why \
                the winner won; --apply gives the winner the same side effects in the same atomic script):
                  node-load  score = 0.5 x cpuPercent + 0.5 x memoryPercent of the actor's node (from the agents' \
                             node records), lowest wins. Tiers: both metrics known, then one known (score = that \
                             metric), then none (score unknown), then actors whose node is down, cordoned, \
                             draining, not live or unknown. A missing metric is never read as 0.
                  zone       nodes in --zone Z first, then the zones listed for Z in routing.nearest-zones (or \
                             --near), then any zone; node-load score within a tier.
                  custom     --name N: a strategy declared under routing.strategies in the config (filters, then \
                             weighted scores, lowest wins; docs/routing.md).
                Every strategy keeps Loom's busy rule (busy actors only when all are busy); remaining ties go to the \
                lower messageCount, then the smaller actor id.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Actor type.", completion: .actorTypes) var type: String
        @Option(name: .long, help: "least-messages (Loom's default), round-robin, random, node-load, zone or custom.")
        var strategy: String = ActorRouter.Strategy.leastMessages.rawValue
        @Option(name: .long, help: "zone: the preferred zone.") var zone: String?
        @Option(name: .long, help: ArgumentHelp("zone: nearest zones in order, overriding routing.nearest-zones.", valueName: "z1,z2")) var near: String?
        @Option(name: .long, help: "custom: the name of a strategy under routing.strategies in the config.") var name: String?
        @Flag(name: .long, help: "Apply Loom's side effects to the pick (round-robin: loomctl's cursor; otherwise: preview).") var apply = false

        func validate() throws {
            guard let s = ActorRouter.Strategy(rawValue: strategy) else {
                throw ValidationError("--strategy must be one of " + ActorRouter.Strategy.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if s == .zone && (zone ?? "").isEmpty { throw ValidationError("--strategy zone needs --zone Z") }
            if s != .zone && (zone != nil || near != nil) { throw ValidationError("--zone and --near only apply to --strategy zone") }
            if s == .custom && (name ?? "").isEmpty { throw ValidationError("--strategy custom needs --name N (a strategy under routing.strategies)") }
            if s != .custom && name != nil { throw ValidationError("--name only applies to --strategy custom") }
        }

        func run(in context: CommandContext) async throws {
            let s = ActorRouter.Strategy(rawValue: strategy)!
            var options = ActorRouter.NodeAwareOptions(zone: zone)
            let routing = context.settings.routing
            if s == .zone, let zone {
                options.nearestZones = near.map { $0.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty } }
                    ?? routing.nearestZones?[zone] ?? []
            }
            if s == .custom, let name { options.custom = try CustomRoutingStrategy.named(name, in: routing) }
            let router = ActorRouter(registry: try context.registry())
            let d = try router.route(type: type, strategy: s, apply: apply, options: options)
            guard let chosen = d.chosen else {
                if let r = d.ranking, !r.excluded.isEmpty {
                    throw CLIError.notFound("strategy '\(d.detail ?? strategy)' filtered out all \(r.excluded.count) actors of type '\(type)'",
                        hint: "first: \(r.excluded[0].0): \(r.excluded[0].1); -o json on a wider filter shows the ranking")
                }
                throw CLIError.notFound("no actors registered for type '\(type)'", hint: "loomctl actors stats shows the known types")
            }
            context.printer.object(d.json(), name: chosen.id) {
                var t = TableWriter(headers: ["ADDRESS", "WORKER", "MESSAGES", "STRATEGY", "CANDIDATES", "BUSY-SKIPPED", "APPLIED"])
                t.add([Cell(d.address ?? ""), Cell(chosen.workerId ?? "<none>"), Cell(chosen.messageCount.map(String.init) ?? "<none>"),
                    Cell(d.strategy.rawValue + (d.cursor.map { " (cursor \($0))" } ?? "") + (d.detail.map { " (\($0))" } ?? "")),
                    Cell(String(d.candidates)),
                    Cell(String(d.busySkipped) + (d.fellBackToBusy ? " (all busy: fell back)" : "")), Cell(d.applied ? "yes" : "no")])
                var out = t.render(noHeaders: context.noHeaders)
                if let r = d.ranking {
                    out += "\nWHY: " + TerminalText.escape(r.reason) + "\n\n"
                    var c = TableWriter(headers: ["RANK", "ACTOR", "NODE", "ZONE", "CPU", "MEM", "MESSAGES", "TIER", "SCORE", "DETAIL"])
                    for s in r.scored {
                        let n = s.candidate.node
                        c.add([Cell(String(s.rank)), Cell(s.candidate.actor.id), Cell(n?.id ?? s.candidate.actor.workerId.map { "\($0) (no record)" } ?? "-"),
                            Cell(n.map { $0.zone.isEmpty ? "-" : $0.zone } ?? "-"),
                            Cell(n?.cpuPercent.map(NodeAwareRouting.format) ?? "missing"), Cell(n?.memoryPercent.map(NodeAwareRouting.format) ?? "missing"),
                            Cell(s.candidate.actor.messageCount.map(String.init) ?? "missing"), Cell("\(s.tier) \(s.tierLabel)"),
                            Cell(s.score.map(NodeAwareRouting.format) ?? "unknown"), Cell(s.detail)])
                    }
                    out += c.render(noHeaders: context.noHeaders)
                    if !r.excluded.isEmpty {
                        out += "\nfiltered out: " + TerminalText.escape(r.excluded.map { "\($0.0) (\($0.1))" }.joined(separator: "; ")) + "\n"
                    }
                }
                return out
            }
        }
    }
}
