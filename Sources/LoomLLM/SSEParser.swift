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

/// The parser refused a line or an event larger than its limits (`SSEParser.Limits`).
///
/// Why a hard error and not truncation: a cut event is a different event (half a JSON chunk), and
/// silently dropping it would hand the caller a wrong reply. The caller reports it as a malformed,
/// oversized response (exit 1, not retried).
public struct SSELimitError: Error, Sendable, Equatable {
    public enum What: String, Sendable, Equatable {
        /// One line (without its terminator) exceeded `maxLineBytes`.
        case line
        /// The `data:` lines of one event, joined, exceeded `maxEventBytes`.
        case event
    }
    public var what: What
    public var limit: Int

    public var message: String {
        what == .line
            ? "an event-stream line exceeds \(limit) bytes (SSEParser.maxLineBytes)"
            : "an event exceeds \(limit) bytes of data (SSEParser.maxEventBytes)"
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
///
/// Memory is bounded: the unfinished line is at most `limits.maxLineBytes` and the pending event's data
/// at most `limits.maxEventBytes`; a stream that exceeds either gets `SSELimitError` (and every later
/// `feed`/`finish` throws the same error), so a server sending one endless line cannot grow the process.
public struct SSEParser: Sendable {
    /// Longest line accepted, terminator excluded: 1 MiB. Provider chunks are a few hundred bytes; the
    /// largest seen in practice (Gemini grounding metadata) are tens of KiB.
    public static let maxLineBytes = 1 << 20
    /// Most `data` bytes one event may carry (all its data lines joined): 2 MiB.
    public static let maxEventBytes = 2 << 20

    public struct Limits: Sendable, Equatable {
        public var maxLineBytes: Int
        public var maxEventBytes: Int
        public init(maxLineBytes: Int = SSEParser.maxLineBytes, maxEventBytes: Int = SSEParser.maxEventBytes) {
            self.maxLineBytes = max(1, maxLineBytes)
            self.maxEventBytes = max(1, maxEventBytes)
        }
    }

    public let limits: Limits
    /// Set once a limit was exceeded; the parser then refuses all input.
    public private(set) var failure: SSELimitError?
    /// Lines that carried a field this parser understands (`data`, `event`, `id`, `retry`). Zero after a
    /// whole body means the body was not an event stream at all (an HTML page, a JSON document).
    public private(set) var recognizedFields = 0
    /// Bytes held between calls (unfinished line + pending event data): never above the limits.
    public var bufferedBytes: Int { line.count + data.count }

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

    public init(limits: Limits = Limits()) {
        self.limits = limits
        line.reserveCapacity(256)
        data.reserveCapacity(1024)
    }

    /// Feeds bytes and returns the events completed by them.
    public mutating func feed(_ bytes: [UInt8]) throws(SSELimitError) -> [SSEEvent] {
        var out: [SSEEvent] = []
        // The closures return the error instead of throwing it: typed-throws closures passed to
        // `withUnsafeBytes` crash the 6.3 optimizer when inlined (seen building the fuzzer with -O).
        let failed: SSELimitError? = bytes.withUnsafeBytes { b in
            do throws(SSELimitError) { try feed(b) { out.append($0) } } catch { return error }
            return nil
        }
        if let failed { throw failed }
        return out
    }

    /// Feeds bytes, calling `emit` for each completed event; events completed before a limit error are
    /// emitted (unlike the array-returning form, which discards them with the error).
    public mutating func feed(_ bytes: [UInt8], _ emit: (SSEEvent) -> Void) throws(SSELimitError) {
        let failed: SSELimitError? = bytes.withUnsafeBytes { b in
            do throws(SSELimitError) { try feed(b, emit) } catch { return error }
            return nil
        }
        if let failed { throw failed }
    }

    /// Feeds bytes, calling `emit` for each completed event (no intermediate array). Events completed
    /// before a limit is hit are emitted; then the error is thrown.
    public mutating func feed(_ buf: UnsafeRawBufferPointer, _ emit: (SSEEvent) -> Void) throws(SSELimitError) {
        if let failure { throw failure }
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
            if line.count + (j - i) > limits.maxLineBytes { throw fail(.line, limits.maxLineBytes) }
            if j == n {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<n]))
                return
            }
            if line.isEmpty {
                try processLine(UnsafeRawBufferPointer(rebasing: buf[i..<j]), emit)
            } else {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<j]))
                let l = line
                line.removeAll(keepingCapacity: true)
                try processLine(l, emit)
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
    public mutating func finish() throws(SSELimitError) -> [SSEEvent] {
        var out: [SSEEvent] = []
        try finish { out.append($0) }
        return out
    }

    public mutating func finish(_ emit: (SSEEvent) -> Void) throws(SSELimitError) {
        if let failure { throw failure }
        if bomMatched < 3 && bomMatched > 0 {
            line.append(contentsOf: [UInt8]([0xEF, 0xBB, 0xBF])[0..<bomMatched])
            bomMatched = 3
            if line.count > limits.maxLineBytes { throw fail(.line, limits.maxLineBytes) }
        }
        if !line.isEmpty {
            let l = line
            line.removeAll(keepingCapacity: true)
            try processLine(l, emit)
        }
        dispatch(emit)
        skipLeadingLF = false
    }

    /// Records the failure (sticky) and drops the buffers, so a refused stream holds no memory.
    private mutating func fail(_ what: SSELimitError.What, _ limit: Int) -> SSELimitError {
        let e = SSELimitError(what: what, limit: limit)
        failure = e
        line = []
        data = []
        hasData = false
        return e
    }

    private mutating func processLine(_ l: [UInt8], _ emit: (SSEEvent) -> Void) throws(SSELimitError) {
        let failed: SSELimitError? = l.withUnsafeBytes { b in
            do throws(SSELimitError) { try processLine(b, emit) } catch { return error }
            return nil
        }
        if let failed { throw failed }
    }

    private mutating func processLine(_ l: UnsafeRawBufferPointer, _ emit: (SSEEvent) -> Void) throws(SSELimitError) {
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
            // The joined data is `data.count - 1` bytes now; this line adds `value.count` (+1 for its LF).
            if data.count + value.count > limits.maxEventBytes { throw fail(.event, limits.maxEventBytes) }
            data.append(contentsOf: value)
            data.append(0x0A)
            hasData = true
            recognizedFields &+= 1
        case 5 where field.elementsEqual("event".utf8):
            eventType = String(decoding: value, as: UTF8.self)
            recognizedFields &+= 1
        case 2 where field[0] == 0x69 && field[1] == 0x64:  // id
            if !value.contains(0) { lastEventId = String(decoding: value, as: UTF8.self) }
            recognizedFields &+= 1
        case 5 where field.elementsEqual("retry".utf8):
            recognizedFields &+= 1
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
