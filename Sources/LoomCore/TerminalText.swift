/// Terminal safety for human output (kubectl's fix for CVE-2021-25743): values from Redis or a
/// provider are untrusted, so control characters are shown escaped instead of being interpreted.
/// An actor id holding `ESC[31m`, an OSC title sequence or a newline can then neither recolour
/// the terminal, retitle the window nor forge a table row. JSON and YAML never go through this:
/// they carry values exactly.
public enum TerminalText {
    /// `\n`, `\r`, `\t`, `\x1b`…; C1 controls and bidirectional overrides as `\u{202e}`.
    /// Printable text, including non-ASCII letters, is unchanged. Backslashes are kept as they are.
    public static func escape(_ text: String) -> String { escape(text, keepLines: false) }

    /// Like `escape`, but keeps line breaks and tabs: for multi-line messages (errors with a hint,
    /// usage text) whose lines are ours while the values inside them are not.
    public static func escapeKeepingLines(_ text: String) -> String { escape(text, keepLines: true) }

    static func escape(_ text: String, keepLines: Bool) -> String {
        // Fast path: plain printable ASCII, the common case for ids and types.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepLines && ($0 == 0x0A || $0 == 0x09)) }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepLines: out += "\n"
            case 0x09 where keepLines: out += "\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F:
                out += "\\x" + hex(scalar.value, width: 2)
            case 0x80..<0xA0, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + hex(scalar.value, width: 4) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
