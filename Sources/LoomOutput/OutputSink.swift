import Foundation
import LoomCore

/// Where bytes go. Commands never touch stdout/stderr directly: they write through an
/// `OutputSink`, so the same command code runs in the one-shot CLI, the shell and the tests.
public protocol ByteStream: AnyObject, Sendable {
    func write(_ bytes: [UInt8])
    func flush()
    /// True once nothing more can be written (the reader went away, or a write failed);
    /// long listings stop early.
    var isClosed: Bool { get }
    /// A write failure other than EPIPE (ENOSPC, EIO, EBADF…), as an errno. Only EPIPE means the
    /// reader chose to stop; anything else is lost output, which the CLI edge turns into exit 1.
    var writeError: Int32? { get }
    /// Returns and clears `writeError` (the shell reuses one stream for many commands).
    func takeWriteError() -> Int32?
}

extension ByteStream {
    public func write(_ text: String) { write(Array(text.utf8)) }
    public var isClosed: Bool { false }
    public var writeError: Int32? { nil }
    public func takeWriteError() -> Int32? { nil }
}

/// A buffered file-descriptor writer (64 KiB), so streaming a million JSON lines costs a few
/// thousand write(2) calls rather than a million.
public final class FileDescriptorStream: ByteStream, @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()
    private let limit: Int
    /// Set when the reader went away (EPIPE) or a write failed: further output is dropped.
    public private(set) var broken = false
    private var failure: Int32?
    public var isClosed: Bool { lock.withLock { broken } }
    public var writeError: Int32? { lock.withLock { failure } }

    public func takeWriteError() -> Int32? {
        lock.withLock {
            defer {
                if failure != nil { broken = false }
                failure = nil
            }
            return failure
        }
    }

    public init(fd: Int32, bufferSize: Int = 64 * 1024) {
        self.fd = fd
        self.limit = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    public var isTerminal: Bool { isatty(fd) == 1 }

    public func write(_ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { drain() }
    }

    public func flush() {
        lock.lock()
        drain()
        lock.unlock()
    }

    private func drain() {
        guard !buffer.isEmpty else { return }
        if !broken {
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        let e = errno
                        if e == EINTR || e == EAGAIN { continue }
                        broken = true
                        // EPIPE: `| head` went away, a normal end. Anything else loses data.
                        if e != EPIPE { failure = e }
                        return
                    }
                    offset += n
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Collects output in memory (tests, and the shell's completion snapshot).
public final class MemoryStream: ByteStream, @unchecked Sendable {
    private var data: [UInt8] = []
    private let lock = NSLock()

    public init() {}

    public func write(_ bytes: [UInt8]) {
        lock.lock()
        data.append(contentsOf: bytes)
        lock.unlock()
    }

    public func flush() {}

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    public func reset() {
        lock.lock()
        data.removeAll()
        lock.unlock()
    }
}

/// Colour decision from `--color` and `NO_COLOR`.
public enum ColorMode: String, Sendable, CaseIterable {
    case auto, always, never

    public func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        }
    }
}

/// stdout (data only) and stderr (errors, warnings, progress), with their terminal status.
public final class OutputSink: Sendable {
    public let out: any ByteStream
    public let err: any ByteStream
    public let outIsTerminal: Bool
    public let errIsTerminal: Bool
    public let color: Bool

    public init(out: any ByteStream, err: any ByteStream, outIsTerminal: Bool = false, errIsTerminal: Bool = false, color: Bool = false) {
        self.out = out
        self.err = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
        self.color = color
    }

    /// The process's real stdout/stderr (shared by every command of one process).
    public static func standard(color: ColorMode, environment: [String: String]) -> OutputSink {
        let out = StandardStreams.out
        let err = StandardStreams.err
        return OutputSink(out: out, err: err, outIsTerminal: out.isTerminal, errIsTerminal: err.isTerminal,
            color: color.enabled(isTerminal: out.isTerminal, environment: environment))
    }

    /// The same streams with another colour decision (shell `set color`).
    public func with(color: Bool) -> OutputSink {
        OutputSink(out: out, err: err, outIsTerminal: outIsTerminal, errIsTerminal: errIsTerminal, color: color)
    }

    public func print(_ line: String) { out.write(line + "\n") }

    private let trailerLock = NSLock()
    nonisolated(unsafe) private var trailer: [UInt8]?

    /// A streamed document is open on stdout: if the command fails before closing it, `abandon()`
    /// writes `bytes`, which make the partial document invalid (a YAML list that simply stopped
    /// would parse as a complete, shorter list). nil closes it.
    public func setOpenDocumentTrailer(_ bytes: [UInt8]?) {
        trailerLock.withLock { trailer = bytes }
    }

    /// Called at the CLI edge when a command failed: ends an open streamed document invalidly.
    public func abandonOpenDocument() {
        guard let bytes = trailerLock.withLock({ () -> [UInt8]? in
            defer { trailer = nil }
            return trailer
        }) else { return }
        out.write(bytes)
        out.flush()
    }

    public func printError(_ line: String) {
        out.flush()
        err.write(line + "\n")
        err.flush()
    }

    /// `loomctl: warning: …` on stderr.
    /// Warnings quote values from Redis, so control characters are escaped (TerminalText).
    public func warn(_ message: String) { printError("loomctl: warning: \(TerminalText.escape(message))") }

    public func flush() {
        out.flush()
        err.flush()
    }
}

/// One buffered writer per process-wide descriptor, so output from successive shell commands stays ordered.
public enum StandardStreams {
    public static let out = FileDescriptorStream(fd: 1)
    public static let err = FileDescriptorStream(fd: 2, bufferSize: 1)
}
