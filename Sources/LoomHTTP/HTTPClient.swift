import Foundation
import LoomCore

/// loomctl's HTTP client over libcurl (loaded with dlopen on first use, see CCurl.h).
///
/// Two ways to send, one loop (`CurlMulti`):
/// - `send`: one request, its body streamed to the consumer as it arrives, on a dedicated thread
///   (libcurl blocks, and blocking one of the two pool threads would stall every task). Cancelling
///   the consuming task or dropping the stream aborts the transfer within 50 ms.
/// - `perform`: many requests in parallel on one multi handle, bodies buffered up to a cap: N probes
///   cost one thread and the slowest probe's timeout.
///
/// Bounds (`HTTPLimits`): connect and total limits per request from `HTTPTimeouts` (defaults 10 s and
/// 600 s), first-byte and idle limits (60 s each), `maxQueuedBodyBytes` (256 KiB) of streamed body
/// waiting for the consumer, `maxBodyBytes` (default 16 MiB) of buffered body. Redirects are not
/// followed; `Expect: 100-continue` is disabled. Proxies (`https_proxy`) are curl's defaults; CAs are
/// the system's unless `tls.caFile` is set.
///
/// Secrets (`auth`, `tls.clientKeyPassword`) never appear in errors or in `trace` lines.
public struct HTTPClient: HTTPTransport {
    public var trace: HTTPTrace?
    public var tls: HTTPTLS
    public var auth: HTTPAuth
    public var userAgent: String?

    public init(trace: HTTPTrace? = nil, tls: HTTPTLS = HTTPTLS(), auth: HTTPAuth = .none, userAgent: String? = nil) {
        self.trace = trace
        self.tls = tls
        self.auth = auth
        self.userAgent = userAgent
        _ = CurlGlobal.initialized
    }

    public func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, any Error>.makeStream()
        let signed: (HTTPRequest, Set<String>)
        do { signed = try auth.apply(to: request) } catch {
            continuation.finish(throwing: Self.signingError(error, request))
            return stream
        }
        let transfer = CurlTransfer(
            request: signed.0, secretNames: signed.1, timeouts: timeouts, tls: tls, userAgent: userAgent, sink: .stream(continuation),
            trace: trace)
        continuation.onTermination = { _ in transfer.cancel() }
        let thread = Thread {
            CurlMulti.run([transfer])
            transfer.deliver()
        }
        thread.name = "loomctl-curl"
        thread.start()
        // The consumer's side: each body part taken off the queue releases its bytes to the transfer.
        let pull = ConsumedCounter(stream.makeAsyncIterator(), transfer)
        return AsyncThrowingStream(unfolding: { try await pull.next() })
    }

    /// Sends every request at once on one multi handle and waits for all; results keep the input
    /// order. Each request has its own `timeouts` (a timed-out one fails alone). Bodies keep at most
    /// `maxBodyBytes` (`HTTPOutcome.truncated` says when more came). Blocks the calling thread.
    public func perform(_ requests: [HTTPRequest], timeouts: HTTPTimeouts, maxBodyBytes: Int = HTTPLimits.maxBufferedBodyBytes)
        -> [HTTPOutcome]
    {
        var transfers: [CurlTransfer?] = []
        var failures: [Int: HTTPError] = [:]
        for (i, request) in requests.enumerated() {
            do {
                let (r, secret) = try auth.apply(to: request)
                transfers.append(
                    CurlTransfer(
                        request: r, secretNames: secret, timeouts: timeouts, tls: tls, userAgent: userAgent,
                        sink: .buffer(maxBytes: max(0, maxBodyBytes)), trace: trace))
            } catch {
                transfers.append(nil)
                failures[i] = Self.signingError(error, request)
            }
        }
        CurlMulti.run(transfers.compactMap { $0 })
        return requests.indices.map { i in
            guard let t = transfers[i] else {
                return HTTPOutcome(url: requests[i].url, status: 0, headers: HTTPHeaders(), body: [], truncated: false, error: failures[i], seconds: 0)
            }
            let error: HTTPError?
            switch t.outcome {
            case .success?: error = nil
            case .failure(let e)?: error = e
            case nil: error = HTTPError(.unreachable, "\(hostOf(t.request.url)): no result")
            }
            if let error { trace?("* \(error.message)") }
            return HTTPOutcome(
                url: requests[i].url, status: error == nil ? t.status : 0, headers: t.headers, body: t.body, truncated: t.truncated, error: error,
                seconds: max(0, (t.finishedAt ?? monotonicNow()) - t.started))
        }
    }

    /// `perform` off the concurrency pool: the batch runs on a thread of its own.
    public func perform(_ requests: [HTTPRequest], timeouts: HTTPTimeouts, maxBodyBytes: Int = HTTPLimits.maxBufferedBodyBytes) async
        -> [HTTPOutcome]
    {
        await withCheckedContinuation { (done: CheckedContinuation<[HTTPOutcome], Never>) in
            let thread = Thread { done.resume(returning: self.perform(requests, timeouts: timeouts, maxBodyBytes: maxBodyBytes)) }
            thread.name = "loomctl-curl-batch"
            thread.start()
        }
    }

    /// A signer's error, without its text when it is not a `LoomError` (whose messages are redacted).
    static func signingError(_ error: any Error, _ request: HTTPRequest) -> HTTPError {
        let why = (error as? any LoomError)?.message ?? String(describing: type(of: error))
        return HTTPError(.configuration, "\(hostOf(request.url)): cannot sign the request: \(why)")
    }
}

/// One buffered result of `HTTPClient.perform`.
public struct HTTPOutcome: Sendable, Equatable {
    /// The request's URL as given (before any `serverName` routing).
    public var url: String
    /// 0 when no complete HTTP response arrived (then `error` says why).
    public var status: Int
    public var headers: HTTPHeaders
    /// What arrived, at most `maxBodyBytes` (also on error: a partial body).
    public var body: [UInt8]
    /// More body came than `maxBodyBytes`; it was read and dropped.
    public var truncated: Bool
    public var error: HTTPError?
    /// From the start of the batch to the end of this transfer.
    public var seconds: Double

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The consumer end of a streaming transfer: forwards parts and reports each body part as consumed.
/// Dropping it (the consumer stopped iterating) drops the inner iterator, which cancels the transfer.
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
