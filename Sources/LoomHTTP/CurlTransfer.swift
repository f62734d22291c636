import CCurl
import Foundation
import LoomCore

enum CurlGlobal {
    /// `curl_global_init` is not thread-safe; a `static let` runs it exactly once.
    static let initialized: Bool = loom_curl_global_init(3) == CURLE_OK  // CURL_GLOBAL_ALL
}

/// Monotonic seconds.
@inline(__always) package func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// `https://user@host:port/path?q` → `host:port` with any userinfo redacted: what errors name.
package func hostOf(_ url: String) -> String {
    guard let r = url.range(of: "://") else { return Redact.url(url) }
    let rest = url[r.upperBound...]
    return Redact.url(String(rest.prefix(while: { $0 != "/" && $0 != "?" })))
}

/// Where a transfer's response goes.
enum CurlSink {
    /// Head then body parts to an async consumer, with backpressure (`HTTPLimits.maxQueuedBodyBytes`).
    case stream(AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation)
    /// Kept in memory up to `maxBytes`; the rest is read and dropped (`truncated`).
    case buffer(maxBytes: Int)
}

/// One request: its easy handle, options and response state. Everything except the flow-control
/// state (`cancelled`, `queued`, behind `flow`) is touched only by the thread running `CurlMulti.run`
/// and by curl callbacks on that thread, hence `@unchecked Sendable`.
final class CurlTransfer: @unchecked Sendable {
    /// The request as sent (auth applied).
    let request: HTTPRequest
    /// Header names set by `HTTPAuth`, redacted in traces whatever their name.
    let secretNames: Set<String>
    let timeouts: HTTPTimeouts
    let tls: HTTPTLS
    let userAgent: String?
    let sink: CurlSink
    let trace: HTTPTrace?

    private let flow = NSCondition()
    private var _cancelled = false
    private var queued = 0

    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var connectTo: UnsafeMutablePointer<curl_slist>?
    /// curl's detailed reason (`SSL certificate problem: unable to get local issuer certificate`).
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: 256)

    var started = monotonicNow()
    var lastActivity = monotonicNow()
    var status = 0
    var headers = HTTPHeaders()
    var headSent = false
    var receivedAny = false
    var body: [UInt8] = []
    var truncated = false
    /// Set once by the multi loop, with the time it was set.
    var outcome: Result<Void, HTTPError>? {
        didSet { finishedAt = monotonicNow() }
    }
    var finishedAt: Double?

    init(
        request: HTTPRequest, secretNames: Set<String>, timeouts: HTTPTimeouts, tls: HTTPTLS, userAgent: String?, sink: CurlSink,
        trace: HTTPTrace?
    ) {
        self.request = request
        self.secretNames = secretNames
        self.timeouts = timeouts
        self.tls = tls
        self.userAgent = userAgent
        self.sink = sink
        self.trace = trace
        errorBuffer.initialize(repeating: 0, count: 256)
    }

    deinit {
        loom_curl_easy_cleanup(easy)
        loom_curl_slist_free_all(headerList)
        loom_curl_slist_free_all(connectTo)
        errorBuffer.deallocate()
    }

    var cancelled: Bool {
        flow.lock()
        defer { flow.unlock() }
        return _cancelled
    }

    func cancel() {
        flow.lock()
        _cancelled = true
        flow.broadcast()
        flow.unlock()
    }

    /// The consumer took `n` body bytes off the queue.
    func consumed(_ n: Int) {
        flow.lock()
        queued -= n
        flow.broadcast()
        flow.unlock()
    }

    /// Blocks the transfer thread while the consumer is `maxQueuedBodyBytes` behind; false if cancelled.
    private func reserve(_ n: Int) -> Bool {
        flow.lock()
        defer { flow.unlock() }
        while queued > 0 && queued + n > HTTPLimits.maxQueuedBodyBytes && !_cancelled {
            _ = flow.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        if _cancelled { return false }
        queued += n
        return true
    }

    // MARK: multi loop hooks

    /// Checked by the multi loop every slice: a reason to stop this transfer now (cancelled by the
    /// consumer, or the first-byte / idle limit, which curl cannot express below a second).
    func check(_ now: Double) -> HTTPError? {
        if cancelled { return .cancelled }
        if !headSent && now - started > timeouts.firstByte {
            return HTTPError(.timeout, "\(hostOf(request.url)): no response within \(formatSeconds(timeouts.firstByte)) (first-byte timeout)")
        }
        if headSent && now - lastActivity > timeouts.idle {
            return HTTPError(.timeout, "\(hostOf(request.url)): no data for \(formatSeconds(timeouts.idle)) (idle timeout)")
        }
        return nil
    }

    /// curl finished this transfer with `code`.
    func done(_ code: CURLcode) {
        if code == CURLE_OK {
            outcome = .success(())
        } else if cancelled {
            outcome = .failure(.cancelled)
        } else {
            let detail = String(cString: errorBuffer)
            outcome = .failure(Self.mapError(code, host: hostLabel, detail: Redact.url(detail), receivedAny: receivedAny, started: started))
        }
    }

    /// Hands the outcome to a streaming consumer (buffered results are read by `HTTPClient.perform`).
    func deliver() {
        guard case .stream(let continuation) = sink else { return }
        switch outcome ?? .failure(HTTPError(.unreachable, "\(hostOf(request.url)): no result")) {
        case .success:
            if !headSent { sendHead() }
            continuation.finish()
        case .failure(let error):
            trace?("* \(error.message)")
            continuation.finish(throwing: error)
        }
    }

    // MARK: callbacks (multi-loop thread)

    func sendHead() {
        headSent = true
        if let trace {
            trace("< HTTP \(status)")
            for h in headers.entries { trace("< \(h.name): \(HTTPTraceFormat.redact(h.name, h.value, []))") }
        }
        guard case .stream(let continuation) = sink else { return }
        continuation.yield(.head(HTTPResponseHead(status: status, headers: headers)))
    }

    func onHeaderLine(_ buf: UnsafeRawBufferPointer) {
        lastActivity = monotonicNow()
        receivedAny = true
        var n = buf.count
        while n > 0 && (buf[n - 1] == 0x0A || buf[n - 1] == 0x0D) { n -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: buf[0..<n]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response (after 100 Continue or a redirect): start over.
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
            headSent = false
        } else if line.isEmpty {
            if status >= 200 && !headSent { sendHead() }
        } else if let colon = line.firstIndex(of: ":") {
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces)
        }
    }

    func onBody(_ buf: UnsafeRawBufferPointer) -> Bool {
        if !headSent { sendHead() }
        switch sink {
        case .stream(let continuation):
            guard reserve(buf.count) else { return false }
            // Time spent waiting for our own consumer is not the server's silence.
            lastActivity = monotonicNow()
            receivedAny = true
            continuation.yield(.body(Array(buf)))
        case .buffer(let maxBytes):
            lastActivity = monotonicNow()
            receivedAny = true
            let room = max(0, maxBytes - body.count)
            if buf.count > room { truncated = true }
            if room > 0 { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[0..<min(room, buf.count)])) }
        }
        return true
    }
}

let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    ptr, size, count, userdata in
    guard let userdata, let ptr else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    return transfer.onBody(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
}

let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    ptr, size, count, userdata in
    guard let userdata, let ptr else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    transfer.onHeaderLine(UnsafeRawBufferPointer(start: ptr, count: n))
    return n
}

let curlXferInfoCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
    userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().cancelled ? 1 : 0
}

extension String {
    /// Trims ASCII whitespace by scalars (`"\r\n"` is one `Character`).
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\n" || u == "\r" || u == "\t" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
