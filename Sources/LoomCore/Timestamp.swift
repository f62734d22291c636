import Foundation

/// Epoch-millisecond timestamps and the ISO-8601 form Loom writes (`Date.prototype.toISOString`:
/// `2026-01-18T10:20:30.123Z`).
///
/// Parsing is hand-written for the `Z`/offset forms because listing a million actors parses a
/// million `lastHeartbeat` fields and ISO8601DateFormatter costs microseconds each.
public enum Timestamp {
    public static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// `toISOString()` format, always UTC with milliseconds.
    /// Values from Redis can be anything: the input is clamped to the years 0000–9999 (what the
    /// four-digit form can show) instead of trapping on `millis - 999` or printing garbage digits.
    public static func iso(millis: Int64) -> String {
        let millis = min(max(millis, -62_167_219_200_000), 253_402_300_799_999)
        let secs = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let ms = Int(millis - secs * 1000)
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = Int(secs - days * 86400)
        let (y, m, d) = civil(fromDays: days)
        // Hand-formatted: String(format:) goes through CFString and costs microseconds per call.
        var b = [UInt8](repeating: 0, count: 24)
        func put(_ v: Int, _ at: Int, _ width: Int) {
            var v = v
            for k in stride(from: at + width - 1, through: at, by: -1) {
                b[k] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(y, 0, 4); b[4] = 45; put(m, 5, 2); b[7] = 45; put(d, 8, 2); b[10] = 84
        put(rem / 3600, 11, 2); b[13] = 58; put(rem / 60 % 60, 14, 2); b[16] = 58; put(rem % 60, 17, 2)
        b[19] = 46; put(ms, 20, 3); b[23] = 90
        return String(decoding: b, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`; nil for anything else.
    public static func parseISO(_ text: String) -> Int64? {
        var s = text
        return s.withUTF8 { parse($0) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                let c = b[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard b.count >= 20, let y = digits(0, 4), b[4] == 0x2D, let mo = digits(5, 2), b[7] == 0x2D,
            let d = digits(8, 2), b[10] == 0x54 || b[10] == 0x20, let h = digits(11, 2), b[13] == 0x3A,
            let mi = digits(14, 2), b[16] == 0x3A, let se = digits(17, 2),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61
        else { return nil }
        var i = 19
        var ms = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 100
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if scale > 0 { ms += Int(b[i] - 0x30) * scale; scale /= 10 }
                i += 1
            }
            if i == start { return nil }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            guard let oh = digits(i + 1, 2) else { return nil }
            var j = i + 3
            if j < b.count, b[j] == 0x3A { j += 1 }
            guard let om = digits(j, 2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            i = j + 2
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = Int64(daysFromCivil(y, mo, d))
        let secs = days * 86400 + Int64(h * 3600 + mi * 60 + se) - Int64(offset)
        return secs * 1000 + Int64(ms)
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = Int(z0) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
