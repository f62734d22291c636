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
    /// `12s`, `3m`, `2h`, `5d`, `3y` (kubectl's buckets). A time in the future (a clock ahead, or a
    /// timestamp in the year 9999) is shown as `in 5d`, never as a reassuring `0s`. Never traps,
    /// whatever the value.
    public static func format(seconds: Double?) -> String {
        guard let s = seconds, s.isFinite else { return "<none>" }
        if s < 0 { return "in " + format(seconds: -s) }
        // Clamp before converting: Int(1e300) would trap.
        let v = s >= 1e15 ? Int(1e15) : Int(s)
        if v < 120 { return "\(v)s" }
        if v < 120 * 60 { return "\(v / 60)m" }
        if v < 48 * 3600 { return "\(v / 3600)h" }
        if v < 2 * 365 * 86400 { return "\(v / 86400)d" }
        return "\(v / (365 * 86400))y"
    }

    public static func format(milliseconds: Int64?) -> String {
        format(seconds: milliseconds.map { Double($0) / 1000 })
    }

    /// The age of `millis` at `now`, both ms since the epoch; overflow-free for any stored value.
    public static func since(millis: Int64, now: Int64) -> String {
        format(seconds: (Double(now) - Double(millis)) / 1000)
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
