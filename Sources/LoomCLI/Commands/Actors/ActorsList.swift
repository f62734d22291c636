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

}
