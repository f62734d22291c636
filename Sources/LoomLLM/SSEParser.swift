/// One Server-Sent Event, as dispatched by the WHATWG EventSource algorithm.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` name, `"message"` when the event had none.
    public var event: String
    /// All `data:` lines joined with `\n`.
    public var data: String
    /// The last event id seen so far in the stream (`id:` fields persist across events, per spec).
    public var id: String
    /// `retry:` milliseconds if this event carried a valid one.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String = "", retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// Incremental Server-Sent Events parser working on raw bytes.
///
/// Why byte-oriented: network reads split events anywhere (inside a UTF-8 sequence, between CR and
/// LF of a CRLF), and Loom's own parser loses events by splitting each chunk independently (§10.18).
/// This parser keeps only the unfinished line between `feed` calls, scans with raw pointers and builds
/// one `String` per dispatched event, so it runs at hundreds of MB/s.
///
/// Rules (WHATWG HTML "Interpreting an event stream"): lines end in CRLF, LF or CR; a UTF-8 BOM at the
/// very start is dropped; lines starting with `:` are comments; `field:value` with one optional space
/// after the colon; a line without colon is a field with an empty value; `data` lines are joined with
/// LF; `event` names the event; `id` (without NUL) sets the last event id; `retry` (digits only) sets
/// the reconnection time; an empty line dispatches; an event with an empty data buffer is not
/// dispatched. One deliberate deviation: `finish()` dispatches a final event that lacks its blank line,
/// because some proxies and servers close the connection straight after the last `data:` line and that
/// event (often the usage chunk) must not be lost.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var pendingRetry: Int?
    private var skipLeadingLF = false
    private var bomMatched = 0  // 0..<3 while checking, 3 when done
    /// The stream's last event id (persists across events).
    public private(set) var lastEventId = ""
    /// The last valid `retry:` value in milliseconds.
    public private(set) var retry: Int?

    public init() {
        line.reserveCapacity(256)
        data.reserveCapacity(1024)
    }

    /// Feeds bytes and returns the events completed by them.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        var out: [SSEEvent] = []
        bytes.withUnsafeBytes { feed($0) { out.append($0) } }
        return out
    }

    /// Feeds bytes, calling `emit` for each completed event (no intermediate array).
    public mutating func feed(_ buf: UnsafeRawBufferPointer, _ emit: (SSEEvent) -> Void) {
        let n = buf.count
        var i = 0
        if bomMatched < 3 {
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            while bomMatched < 3 && i < n {
                if buf[i] == bom[bomMatched] {
                    bomMatched += 1
                    i += 1
                } else {
                    line.append(contentsOf: bom[0..<bomMatched])
                    bomMatched = 3
                }
            }
            if i == n { return }
        }
        if skipLeadingLF {
            skipLeadingLF = false
            if buf[i] == 0x0A { i += 1 }
        }
        while i < n {
            var j = i
            while j < n {
                let b = buf[j]
                if b == 0x0A || b == 0x0D { break }
                j += 1
            }
            if j == n {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<n]))
                return
            }
            if line.isEmpty {
                processLine(UnsafeRawBufferPointer(rebasing: buf[i..<j]), emit)
            } else {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<j]))
                let l = line
                l.withUnsafeBytes { processLine($0, emit) }
                line.removeAll(keepingCapacity: true)
            }
            if buf[j] == 0x0D {
                if j + 1 < n {
                    if buf[j + 1] == 0x0A { j += 1 }
                } else {
                    skipLeadingLF = true
                }
            }
            i = j + 1
        }
    }

    /// End of stream: treats an unterminated last line as complete and dispatches a pending event.
    public mutating func finish() -> [SSEEvent] {
        var out: [SSEEvent] = []
        finish { out.append($0) }
        return out
    }

    public mutating func finish(_ emit: (SSEEvent) -> Void) {
        if bomMatched < 3 && bomMatched > 0 {
            line.append(contentsOf: [UInt8]([0xEF, 0xBB, 0xBF])[0..<bomMatched])
            bomMatched = 3
        }
        if !line.isEmpty {
            let l = line
            line.removeAll(keepingCapacity: true)
            l.withUnsafeBytes { processLine($0, emit) }
        }
        dispatch(emit)
        skipLeadingLF = false
    }

    private mutating func processLine(_ l: UnsafeRawBufferPointer, _ emit: (SSEEvent) -> Void) {
        let n = l.count
        if n == 0 {
            dispatch(emit)
            return
        }
        if l[0] == 0x3A { return }  // ':' comment
        var colon = 0
        while colon < n && l[colon] != 0x3A { colon += 1 }
        let field = UnsafeRawBufferPointer(rebasing: l[0..<colon])
        var valueStart = colon < n ? colon + 1 : n
        if valueStart < n && l[valueStart] == 0x20 { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: l[valueStart..<n])
        switch field.count {
        case 4 where field[0] == 0x64 && field[1] == 0x61 && field[2] == 0x74 && field[3] == 0x61:  // data
            data.append(contentsOf: value)
            data.append(0x0A)
            hasData = true
        case 5 where field.elementsEqual("event".utf8):
            eventType = String(decoding: value, as: UTF8.self)
        case 2 where field[0] == 0x69 && field[1] == 0x64:  // id
            if !value.contains(0) { lastEventId = String(decoding: value, as: UTF8.self) }
        case 5 where field.elementsEqual("retry".utf8):
            if !value.isEmpty && value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.count < 18 {
                var ms = 0
                for d in value { ms = ms * 10 + Int(d - 0x30) }
                retry = ms
                pendingRetry = ms
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func dispatch(_ emit: (SSEEvent) -> Void) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
        }
        guard hasData else {
            // A retry-only block still updates `retry`, but dispatches nothing.
            pendingRetry = nil
            return
        }
        let text = data.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0.dropLast()), as: UTF8.self) }
        let type = (eventType?.isEmpty ?? true) ? "message" : eventType!
        emit(SSEEvent(event: type, data: text, id: lastEventId, retry: pendingRetry))
        pendingRetry = nil
    }
}
