import LoomCore

/// A table cell: text plus an optional style applied after padding (so ANSI codes never skew widths).
public struct Cell: Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var style: Style?

    /// The text is shown with control characters escaped (`TerminalText`): cells hold values from
    /// Redis, and tables are for terminals.
    public init(_ text: String, style: Style? = nil) {
        self.text = TerminalText.escape(text)
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// kubectl-style columns: upper-case headers, two spaces between columns, no borders.
public struct TableWriter {
    public var headers: [String]
    public var rows: [[Cell]] = []

    public init(headers: [String]) { self.headers = headers }

    public mutating func add(_ row: [Cell]) { rows.append(row) }

    /// Column widths over the header and the given rows (terminal width of characters).
    public static func widths(headers: [String], rows: [[Cell]]) -> [Int] {
        var w = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < w.count { w[i] = max(w[i], cell.text.count) }
        }
        return w
    }

    public static func line(_ cells: [Cell], widths: [Int], color: Bool) -> String {
        var out = ""
        for (i, cell) in cells.enumerated() {
            let last = i == cells.count - 1
            let text = cell.style.map { $0.apply(cell.text, enabled: color) } ?? cell.text
            out += text
            if !last {
                let pad = max(0, (i < widths.count ? widths[i] : cell.text.count) - cell.text.count) + 3
                out += String(repeating: " ", count: pad)
            }
        }
        return out
    }

    public func render(noHeaders: Bool = false, color: Bool = false) -> String {
        let widths = Self.widths(headers: headers, rows: rows)
        var lines: [String] = []
        if !noHeaders { lines.append(Self.line(headers.map { Cell($0) }, widths: widths, color: false)) }
        for row in rows { lines.append(Self.line(row, widths: widths, color: color)) }
        return lines.map { $0 + "\n" }.joined()
    }
}
