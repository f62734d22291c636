import LoomCore

extension OutputFormat {
    /// The one rule for `-o`: the flag, else the shell's `set output`, else `LOOMCTL_OUTPUT`, else
    /// `table`. A value that is not a format is a usage error wherever it came from.
    public static func resolve(flag: String?, session: OutputFormat?, environment: [String: String]) throws(CoreError) -> OutputFormat {
        let schema = SettingsSchema[.output]
        if let flag {
            guard let f = OutputFormat(rawValue: flag) else { throw invalid("\(schema.flag) '\(flag)'") }
            return f
        }
        if let session { return session }
        for name in schema.environment {
            guard let text = environment[name].nonEmpty else { continue }
            guard let f = OutputFormat(rawValue: text) else { throw invalid("\(name)='\(text)'") }
            return f
        }
        return .table
    }

    static func invalid(_ what: String) -> CoreError {
        CoreError.usage("\(what) is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// Whether a failure also writes the JSON error envelope (docs/exit-codes.md).
    public var emitsErrorEnvelope: Bool { isMachineReadable }
}

/// Something a command prints: it knows its JSON value, its table row and its name.
public protocol OutputRecord {
    var outputRow: Row { get }
}

extension Row: OutputRecord {
    public var outputRow: Row { self }
}

/// `-o` resolved once, with the sink and `--no-headers`: commands hand their records and documents
/// to it instead of branching on the format themselves.
public final class Printer: @unchecked Sendable {
    public let format: OutputFormat
    public let sink: OutputSink
    public let noHeaders: Bool

    public init(format: OutputFormat, sink: OutputSink, noHeaders: Bool = false) {
        self.format = format
        self.sink = sink
        self.noHeaders = noHeaders
    }

    /// `table` or `wide`: output for people (headers, colour, redraws, summaries).
    public var isTable: Bool { format == .table || format == .wide }
    public var isWide: Bool { format == .wide }
    public var isMachineReadable: Bool { format.isMachineReadable }

    /// A streaming list; `headerless` drops the header line whatever `--no-headers` says.
    public func list(headers: [String], wideHeaders: [String] = [], headerless: Bool = false) -> ListPrinter {
        ListPrinter(format: format, sink: sink, headers: headers, wideHeaders: wideHeaders, noHeaders: noHeaders || headerless)
    }

    /// Prints records as one list and finishes it.
    public func print(_ records: some Sequence<some OutputRecord>, headers: [String], wideHeaders: [String] = [],
        headerless: Bool = false, emptyMessage: String = "No resources found.")
    {
        let printer = list(headers: headers, wideHeaders: wideHeaders, headerless: headerless)
        for r in records { printer.add(r.outputRow) }
        printer.finish(emptyMessage: emptyMessage)
    }

    /// One document (`get` of one thing, `stats`, `config view`); `renderTable` is the table form.
    public func object(_ value: JSONValue, name: String = "", renderTable: (() -> String)? = nil) {
        ObjectPrinter.print(value, format: format, sink: sink, name: name, renderTable: renderTable)
    }
}
