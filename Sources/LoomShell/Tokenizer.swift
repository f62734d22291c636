/// Splits a shell line into arguments the way redis-cli does (`sdssplitargs`): whitespace
/// separates words; "double quotes" understand `\n \r \t \b \a \\ \" \xHH`; 'single quotes'
/// understand only `\'`. A closing quote must end the word.
public enum Tokenizer {
    /// The words of `line`, or nil when the quoting is unbalanced ("Invalid argument(s)").
    public static func split(_ line: String) -> [String]? {
        let r = scan(Array(line.utf8))
        return r.error ? nil : r.words
    }

    /// For completion: the complete words before the cursor and the (possibly empty) word being typed.
    /// Lenient: an open quote simply continues to the end of the text.
    public static func splitForCompletion(_ text: String) -> (words: [String], current: String) {
        let r = scan(Array(text.utf8), lenient: true)
        if r.endsInWord, let last = r.words.last { return (Array(r.words.dropLast()), last) }
        return (r.words, "")
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func scan(_ s: [UInt8], lenient: Bool = false) -> (words: [String], error: Bool, endsInWord: Bool) {
        var words: [String] = []
        var p = 0
        let n = s.count
        while true {
            while p < n, isSpace(s[p]) { p += 1 }
            if p >= n { return (words, false, false) }
            var inq = false, insq = false, done = false
            var cur: [UInt8] = []
            while !done {
                if inq {
                    if p >= n {
                        if lenient { words.append(String(decoding: cur, as: UTF8.self)); return (words, false, true) }
                        return (words, true, false)
                    }
                    let c = s[p]
                    if c == UInt8(ascii: "\\"), p + 3 < n, s[p + 1] == UInt8(ascii: "x"), let h = hexValue(s[p + 2]), let l = hexValue(s[p + 3]) {
                        cur.append(h * 16 + l)
                        p += 3
                    } else if c == UInt8(ascii: "\\"), p + 1 < n {
                        p += 1
                        switch s[p] {
                        case UInt8(ascii: "n"): cur.append(0x0A)
                        case UInt8(ascii: "r"): cur.append(0x0D)
                        case UInt8(ascii: "t"): cur.append(0x09)
                        case UInt8(ascii: "b"): cur.append(0x08)
                        case UInt8(ascii: "a"): cur.append(0x07)
                        default: cur.append(s[p])
                        }
                    } else if c == UInt8(ascii: "\"") {
                        if p + 1 < n, !isSpace(s[p + 1]) { return (words, true, false) }
                        done = true
                    } else {
                        cur.append(c)
                    }
                } else if insq {
                    if p >= n {
                        if lenient { words.append(String(decoding: cur, as: UTF8.self)); return (words, false, true) }
                        return (words, true, false)
                    }
                    let c = s[p]
                    if c == UInt8(ascii: "\\"), p + 1 < n, s[p + 1] == UInt8(ascii: "'") {
                        p += 1
                        cur.append(UInt8(ascii: "'"))
                    } else if c == UInt8(ascii: "'") {
                        if p + 1 < n, !isSpace(s[p + 1]) { return (words, true, false) }
                        done = true
                    } else {
                        cur.append(c)
                    }
                } else {
                    if p >= n {
                        words.append(String(decoding: cur, as: UTF8.self))
                        return (words, false, true)
                    }
                    let c = s[p]
                    if isSpace(c) {
                        done = true
                    } else if c == UInt8(ascii: "\"") {
                        inq = true
                    } else if c == UInt8(ascii: "'") {
                        insq = true
                    } else {
                        cur.append(c)
                    }
                }
                if p < n { p += 1 }
            }
            words.append(String(decoding: cur, as: UTF8.self))
            if p >= n { return (words, false, !isSpace(s[n - 1])) }
        }
    }
}
