import CCurl
import Foundation
import LoomCore

/// The production `HTTPTransport`: libcurl, one dedicated thread per transfer.
///
/// Why a thread: libcurl's transfer loop blocks, and blocking a Swift concurrency pool thread (two on
/// this class of machine) would stall every other task. The thread drives a private multi handle with
/// `curl_multi_poll` in 50 ms slices, which gives three things `curl_easy_perform` cannot:
/// - cancellation within 50 ms (a flag set by the stream's `onTermination`, also checked in the write
///   and xferinfo callbacks), so Ctrl-C aborts a hung provider promptly;
/// - a first-byte timeout (until the response head) and an idle timeout (socket silence) with
///   sub-second precision (curl's LOW_SPEED options work in whole seconds);
/// - no added latency: `curl_multi_poll` returns as soon as the socket is readable.
///
/// Bytes are handed to the consumer as they arrive (`HTTPStreamPart.body`), with backpressure: at most
/// `LLMLimits.maxQueuedBodyBytes` may wait for the consumer; beyond that the write callback blocks
/// (stopping the socket reads) until the consumer catches up or cancels. Without it a fast endless
/// stream filled memory at network speed and Ctrl-C had to drain the backlog first. `Expect: 100-continue` is disabled (curl would otherwise
/// wait up to 1 s before sending a large JSON body). TLS, proxies (`https_proxy`) and CA paths are curl's
/// defaults.
public struct CurlTransport: HTTPTransport {
    public let trace: HTTPTrace?

    public init(trace: HTTPTrace? = nil) {
        self.trace = trace
        _ = CurlGlobal.initialized
    }

    public func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, any Error>.makeStream()
        let transfer = CurlTransfer(request: request, timeouts: timeouts, continuation: continuation, trace: trace)
        continuation.onTermination = { _ in transfer.cancel() }
        let thread = Thread { transfer.run() }
        thread.name = "loomctl-curl"
        thread.start()
        // The consumer's side: each body part taken off the queue releases its bytes to the transfer.
        let pull = ConsumedCounter(stream.makeAsyncIterator(), transfer)
        return AsyncThrowingStream(unfolding: { try await pull.next() })
    }
}

/// The consumer end of a transfer: forwards parts and reports each body part as consumed. Dropping it
/// (the consumer stopped iterating) drops the inner iterator, which cancels the transfer.
final class ConsumedCounter: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<HTTPStreamPart, any Error>.AsyncIterator
    private let transfer: CurlTransfer

    init(_ iterator: AsyncThrowingStream<HTTPStreamPart, any Error>.AsyncIterator, _ transfer: CurlTransfer) {
        self.iterator = iterator
        self.transfer = transfer
    }

    func next() async throws -> HTTPStreamPart? {
        let part = try await iterator.next()
        if case .body(let b)? = part { transfer.consumed(b.count) }
        return part
    }
}

enum CurlGlobal {
    /// `curl_global_init` is not thread-safe; a `static let` runs it exactly once.
    static let initialized: Bool = loom_curl_global_init(3) == CURLE_OK  // CURL_GLOBAL_ALL
}

/// Monotonic seconds.
@inline(__always) func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// State of one transfer. Everything except `cancelled` is touched only by the transfer thread (and by
/// curl callbacks, which run on that thread), hence `@unchecked Sendable`.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let timeouts: HTTPTimeouts
    let continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation
    let trace: HTTPTrace?

    /// Guards `_cancelled` and `queued`; signalled when either changes.
    private let flow = NSCondition()
    private var _cancelled = false
    /// Body bytes yielded to the consumer and not yet taken.
    private var queued = 0
    var cancelled: Bool {
        flow.lock()
        defer { flow.unlock() }
        return _cancelled
    }

    // Transfer-thread state.
    var lastActivity = monotonicNow()
    var status = 0
    var headers = HTTPHeaders()
    var headSent = false
    var receivedAny = false

    init(
        request: HTTPRequest, timeouts: HTTPTimeouts,
        continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation, trace: HTTPTrace?
    ) {
        self.request = request
        self.timeouts = timeouts
        self.continuation = continuation
        self.trace = trace
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
        while queued > 0 && queued + n > LLMLimits.maxQueuedBodyBytes && !_cancelled {
            _ = flow.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        if _cancelled { return false }
        queued += n
        return true
    }

    func run() {
        if let trace { for line in HTTPTraceFormat.request(request) { trace(line) } }
        let result = perform()
        switch result {
        case .success:
            if !headSent { sendHead() }
            continuation.finish()
        case .failure(let error):
            trace?("* \(error.message)")
            continuation.finish(throwing: error)
        }
    }

    private func perform() -> Result<Void, LLMError> {
        guard let easy = loom_curl_easy_init() else {
            let why = loom_curl_load_error().map { String(cString: $0) } ?? "cannot create a handle"
            return .failure(LLMError(.unreachable, "libcurl: \(why)"))
        }
        defer { loom_curl_easy_cleanup(easy) }
        var slist: UnsafeMutablePointer<curl_slist>?
        defer { loom_curl_slist_free_all(slist) }
        for h in request.headers.entries { slist = loom_curl_slist_append(slist, "\(h.name): \(h.value)") }
        slist = loom_curl_slist_append(slist, "Expect:")

        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = loom_curl_setopt_str(easy, CURLOPT_URL, request.url)
        _ = loom_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = loom_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method)
        if request.method == "POST" || !request.body.isEmpty {
            _ = loom_curl_setopt_long(easy, CURLOPT_POST, 1)
            _ = loom_curl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, request.body.count)
            request.body.withUnsafeBytes { buf in
                // COPYPOSTFIELDS copies the bytes, so the Swift array need not outlive this call.
                _ = loom_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        } else if request.method == "GET" {
            _ = loom_curl_setopt_long(easy, CURLOPT_HTTPGET, 1)
        }
        _ = loom_curl_setopt_ptr(easy, CURLOPT_HTTPHEADER, slist.map { UnsafeMutableRawPointer($0) })
        _ = loom_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(timeouts.connect))
        _ = loom_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeouts.total))
        _ = loom_curl_setopt_write(easy, curlWriteCallback)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = loom_curl_setopt_header(easy, curlHeaderCallback)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        _ = loom_curl_setopt_xferinfo(easy, curlXferInfoCallback)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_XFERINFODATA, me)
        _ = loom_curl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)

        guard let multi = loom_curl_multi_init() else { return .failure(LLMError(.unreachable, "libcurl: cannot create multi handle")) }
        defer { loom_curl_multi_cleanup(multi) }
        _ = loom_curl_multi_add_handle(multi, easy)
        defer { _ = loom_curl_multi_remove_handle(multi, easy) }

        let started = monotonicNow()
        lastActivity = started
        var running: Int32 = 1
        while true {
            let mc = loom_curl_multi_perform(multi, &running)
            if mc != CURLM_OK { return .failure(LLMError(.unreachable, "libcurl multi error \(mc.rawValue)")) }
            if running == 0 { break }
            if cancelled { return .failure(.cancelled) }
            let now = monotonicNow()
            // Before the response head the first-byte limit applies, after it the idle limit.
            if !headSent && now - started > timeouts.firstByte {
                return .failure(
                    LLMError(
                        .timeout, "\(hostOf(request.url)): no response within \(formatSeconds(timeouts.firstByte)) (first-byte timeout)"))
            }
            if headSent && now - lastActivity > timeouts.idle {
                return .failure(
                    LLMError(.timeout, "\(hostOf(request.url)): no data for \(formatSeconds(timeouts.idle)) (idle timeout)"))
            }
            _ = loom_curl_multi_poll(multi, nil, 0, 50, nil)
        }
        var code = CURLE_OK
        var remaining: Int32 = 0
        while let msg = loom_curl_multi_info_read(multi, &remaining) {
            if msg.pointee.msg == CURLMSG_DONE { code = msg.pointee.data.result }
        }
        if code == CURLE_OK { return .success(()) }
        if cancelled { return .failure(.cancelled) }
        return .failure(Self.mapError(code, url: request.url, receivedAny: receivedAny, started: started))
    }

    /// Seconds → curl milliseconds, clamped (a NaN, negative or huge value must not trap).
    static func milliseconds(_ s: Double) -> Int {
        guard s.isFinite else { return s > 0 ? Int(Int32.max) : 1 }
        return Int(min(max(s * 1000, 1), Double(Int32.max)).rounded(.up))
    }

    static func mapError(_ code: CURLcode, url: String, receivedAny: Bool, started: Double) -> LLMError {
        let host = hostOf(url)
        let text = String(cString: loom_curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return LLMError(.timeout, "\(host): timed out after \(formatSeconds(monotonicNow() - started)) (\(text))")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return LLMError(.unreachable, "\(host): cannot resolve host (\(text))")
        case CURLE_COULDNT_CONNECT:
            return LLMError(.unreachable, "\(host): connection refused or unreachable (\(text))")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            return LLMError(
                .unreachable, "\(host): connection closed \(receivedAny ? "mid-response" : "before a response") (\(text))")
        default:
            return LLMError(.unreachable, "\(host): transfer failed: \(text) (curl \(code.rawValue))")
        }
    }

    // MARK: callbacks (transfer thread)

    func sendHead() {
        headSent = true
        if let trace {
            trace("< HTTP \(status)")
            for h in headers.entries { trace("< \(h.name): \(Redact.header(name: h.name, value: h.value))") }
        }
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
        guard reserve(buf.count) else { return false }
        // Time spent waiting for our own consumer is not the server's silence.
        lastActivity = monotonicNow()
        receivedAny = true
        continuation.yield(.body(Array(buf)))
        return true
    }
}

func hostOf(_ url: String) -> String {
    guard let r = url.range(of: "://") else { return url }
    let rest = url[r.upperBound...]
    return String(rest.prefix(while: { $0 != "/" && $0 != "?" }))
}

private let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    ptr, size, count, userdata in
    guard let userdata, let ptr else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    return transfer.onBody(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
}

private let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    ptr, size, count, userdata in
    guard let userdata, let ptr else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    transfer.onHeaderLine(UnsafeRawBufferPointer(start: ptr, count: n))
    return n
}

private let curlXferInfoCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
    userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().cancelled ? 1 : 0
}
