/// libFuzzer target for `SSEParser` (built and run by scripts/fuzz.sh, see docs/fuzzing.md).
///
/// Input layout: byte 0 picks the limits, byte 1 seeds the chunking, the rest is the event stream.
/// Invariants checked on every input (a violation traps, which libFuzzer reports as a crash):
/// 1. the incremental parser agrees with `ReferenceSSE`, a whole-input parser written straight from
///    the WHATWG rules, on the events, the limit error, the last event id and the retry value;
/// 2. it agrees with itself whether the input arrives whole, one byte at a time or in pseudo-random
///    chunks (a network can split anywhere);
/// 3. memory stays bounded: between calls it never holds more than the line limit plus the event limit;
/// 4. a failure is sticky: once a limit is exceeded, later `feed`/`finish` calls throw the same error.

struct Outcome: Equatable {
    var events: [SSEEvent]
    var error: SSELimitError?
    var lastEventId: String
    var retry: Int?
}

let limitChoices: [(line: Int, event: Int)] = [(8, 16), (64, 96), (96, 64), (4096, 4096), (1, 1), (SSEParser.maxLineBytes, SSEParser.maxEventBytes)]

func runIncremental(_ input: [UInt8], limits: SSEParser.Limits, chunks: (Int) -> Int) -> Outcome {
    var p = SSEParser(limits: limits)
    var events: [SSEEvent] = []
    // The callback API, as LLMClient uses it: events completed before a limit error are still delivered.
    // (Errors are returned from the closure, not thrown: see the note in SSEParser.feed.)
    let failure: SSELimitError? = input.withUnsafeBytes { raw in
        var i = 0
        var k = 0
        do throws(SSELimitError) {
            while i < raw.count {
                let n = max(1, min(raw.count - i, chunks(k)))
                try p.feed(UnsafeRawBufferPointer(rebasing: raw[i..<(i + n)])) { events.append($0) }
                precondition(p.bufferedBytes <= limits.maxLineBytes + limits.maxEventBytes + 3, "parser holds \(p.bufferedBytes) bytes")
                i += n
                k += 1
            }
            try p.finish { events.append($0) }
        } catch {
            return error
        }
        return nil
    }
    guard let error = failure else {
        return Outcome(events: events, error: nil, lastEventId: p.lastEventId, retry: p.retry)
    }
    // Sticky: any further use fails the same way, emits nothing and holds nothing.
    do {
        let again = try p.feed([0x0A, 0x0A]) + (try p.finish())
        preconditionFailure("a failed parser accepted input again: \(again)")
    } catch let e2 {
        precondition(e2 == error, "failure is not sticky")
    }
    precondition(p.bufferedBytes == 0, "a failed parser kept state")
    return Outcome(events: events, error: error, lastEventId: "", retry: nil)
}

/// A deliberately simple whole-input parser: split into lines first, then interpret them.
enum ReferenceSSE {
    static func parse(_ bytes: [UInt8], limits: SSEParser.Limits) -> Outcome {
        var input = bytes[...]
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input = input.dropFirst(3) }
        var lines: [ArraySlice<UInt8>] = []
        var start = input.startIndex
        var i = input.startIndex
        while i < input.endIndex {
            let b = input[i]
            if b == 0x0A || b == 0x0D {
                lines.append(input[start..<i])
                if b == 0x0D, i + 1 < input.endIndex, input[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < input.endIndex { lines.append(input[start..<input.endIndex]) }  // unterminated last line

        var out = Outcome(events: [], error: nil, lastEventId: "", retry: nil)
        var data: [[UInt8]] = []
        var type = ""
        var pendingRetry: Int?
        func dispatch() {
            if !data.isEmpty {
                let joined = Array(data.joined(separator: [0x0A]))
                out.events.append(SSEEvent(event: type.isEmpty ? "message" : type, data: String(decoding: joined, as: UTF8.self),
                    id: out.lastEventId, retry: pendingRetry))
            }
            data = []
            type = ""
            pendingRetry = nil
        }
        for line in lines {
            if line.count > limits.maxLineBytes {
                return Outcome(events: out.events, error: SSELimitError(what: .line, limit: limits.maxLineBytes), lastEventId: "", retry: nil)
            }
            if line.isEmpty {
                dispatch()
                continue
            }
            if line.first == 0x3A { continue }
            let field: ArraySlice<UInt8>
            var value: ArraySlice<UInt8>
            if let c = line.firstIndex(of: 0x3A) {
                field = line[line.startIndex..<c]
                value = line[(c + 1)...]
                if value.first == 0x20 { value = value.dropFirst() }
            } else {
                field = line
                value = []
            }
            switch String(decoding: field, as: UTF8.self) {
            case "data":
                let joinedAfter = data.reduce(0) { $0 + $1.count } + data.count + value.count
                if joinedAfter > limits.maxEventBytes {
                    return Outcome(events: out.events, error: SSELimitError(what: .event, limit: limits.maxEventBytes), lastEventId: "", retry: nil)
                }
                data.append(Array(value))
            case "event":
                type = String(decoding: value, as: UTF8.self)
            case "id":
                if !value.contains(0) { out.lastEventId = String(decoding: value, as: UTF8.self) }
            case "retry":
                if !value.isEmpty, value.count < 18, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    let ms = Int(String(decoding: value, as: UTF8.self))!
                    out.retry = ms
                    pendingRetry = ms
                }
            default:
                break
            }
        }
        dispatch()
        return out
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSEParser(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size >= 2, let bytes else { return 0 }
    let all = Array(UnsafeBufferPointer(start: bytes, count: size))
    let choice = limitChoices[Int(all[0]) % limitChoices.count]
    let limits = SSEParser.Limits(maxLineBytes: choice.line, maxEventBytes: choice.event)
    var seed = UInt32(all[1]) &* 2_654_435_761 | 1
    let input = Array(all[2...])

    let expected = ReferenceSSE.parse(input, limits: limits)
    let whole = runIncremental(input, limits: limits) { _ in Int.max }
    precondition(whole == expected, "whole-input parse differs from the reference")
    let bytewise = runIncremental(input, limits: limits) { _ in 1 }
    precondition(bytewise == expected, "byte-at-a-time parse differs from the reference")
    let chunked = runIncremental(input, limits: limits) { _ in
        seed = seed &* 1_103_515_245 &+ 12_345
        return Int((seed >> 16) % 23) + 1
    }
    precondition(chunked == expected, "chunked parse differs from the reference")
    return 0
}
