/// `-o table|wide|json|jsonl|yaml|name`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, wide, json, jsonl, yaml, name

    public var isMachineReadable: Bool {
        switch self {
        case .json, .jsonl, .yaml: return true
        default: return false
        }
    }
}

/// Human durations as kubectl prints ages: `12s`, `3m`, `2h`, `4d`, `<none>` for unknown.
public enum Age {
    public static func format(seconds: Double?) -> String {
        guard let s = seconds, s.isFinite else { return "<none>" }
        if s < 0 { return "0s" }
        let v = Int(s)
        if v < 120 { return "\(v)s" }
        if v < 120 * 60 { return "\(v / 60)m" }
        if v < 48 * 3600 { return "\(v / 3600)h" }
        return "\(v / 86400)d"
    }

    public static func format(milliseconds: Int64?) -> String {
        format(seconds: milliseconds.map { Double($0) / 1000 })
    }
}

/// ANSI colour for table cells; a no-op when colour is off.
public enum Style: Sendable {
    case green, yellow, red, dim, bold

    public func apply(_ text: String, enabled: Bool) -> String {
        guard enabled else { return text }
        let code: String
        switch self {
        case .green: code = "32"
        case .yellow: code = "33"
        case .red: code = "31"
        case .dim: code = "2"
        case .bold: code = "1"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
