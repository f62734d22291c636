import ArgumentParser
import LoomCore
import LoomOutput
import LoomKeyspace

/// `loomctl actors …`: Loom's actor registry (loom-wire-contract §1–2).
public struct Actors: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "actors",
        abstract: "Inspect and manage Loom's actor registry.",
        subcommands: [
            List.self, Get.self, Stats.self, Register.self, Unregister.self, Heartbeat.self, Status.self, Cleanup.self,
            Route.self, Watch.self,
        ])

    public init() {}

    static let headers = ["ID", "TYPE", "WORKER", "STATUS", "MESSAGES", "LAST-HEARTBEAT", "LIVE"]
    static let wideHeaders = ["NAME", "VERSION", "CATEGORY", "PROBLEMS"]

    /// The table/json/name form of one actor.
    static func row(_ r: ActorRecord, now: Int64, format: OutputFormat = .table) -> Row {
        // Machine formats never show cells: skip building them (the listing hot path).
        if format == .jsonl {
            var line: [UInt8] = []
            line.reserveCapacity(512)
            r.writeJSONLine(to: &line)
            return Row(json: .null, cells: [], name: r.id, encodedLine: line)
        }
        if format.isMachineReadable { return Row(json: r.json(), cells: [], name: r.id) }
        if format == .name { return Row(json: .null, cells: [], name: r.id) }
        // An epoch-ms value (§10 8b) shows the age it implies, marked "(ms)" (docs/keyspace.md).
        let age = r.lastHeartbeatMillis.map { Age.since(millis: $0, now: now) + (r.lastHeartbeatIsEpochMillis ? " (ms)" : "") } ?? "<invalid>"
        let live: Cell
        switch r.heartbeatTTLMillis {
        case nil: live = Cell("no", style: .red)
        case .some(-1): live = Cell("yes (no ttl)", style: .yellow)
        case let ttl?: live = Cell(Age.format(milliseconds: ttl), style: .green)
        }
        let status: Cell
        switch r.status {
        case "busy": status = Cell("busy", style: .yellow)
        case "active": status = Cell("active", style: .green)
        case let s?: status = Cell(s)
        case nil: status = Cell("<none>", style: .red)
        }
        let meta = r.metadata
        return Row(
            json: r.json(),
            cells: [
                Cell(r.id), Cell(r.type ?? "<none>"), Cell(r.workerId ?? "<none>"), status,
                Cell(r.messageCount.map(String.init) ?? "<none>"), Cell(age), live,
            ],
            wideCells: [
                Cell(meta?["name"]?.stringValue ?? "-"), Cell(meta?["version"]?.stringValue ?? "-"),
                Cell(meta?["category"]?.stringValue ?? "-"),
                Cell(r.problems.isEmpty ? "-" : r.problems.joined(separator: "; "), style: r.problems.isEmpty ? nil : .red),
            ],
            name: r.id)
    }

    /// Warns once per anomaly kind on stderr, with a count at the end.
    final class AnomalyReporter {
        let sink: OutputSink
        var counts: [Anomaly.Kind: Int] = [:]
        let verbose: Bool

        init(sink: OutputSink, verbose: Bool) {
            self.sink = sink
            self.verbose = verbose
        }

        func report(_ a: Anomaly) {
            counts[a.kind, default: 0] += 1
            if verbose || counts[a.kind] == 1 {
                sink.warn("\(a.kind.rawValue) record \(a.key.isEmpty ? a.id : a.key): \(a.detail)")
            }
        }

        func summarize() {
            let total = counts.values.reduce(0, +)
            guard total > 0 else { return }
            let parts = counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
            sink.warn("\(total) registry anomalies (\(parts.joined(separator: ", "))); see `loomctl actors stats`, fix with `loomctl actors cleanup`")
        }
    }
}
