import ArgumentParser
import LoomCore
import LoomOutput
import LoomKeyspace
import LoomRegistry

extension Actors {
    enum SortKey: String, ExpressibleByArgument, CaseIterable {
        case id, type, worker, status, messages, heartbeat
    }

    /// `actors list`: streams the registry with bounded memory (unless --sort-by, which must buffer).
    struct List: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List registered actors.",
            discussion: "Streams in pipelined batches; -o jsonl keeps memory flat for any registry size. --sort-by buffers the matching actors.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        @Option(name: .long, help: "Only actors of this type (repeatable).", completion: .actorTypes)
        var type: [String] = []

        @Option(name: .long, help: "Only actors with this status (active, idle, busy).")
        var status: String?

        @Option(name: .long, help: "Only actors on this worker.", completion: .nodes)
        var worker: String?

        @Flag(name: .long, help: "Only actors whose heartbeat key exists.")
        var live = false

        @Flag(name: .long, help: "Only actors whose heartbeat key has expired.")
        var stale = false

        @Option(name: .long, help: "Sort by id, type, worker, status, messages or heartbeat.")
        var sortBy: SortKey?

        @Option(name: .long, help: "Print at most this many actors.")
        var limit: Int?

        func validate() throws {
            if live && stale { throw ValidationError("--live and --stale cannot be combined") }
            if let status, !ActorRecord.validStatuses.contains(status) {
                throw ValidationError("--status must be one of active, idle, busy")
            }
            if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            let filter = ActorFilter(types: type, status: status, worker: worker, liveness: live ? .live : stale ? .stale : .any)
            let printer = context.listPrinter(headers: Actors.headers, wideHeaders: Actors.wideHeaders)
            let anomalies = Actors.AnomalyReporter(sink: context.sink, verbose: context.verbose)
            let now = Timestamp.nowMillis()
            let limit = self.limit ?? .max
            // What each format needs of `metadata`: nothing for names, a validated verbatim copy for
            // jsonl, a parsed value for tables and json/yaml (docs/benchmarks.md, "Memory bounds").
            let mode: ActorRecord.MetadataMode = context.format == .name ? .skip : context.format == .jsonl ? .validate : .parse
            // Broken hashes are listed (with their problems) and also reported on stderr.
            let report: ([ActorRecord]) -> Void = { batch in
                for r in batch where !r.problems.isEmpty {
                    anomalies.report(Anomaly(kind: .badRecord, id: r.id, key: registry.keys.actorHash(r.id), detail: r.problems.joined(separator: "; ")))
                }
            }
            if let sortBy {
                var all: [ActorRecord] = []
                try registry.list(filter: filter, metadata: mode == .skip ? .skip : .parse, onAnomaly: anomalies.report) { batch in
                    try Task.checkCancellation()
                    report(batch)
                    all += batch
                    return true
                }
                all.sort(by: Self.order(sortBy))
                for r in all.prefix(limit) { printer.add(Actors.row(r, now: now, format: context.format)) }
            } else if limit > 0, context.format == .jsonl || context.format == .name {
                // The streaming hot path: one output buffer per batch, no Row per record.
                var printed = 0
                var buffer: [UInt8] = []
                try registry.list(filter: filter, metadata: mode, onAnomaly: anomalies.report) { batch in
                    try Task.checkCancellation()
                    report(batch)
                    buffer.removeAll(keepingCapacity: true)
                    for r in batch {
                        if context.format == .jsonl {
                            r.writeJSONLine(to: &buffer)
                        } else {
                            // One record per line: control characters escaped, as ListPrinter does for names.
                            buffer.append(contentsOf: TerminalText.escape(r.id).utf8)
                        }
                        buffer.append(0x0A)
                        printed += 1
                        if printed >= limit { break }
                    }
                    context.sink.out.write(buffer)
                    // Large records: do not keep a batch-sized buffer around.
                    if buffer.capacity > 1 << 20 { buffer = [] }
                    return printed < limit && !context.sink.out.isClosed  // `| head` has what it wanted
                }
            } else if limit > 0 {
                try registry.list(filter: filter, metadata: mode, onAnomaly: anomalies.report) { batch in
                    try Task.checkCancellation()
                    report(batch)
                    for r in batch {
                        printer.add(Actors.row(r, now: now, format: context.format))
                        if printer.rowCount >= limit { return false }
                    }
                    return !context.sink.out.isClosed  // `| head` has what it wanted
                }
            }
            printer.finish()
            anomalies.summarize()
        }

        static func order(_ key: SortKey) -> (ActorRecord, ActorRecord) -> Bool {
            switch key {
            case .id: return { $0.id < $1.id }
            case .type: return { ($0.type ?? "", $0.id) < ($1.type ?? "", $1.id) }
            case .worker: return { ($0.workerId ?? "", $0.id) < ($1.workerId ?? "", $1.id) }
            case .status: return { ($0.status ?? "", $0.id) < ($1.status ?? "", $1.id) }
            case .messages: return { ($0.messageCount ?? -1, $0.id) > ($1.messageCount ?? -1, $1.id) }
            case .heartbeat: return { ($0.lastHeartbeatMillis ?? 0, $0.id) > ($1.lastHeartbeatMillis ?? 0, $1.id) }
            }
        }
    }

    /// `actors get ID...`: exit 3 if any id is not registered.
    struct Get: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show actors by id (exit 3 if any is missing).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        @Argument(help: "Actor ids.", completion: .actorIds)
        var ids: [String]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one actor id") }
        }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            let now = Timestamp.nowMillis()
            var found: [ActorRecord] = []
            var missing: [String] = []
            for id in ids {
                switch try registry.get(id) {
                case .found(let r): found.append(r)
                case .missing: missing.append(id)
                case .collision(let key, let detail):
                    context.sink.warn("\(key): \(detail) (the id collides with a registry index key)")
                    missing.append(id)
                }
            }
            if ids.count == 1, let r = found.first {
                ObjectPrinter.print(r.json(), format: context.format, sink: context.sink, name: r.id) {
                    var t = TableWriter(headers: context.format == .wide ? Actors.headers + Actors.wideHeaders : Actors.headers)
                    let row = Actors.row(r, now: now)
                    t.add(context.format == .wide ? row.cells + row.wideCells : row.cells)
                    return t.render(noHeaders: context.noHeaders, color: context.sink.color)
                }
            } else if !found.isEmpty || context.format == .json {
                let printer = context.listPrinter(headers: Actors.headers, wideHeaders: Actors.wideHeaders)
                for r in found { printer.add(Actors.row(r, now: now)) }
                printer.finish(emptyMessage: "")
            }
            if !missing.isEmpty {
                throw CLIError.notFound(
                    missing.count == 1 ? "actor '\(missing[0])' not found" : "actors not found: \(missing.joined(separator: ", "))",
                    hint: "list registered ids with: loomctl actors list -o name")
            }
        }
    }

    /// `actors stats`: Loom's getStats plus workers, liveness and anomalies.
    struct Stats: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count actors by type, status and worker; list anomalies.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            let progress = context.progress("reading registry")
            let stats = try RegistryStats.collect(registry, progress: progress.update)
            progress.finish()
            ObjectPrinter.print(stats.json(), format: context.format, sink: context.sink, name: "stats") {
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
            return out
        }
    }
}
