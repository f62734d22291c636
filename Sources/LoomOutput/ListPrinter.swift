import LoomCore

/// One row of a list: its JSON form, its table cells (wide cells are appended for `-o wide`) and its name.
public struct Row: Sendable {
    public var json: JSONValue
    public var cells: [Cell]
    public var wideCells: [Cell]
    public var name: String
    /// A pre-encoded compact JSON line (without newline) that `-o jsonl` writes instead of `json`.
    public var encodedLine: [UInt8]?

    public init(json: JSONValue, cells: [Cell], wideCells: [Cell] = [], name: String, encodedLine: [UInt8]? = nil) {
        self.encodedLine = encodedLine
        self.json = json
        self.cells = cells
        self.wideCells = wideCells
        self.name = name
    }
}

/// Streams a list in any output format with bounded memory.
///
/// json/jsonl/yaml/name rows are written as they arrive. Tables need column widths, so the first
/// `tableWindow` rows are buffered to size the columns and later rows reuse those widths (a cell that
/// is wider simply pushes its line), which keeps a million-row table at constant memory.
/// `finish()` closes the JSON array; after a failure the caller does not call it, so an interrupted
/// `-o json` listing is never a complete-looking document.
public final class ListPrinter {
    public let format: OutputFormat
    public let sink: OutputSink
    public let headers: [String]
    public let wideHeaders: [String]
    public let noHeaders: Bool
    public let tableWindow: Int
    private var pending: [[Cell]] = []
    private var widths: [Int]?
    private var count = 0
    private var finished = false

    public init(format: OutputFormat, sink: OutputSink, headers: [String], wideHeaders: [String] = [],
        noHeaders: Bool = false, tableWindow: Int = 2000)
    {
        self.format = format
        self.sink = sink
        self.headers = headers
        self.wideHeaders = wideHeaders
        self.noHeaders = noHeaders
        self.tableWindow = tableWindow
    }

    public var rowCount: Int { count }

    /// Written after a streamed `-o yaml` list when the command fails midway: a comment for people
    /// and a stray `]` that every YAML parser rejects, so a cut-short list never parses as complete
    /// (the exit code says it too). docs/exit-codes.md.
    public static let yamlTruncationTrailer = Array("# loomctl: output truncated by an error (see stderr)\n]\n".utf8)

    private var tableHeaders: [String] { format == .wide ? headers + wideHeaders : headers }

    public func add(_ row: Row) {
        switch format {
        case .json:
            var buf: [UInt8] = Array((count == 0 ? "[\n  " : ",\n  ").utf8)
            row.json.write(to: &buf, indent: 2, level: 1)
            sink.out.write(buf)
        case .jsonl:
            var buf: [UInt8] = []
            if let line = row.encodedLine { buf = line } else { row.json.write(to: &buf, indent: nil, level: 0) }
            buf.append(0x0A)
            sink.out.write(buf)
        case .yaml:
            if count == 0 { sink.setOpenDocumentTrailer(ListPrinter.yamlTruncationTrailer) }
            sink.out.write(YAMLRenderer.renderListItem(row.json))
        case .name:
            // One record per line, whatever the id holds.
            sink.out.write(TerminalText.escape(row.name) + "\n")
        case .table, .wide:
            let cells = format == .wide ? row.cells + row.wideCells : row.cells
            if let widths {
                sink.out.write(TableWriter.line(cells, widths: widths, color: sink.color) + "\n")
            } else {
                pending.append(cells)
                if pending.count >= tableWindow { flushTable() }
            }
        }
        count += 1
    }

    private func flushTable() {
        let w = TableWriter.widths(headers: tableHeaders, rows: pending)
        widths = w
        var text = ""
        if !noHeaders { text += TableWriter.line(tableHeaders.map { Cell($0) }, widths: w, color: false) + "\n" }
        for row in pending { text += TableWriter.line(row, widths: w, color: sink.color) + "\n" }
        sink.out.write(text)
        pending.removeAll()
    }

    /// Completes the document. An empty table prints `No resources found.` on stderr, as kubectl does.
    public func finish(emptyMessage: String = "No resources found.") {
        guard !finished else { return }
        finished = true
        sink.setOpenDocumentTrailer(nil)
        switch format {
        case .json: sink.out.write(count == 0 ? "[]\n" : "\n]\n")
        case .yaml: if count == 0 { sink.out.write("[]\n") }
        case .table, .wide:
            if widths == nil {
                if pending.isEmpty {
                    sink.out.flush()
                    sink.err.write(emptyMessage + "\n")
                } else {
                    flushTable()
                }
            }
        default: break
        }
        sink.out.flush()
    }
}

/// Renders a single object (`get` of one thing, `stats`, `config view`) in any format.
public enum ObjectPrinter {
    /// `table` falls back to `renderTable` when given, else to YAML, which reads well for nested data.
    public static func print(_ value: JSONValue, format: OutputFormat, sink: OutputSink, name: String = "",
        renderTable: (() -> String)? = nil)
    {
        switch format {
        case .json: sink.out.write(value.prettyPrinted() + "\n")
        case .jsonl: sink.out.write(value.serialized() + "\n")
        case .yaml: sink.out.write(YAMLRenderer.render(value))
        case .name: sink.out.write(TerminalText.escape(name) + "\n")
        case .table, .wide: sink.out.write(renderTable?() ?? YAMLRenderer.render(value))
        }
        sink.out.flush()
    }
}
