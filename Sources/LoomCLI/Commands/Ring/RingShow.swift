import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRing
import LoomMembership

extension Ring {
    /// `ring show`: epoch, algorithm and per node share, should-own vs hosts, imbalance.
    struct Show: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show the ring: nodes, shares, actors owned vs hosted, imbalance.",
            discussion: """
                Reads the registry once (streamed) to count, per node, the actors the ring says it should own and the \
                actors whose workerId is that node. IMBALANCE is the busiest eligible node's should-own over its \
                capacity-weighted fair share. ZONES sums the nodes' shares per zone (a node without a zone counts as \
                zone "-"); ZONE-IMBALANCE is the largest zone's share of the hash space over its capacity-weighted \
                ideal, and with actors also the largest zone's should-own over its fair share (1.000 = balanced). \
                -o json carries them under "zones". --watch redraws on a terminal and appends JSON lines otherwise.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup(title: "Ring") var ring: RingOptions
        @Option(name: .long, help: "Count N synthetic actor ids instead of the registry (implied offline).") var keys: Int?
        @Flag(name: .long, help: "Skip reading the registry (shares only).") var noActors = false
        @Flag(name: [.short, .long], help: "Refresh every --interval seconds until Ctrl-C.") var watch = false
        @Option(name: .long, help: "Seconds between refreshes with --watch.") var interval: Double = 2
        @Option(name: .long, help: .hidden) var count: Int?

        func validate() throws {
            if let keys, !(0...Ring.maxSyntheticKeys).contains(keys) { throw ValidationError("--keys must be between 0 and \(Ring.maxSyntheticKeys)") }
            if !(interval >= 0.1 && interval <= 86_400) { throw ValidationError("--interval must be between 0.1 and 86400 seconds") }
        }

        func run(in context: CommandContext) async throws {
            guard watch else {
                let report = try build(context)
                render(report, context: context)
                return
            }
            let redraw = context.sink.outIsTerminal && (context.printer.isTable)
            var n = 0
            while !Task.isCancelled {
                let report = try build(context)
                if redraw {
                    context.sink.out.write("\u{1B}[H\u{1B}[2J")
                    render(report, context: context)
                } else {
                    var buf: [UInt8] = []
                    report.json().setting("timestamp", .string(Timestamp.iso(millis: Timestamp.nowMillis()))).write(to: &buf, indent: nil, level: 0)
                    buf.append(0x0A)
                    context.sink.out.write(buf)
                    context.sink.out.flush()
                }
                n += 1
                if let count, n >= count { return }
                try await Task.sleep(for: .milliseconds(Int64((interval * 1000).rounded())))
            }
            throw CancellationError()
        }

        func build(_ context: CommandContext) throws -> RingReport {
            let cluster = try ring.load(context)
            let feed: (((String, String?) -> Void) throws -> Void)?
            if let keys {
                feed = { add in for k in RingSimulation.syntheticKeys(count: keys) { add(k, nil) } }
            } else if ring.isOffline || noActors {
                feed = nil
            } else {
                let registry = try context.registry()
                let progress = context.progress("reading registry")
                feed = { add in
                    var seen = 0
                    try registry.forEachPlacement { batch in
                        for a in batch { add(a.id, a.workerId) }
                        seen += batch.count
                        progress.update(seen)
                        if Task.isCancelled { throw CancellationError() }
                        return true
                    }
                    progress.finish()
                }
            }
            var report = try RingReport.build(cluster, feed: feed)
            if keys != nil {
                // Synthetic ids have no workerId: hosted/misplaced mean nothing.
                report.misplaced = nil
                for i in report.lines.indices { report.lines[i].hosts = nil }
            }
            return report
        }

        func render(_ r: RingReport, context: CommandContext) {
            if context.format == .name {
                for l in r.lines { context.sink.print(TerminalText.escape(l.node.id)) }
                return
            }
            context.printer.object(r.json().setting("zones", ZoneReport(r).json()), name: "ring") {
                Self.table(r, context: context)
            }
        }

        static func table(_ r: RingReport, context: CommandContext) -> String {
            let c = r.state.config
            var head = "EPOCH \(r.state.epoch)   ALGORITHM \(c.algorithm.rawValue)"
            if c.algorithm == .murmur3 { head += " (seed \(c.seed), \(c.pointsPerCapacity) points/capacity)" }
            if let f = c.loadFactor { head += "   LOAD-FACTOR \(f)" }
            head += "   SOURCE \(r.source.rawValue)\n"
            head += "NODES \(r.lines.count) (\(r.lines.filter(\.node.isEligible).count) eligible)"
            if let a = r.actors { head += "   ACTORS \(a)" }
            if let m = r.misplaced { head += "   MISPLACED \(m)" }
            if let i = r.imbalance { head += "   IMBALANCE \(Ring.ratio(i)) (max/mean)" }
            head += "\n\n"
            var headers = ["NODE", "SOURCE", "STATUS", "LIVE", "CAPACITY", "POINTS", "SHARE", "SHOULD-OWN", "HOSTS"]
            if context.printer.isWide { headers += ["IDEAL", "ZONE", "ADDRESS", "CPU", "MEM", "VERSION"] }
            var t = TableWriter(headers: headers)
            for l in r.lines {
                let n = l.node
                var row: [Cell] = [
                    Cell(n.id), Cell(n.source.rawValue), Ring.statusCell(n), Ring.liveCell(n), Cell(NodeRecordFormat.number(n.capacity)),
                    Cell(String(l.points)), Cell(Ring.percent(l.sharePercent)),
                    Cell(l.shouldOwn.map(String.init) ?? "-"),
                    Cell(l.hosts.map(String.init) ?? "-", style: l.hosts != nil && l.hosts != l.shouldOwn ? .yellow : nil),
                ]
                if context.printer.isWide {
                    row += [Cell(Ring.percent(l.idealPercent)), Cell(n.zone.isEmpty ? "-" : n.zone), Cell(n.address.isEmpty ? "-" : Redact.nodeAddress(n.address)),
                        Cell(n.cpuPercent.map { Ring.percent($0, digits: 1) } ?? "-"), Cell(n.memoryPercent.map { Ring.percent($0, digits: 1) } ?? "-"),
                        Cell(n.version.isEmpty ? "-" : n.version)]
                }
                t.add(row)
            }
            var out = head + (r.lines.isEmpty ? "No nodes: register them with `loomctl ring add` or run `loomctl agent`.\n" : t.render(noHeaders: context.noHeaders, color: context.sink.color))
            let zones = ZoneReport(r)
            if !r.lines.isEmpty {
                var z = TableWriter(headers: ["ZONE", "NODES", "ELIGIBLE", "CAPACITY", "SHARE", "IDEAL", "SHOULD-OWN", "HOSTS"])
                for l in zones.lines {
                    z.add([Cell(l.share.zone.isEmpty ? "-" : l.share.zone), Cell(String(l.share.nodes)), Cell(String(l.share.eligibleNodes)),
                        Cell(NodeRecordFormat.number(l.share.capacity)), Cell(Ring.percent(l.share.percent)), Cell(Ring.percent(l.share.idealPercent)),
                        Cell(l.shouldOwn.map(String.init) ?? "-"), Cell(l.hosts.map(String.init) ?? "-")])
                }
                out += "\nZONES \(zones.lines.count)   ZONE-IMBALANCE share \(zones.shareImbalance.map(Ring.ratio) ?? "-")"
                if let a = zones.actorImbalance { out += ", actors \(Ring.ratio(a))" }
                out += "\n" + z.render(noHeaders: context.noHeaders, color: context.sink.color)
            }
            if !r.unknownWorkers.isEmpty {
                out += "\nactors on workers that are not ring nodes: " + r.unknownWorkers.map { "\($0.0) (\($0.1))" }.joined(separator: ", ") + "\n"
            }
            return out
        }
    }
}
