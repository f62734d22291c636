import LoomHTTP
/// Parsing of the server's "wait this long" headers.
///
/// Order: `retry-after-ms` (OpenAI, Azure; milliseconds), then `Retry-After` as delta-seconds or as an
/// HTTP-date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, plus the obsolete RFC 850 and asctime forms).
/// A date in the past means "now" (0 s). Anything unparsable is ignored (nil), so backoff applies.
public enum RetryAfter {
    public static func seconds(from headers: HTTPHeaders, now: Double) -> Double? {
        if let ms = headers["retry-after-ms"], let v = Double(ms.trimmingSpaces), v >= 0, v.isFinite {
            return v / 1000
        }
        guard let raw = headers["retry-after"]?.trimmingSpaces, !raw.isEmpty else { return nil }
        if let v = Double(raw), v >= 0, v.isFinite { return v }
        if let date = httpDate(raw) { return max(0, date - now) }
        return nil
    }

    /// Seconds since 1970 for an HTTP-date, or nil.
    public static func httpDate(_ s: String) -> Double? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        // Tokenise on spaces, commas and dashes; keep the time token (with colons) whole.
        var tokens: [String] = []
        var cur = ""
        for ch in s {
            if ch == " " || ch == "," || ch == "-" {
                if !cur.isEmpty { tokens.append(cur); cur = "" }
            } else {
                cur.append(ch)
            }
        }
        if !cur.isEmpty { tokens.append(cur) }
        var day: Int?, month: Int?, year: Int?, hms: [Int]?
        for t in tokens {
            if t.contains(":") {
                let parts = t.split(separator: ":").compactMap { Int($0) }
                if parts.count == 3 { hms = parts }
            } else if let m = months.firstIndex(of: t.lowercased()) {
                month = m + 1
            } else if let n = Int(t) {
                if t.count == 4 { year = n } else if day == nil { day = n } else if t.count == 2 { year = 1900 + n + (n < 70 ? 100 : 0) }
            }
        }
        guard let d = day, let m = month, var y = year, let t = hms, (1...31).contains(d), t[0] < 24, t[1] < 60, t[2] < 61
        else { return nil }
        // days_from_civil (Howard Hinnant), proleptic Gregorian.
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + t[0] * 3600 + t[1] * 60 + t[2])
    }
}
