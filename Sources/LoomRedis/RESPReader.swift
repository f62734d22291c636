#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One RESP2 reply header: what `RESPReader.header()` found before the payload.
public enum RESPHeader: Equatable, Sendable {
    /// `*n`; `-1` is the null array.
    case array(Int)
    /// `$n` (payload not yet consumed: call `bulk`/`skipBulk`); `-1` is the null bulk.
    case bulk(Int)
    case integer(Int64)
    case status(String)
    case error(String)
}

/// A pull parser for RESP2 straight over a socket buffer (or a byte buffer, for tests and fuzzing).
///
/// Why not hiredis' reader: it allocates one `redisReply` per element and the Swift copy then
/// allocates again per element; at a million actors × 16 elements that was ~45% of a listing's CPU
/// (docs/benchmarks.md). Here a reply is read in place: callers look at each bulk through an
/// `UnsafeRawBufferPointer` that is valid only inside the closure, and bulks they do not need are
/// skipped without ever being held whole (`skipBulk`), which is what bounds memory for large records.
///
/// Memory: one buffer that starts at 64 KiB and grows only to hold the largest bulk a caller asks
/// to see (`bulk(_:limit:)` refuses more than `limit`), so it is bounded by the caller's field cap.
public struct RESPReader: ~Copyable {
    enum Source {
        case socket(Int32)
        /// A fixed buffer: running out of bytes is a truncated reply.
        case memory
    }

    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var end = 0
    private let source: Source
    /// Used in error messages (`redis://host:port`).
    let peer: String
    let timeoutText: String
    public static let initialCapacity = 64 * 1024
    /// Longest header line accepted (status and error text).
    public static let maxLine = 1 << 20

    /// Reads from a connected, blocking socket whose receive timeout is already set (SO_RCVTIMEO).
    init(socket fd: Int32, peer: String, timeoutText: String) {
        capacity = Self.initialCapacity
        buffer = .allocate(byteCount: capacity, alignment: 16)
        source = .socket(fd)
        self.peer = peer
        self.timeoutText = timeoutText
    }

    /// Parses the given bytes (complete replies; a short buffer is a protocol error).
    public init(bytes: UnsafeRawBufferPointer) {
        capacity = max(bytes.count, 16)
        buffer = .allocate(byteCount: capacity, alignment: 16)
        if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
        end = bytes.count
        source = .memory
        peer = "buffer"
        timeoutText = ""
    }

    public init(bytes: [UInt8]) {
        capacity = max(bytes.count, 16)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { storage.copyMemory(from: base, byteCount: $0.count) } }
        buffer = storage
        end = bytes.count
        source = .memory
        peer = "buffer"
        timeoutText = ""
    }

    deinit { buffer.deallocate() }

    /// Bytes received but not parsed yet (0 after the last pending reply is read).
    public var buffered: Int { end - start }

    /// Current buffer size: what this reader holds, for memory accounting in tests.
    public var bufferCapacity: Int { capacity }

    // MARK: Input

    /// Reads more bytes from the source into the buffer, growing it only when `need` bytes from
    /// `start` do not fit.
    private mutating func fill(need: Int) throws(RedisError) {
        if end - start >= need { return }
        if start > 0 && (start == end || capacity - start < need) {
            // Compact: move the unread tail to the front.
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            start = 0
            end = n
        }
        if need > capacity {
            var size = capacity
            while size < need { size = size > Int.max / 2 ? need : size * 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            grown.copyMemory(from: buffer + start, byteCount: end - start)
            buffer.deallocate()
            buffer = grown
            end -= start
            start = 0
            capacity = size
        }
        while end - start < need {
            switch source {
            case .memory:
                throw RedisError(.protocolError, "truncated reply (\(end - start) of \(need) bytes)")
            case .socket(let fd):
                let n = read(fd, buffer + end, capacity - end)
                if n > 0 {
                    end += n
                } else if n == 0 {
                    throw RedisError(.unreachable, "lost the connection to Redis at \(peer): connection closed by the server")
                } else {
                    let e = errno
                    if e == EINTR { continue }
                    if e == EAGAIN || e == EWOULDBLOCK {
                        throw RedisError(.timeout, "Redis at \(peer) did not answer within \(timeoutText)",
                            hint: "raise the reply timeout, or check the server with redis-cli --latency")
                    }
                    throw RedisError(.unreachable, "lost the connection to Redis at \(peer): \(String(cString: strerror(e)))")
                }
            }
        }
    }

    /// Ensures a whole line (through CRLF) is buffered; returns the offset of its `\r` from `start`.
    private mutating func lineEnd() throws(RedisError) -> Int {
        var scanned = 0
        while true {
            let avail = end - start
            if avail > scanned {
                let base = buffer.assumingMemoryBound(to: UInt8.self) + start
                // memchr for '\n', then check the preceding '\r'.
                if let hit = memchr(base + scanned, 0x0A, avail - scanned) {
                    let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    guard at >= 1, base[at - 1] == 0x0D else {
                        throw RedisError(.protocolError, "malformed reply line (LF without CR)")
                    }
                    return at - 1
                }
                scanned = avail
            }
            if avail >= Self.maxLine { throw RedisError(.protocolError, "reply line longer than \(Self.maxLine) bytes") }
            try fill(need: avail + 1)
        }
    }

    /// Reads the next header (type byte and its line).
    public mutating func header() throws(RedisError) -> RESPHeader {
        let cr = try lineEnd()
        let base = UnsafeRawPointer(buffer + start).assumingMemoryBound(to: UInt8.self)
        let line = UnsafeBufferPointer(start: base + 1, count: max(cr - 1, 0))
        guard cr >= 1 else { throw RedisError(.protocolError, "empty reply line") }
        let type = base[0]
        defer { start += cr + 2 }
        switch type {
        case UInt8(ascii: "*"), UInt8(ascii: "$"):
            guard let n = Self.integer(line), n >= -1, n <= Int64(Int.max / 2) else {
                throw RedisError(.protocolError, "bad length in reply header")
            }
            return type == UInt8(ascii: "*") ? .array(Int(n)) : .bulk(Int(n))
        case UInt8(ascii: ":"):
            guard let n = Self.integer(line) else { throw RedisError(.protocolError, "bad integer reply") }
            return .integer(n)
        case UInt8(ascii: "+"):
            return .status(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: line, as: UTF8.self))
        default:
            throw RedisError(.protocolError, "unexpected reply type byte 0x\(String(type, radix: 16))")
        }
    }

    /// Decimal Int64 without overflow traps; nil if not a plain integer.
    public static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !b.isEmpty else { return nil }
        var i = 0
        let negative = b[0] == UInt8(ascii: "-")
        if negative || b[0] == UInt8(ascii: "+") { i = 1 }
        guard i < b.count else { return nil }
        var v: Int64 = 0
        while i < b.count {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            // Accumulate negatively so Int64.min parses.
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = s
            i += 1
        }
        if negative { return v }
        return v == Int64.min ? nil : -v
    }

    /// Shows a bulk payload of `length` bytes (from `.bulk(length)`) to `body`, then consumes it.
    /// The bytes are valid only inside `body`.
    public mutating func bulk<T>(_ length: Int, _ body: (UnsafeRawBufferPointer) throws(RedisError) -> T) throws(RedisError) -> T {
        let (total, o) = length.addingReportingOverflow(2)
        guard length >= 0, !o else { throw RedisError(.protocolError, "bad bulk length") }
        try fill(need: total)
        let p = UnsafeRawPointer(buffer + start)
        guard p.load(fromByteOffset: length, as: UInt8.self) == 0x0D, p.load(fromByteOffset: length + 1, as: UInt8.self) == 0x0A else {
            throw RedisError(.protocolError, "bulk reply not terminated by CRLF")
        }
        let result = try body(UnsafeRawBufferPointer(start: p, count: length))
        start += total
        return result
    }

    /// Consumes a bulk payload without buffering it whole (memory stays at the buffer's size).
    /// The CRLF after it is checked like `bulk` does, so a skipped value cannot desynchronise the stream.
    public mutating func skipBulk(_ length: Int) throws(RedisError) {
        guard length >= 0, length < Int.max - 2 else { throw RedisError(.protocolError, "bad bulk length") }
        var left = length
        while left > 0 {
            if end == start { try fill(need: 1) }
            let take = min(left, end - start)
            start += take
            left -= take
        }
        try fill(need: 2)
        let p = UnsafeRawPointer(buffer + start)
        guard p.load(as: UInt8.self) == 0x0D, p.load(fromByteOffset: 1, as: UInt8.self) == 0x0A else {
            throw RedisError(.protocolError, "bulk reply not terminated by CRLF")
        }
        start += 2
    }

    /// Consumes one whole reply of any shape (nested arrays included).
    public mutating func skipReply() throws(RedisError) {
        var remaining = 1
        while remaining > 0 {
            remaining -= 1
            switch try header() {
            case .array(let n): if n > 0 { remaining += n }
            case .bulk(let n): if n >= 0 { try skipBulk(n) }
            default: break
            }
        }
    }

    /// A whole reply as a `RedisReply` (for the few replies read outside the hot path).
    public mutating func reply() throws(RedisError) -> RedisReply {
        switch try header() {
        case .array(let n):
            if n < 0 { return .null }
            var items: [RedisReply] = []
            items.reserveCapacity(min(n, 4096))
            for _ in 0..<n { items.append(try reply()) }
            return .array(items)
        case .bulk(let n):
            if n < 0 { return .null }
            return .bulk(try bulk(n) { Array($0) })
        case .integer(let i): return .integer(i)
        case .status(let s): return .status(s)
        case .error(let e): return .error(e)
        }
    }
}

/// RESP2 command encoding into one growing byte buffer (one `write` per round, no per-argument arrays).
public struct RESPWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public var isEmpty: Bool { bytes.isEmpty }
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// `*argc\r\n`; follow with exactly `argc` `argument` calls.
    public mutating func begin(_ argc: Int) {
        bytes.append(UInt8(ascii: "*"))
        appendDecimal(argc)
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    public mutating func argument(_ arg: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "$"))
        appendDecimal(arg.count)
        bytes.append(0x0D)
        bytes.append(0x0A)
        bytes.append(contentsOf: arg)
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    public mutating func argument(_ arg: [UInt8]) { arg.withUnsafeBytes { argument($0) } }

    /// An argument made of two parts (a key prefix and an id), without concatenating them first.
    public mutating func argument(_ prefix: [UInt8], _ tail: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "$"))
        appendDecimal(prefix.count + tail.count)
        bytes.append(0x0D)
        bytes.append(0x0A)
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: tail)
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    public mutating func command(_ args: [[UInt8]]) {
        begin(args.count)
        for a in args { argument(a) }
    }

    private mutating func appendDecimal(_ n: Int) {
        if n < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 0x30 + n))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = n
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[19 - count] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                count += 1
            }
            bytes.append(contentsOf: d[(20 - count)...])
        }
    }
}
