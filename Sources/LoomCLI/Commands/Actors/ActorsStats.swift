import ArgumentParser
import LoomCore
import LoomOutput
import LoomRegistry

extension Actors {
    /// `actors stats`: Loom's getStats plus workers, liveness and anomalies.
    struct Stats: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count actors by type, status and worker; list anomalies.")

        @Flag(help: ArgumentHelp("Also walk the whole keyspace for hashes outside the indexes (unindexed, zombie).",
            discussion: "By default the walk runs only when the database holds at most 100000 keys: it costs the server about as much as the listing itself."))
        var exact = false

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            let progress = context.progress("reading registry")
            let stats = try RegistryStats.collect(registry, walk: exact ? .always : .auto, progress: progress.update)
            progress.finish()
            context.printer.object(stats.json(), name: "stats") {
                Self.table(stats, context: context)
            }
        }

        static func table(_ s: RegistryStats, context: CommandContext) -> String {
            var out = "ACTORS: \(s.total.total)   LIVE: \(s.total.live)   STALE: \(s.total.stale)\n\n"
            var types = TableWriter(headers: ["TYPE", "TOTAL", "LIVE", "STALE"])
            for (t, c) in s.byType.sorted(by: { $0.key < $1.key }) {
                types.add([Cell(t), Cell(String(c.total)), Cell(String(c.live)), Cell(String(c.stale), style: c.stale > 0 ? .yellow : nil)])
            }
            out += types.render(color: context.sink.color) + "\n"
            var statuses = TableWriter(headers: ["STATUS", "ACTORS"])
            for (st, n) in s.byStatus.sorted(by: { $0.key < $1.key }) { statuses.add([Cell(st), Cell(String(n))]) }
            out += statuses.render() + "\n"
            var workers = TableWriter(headers: ["WORKER", "TOTAL", "LIVE", "STALE"])
            for (w, c) in s.byWorker.sorted(by: { $0.key < $1.key }) {
                workers.add([Cell(w), Cell(String(c.total)), Cell(String(c.live)), Cell(String(c.stale))])
            }
            out += workers.render() + "\n"
            out += "ANOMALIES: \(s.anomalyTotal)\n"
            if s.anomalyTotal > 0 {
                var a = TableWriter(headers: ["KIND", "ID", "KEY", "DETAIL"])
                for e in s.anomalyExamples { a.add([Cell(e.kind.rawValue, style: .red), Cell(e.id), Cell(e.key), Cell(e.detail)]) }
                out += a.render(color: context.sink.color)
                let hidden = s.anomalyTotal - s.anomalyExamples.count
                if hidden > 0 { out += "(\(hidden) more; -o json for counts by kind)\n" }
            }
            if !s.keyspaceScanned {
                let kinds = RegistryStats.scanOnlyKinds.map(\.rawValue).joined(separator: "/")
                out += "(indexed actors only: \(TerminalText.escape(s.walkSkippedBecause ?? "")); --exact also walks the keyspace for \(kinds) hashes)\n"
            }
            return out
        }
    }
}
