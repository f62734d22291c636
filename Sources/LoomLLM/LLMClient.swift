import Foundation
import LoomCore
import LoomHTTP

public struct LLMClientOptions: Sendable {
    public var retry: RetryPolicy
    public var cooldown: CooldownPolicy
    public var timeouts: HTTPTimeouts
    /// Response cache TTL; nil disables the cache. The CLI default is 24 h (86 400 s).
    public var cacheTTLSeconds: Int?
    /// Daily budget in USD (UTC day) enforced through the store; nil disables.
    public var budgetUSD: Double?
    /// Output tokens assumed for the worst-case estimate when a request sets no `maxTokens`.
    public var assumedMaxOutputTokens: Int
    /// Jitter source in [0, 1).
    public var random: @Sendable () -> Double
    /// Non-fatal problems (ledger write failed, cache unreadable) go here, e.g. to stderr.
    public var warn: (@Sendable (String) -> Void)?

    public init(
        retry: RetryPolicy = RetryPolicy(), cooldown: CooldownPolicy = CooldownPolicy(),
        timeouts: HTTPTimeouts = HTTPTimeouts(), cacheTTLSeconds: Int? = nil, budgetUSD: Double? = nil,
        assumedMaxOutputTokens: Int = 4096, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        warn: (@Sendable (String) -> Void)? = nil
    ) {
        self.retry = retry
        self.cooldown = cooldown
        self.timeouts = timeouts
        self.cacheTTLSeconds = cacheTTLSeconds
        self.budgetUSD = budgetUSD
        self.assumedMaxOutputTokens = assumedMaxOutputTokens
        self.random = random
        self.warn = warn
    }
}

/// The reliable LLM client: fallback chain, retries, cooldowns, cache, ledger and budget around the
/// provider wire formats.
///
/// Order per request: for each target in `targets` (skipping ones cooling down) → cache lookup → budget
/// reservation → up to `1 + maxRetries` HTTP attempts → on success record usage, correct the spend,
/// store in cache. A failure falls back to the next target only while no content has been emitted;
/// once a token reached the caller, the error is surfaced (a second model's answer cannot be spliced
/// onto the first's). Every error type falls back except cancellation; when all targets fail, the last
/// error is thrown with a hint listing the others.
public final class LLMClient: Sendable {
    public let targets: [ProviderSettings]
    public let options: LLMClientOptions
    let transport: any HTTPTransport
    let store: (any LLMStore)?
    let prices: PriceTable
    let clock: any LLMClock
    let cooldowns: CooldownTracker

    public init(
        targets: [ProviderSettings], options: LLMClientOptions = LLMClientOptions(),
        transport: any HTTPTransport = HTTPClient(), store: (any LLMStore)? = nil,
        prices: PriceTable = .bundled(), clock: any LLMClock = SystemClock(), cooldowns: CooldownTracker = .shared
    ) {
        self.targets = targets
        self.options = options
        self.transport = transport
        self.store = store
        self.prices = prices
        self.clock = clock
        self.cooldowns = cooldowns
    }

    /// Streams a reply. Cancel the consuming task (or stop iterating) to abort the HTTP transfer; the
    /// stream then ends with `LLMError` `.cancelled` if still being awaited. Errors are `LLMError`.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<LLMEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LLMEvent, any Error>.makeStream()
        let task = Task {
            do {
                _ = try await self.run(request) { continuation.yield($0) }
                continuation.finish()
            } catch {
                // Cancelled only by `onTermination`, i.e. the consumer stopped or was cancelled: end the
                // stream the way Swift streams end on cancellation (nil, no error). Finishing with the
                // error here raced the stream's own termination and sometimes surfaced it (issue 9 item 7).
                if Task.isCancelled { continuation.finish() } else { continuation.finish(throwing: error) }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Runs a request to completion and returns the assembled reply.
    public func complete(_ request: ChatRequest, onEvent: (LLMEvent) -> Void = { _ in }) async throws(LLMError) -> ChatResponse {
        try await run(request, emit: onEvent)
    }

    // MARK: - Core

    struct AttemptFailure: Error {
        var error: LLMError
        var emittedContent: Bool
    }

    /// Runs the fallback chain, calling `emit` for each event; returns the assembled reply.
    func run(_ request: ChatRequest, emit: (LLMEvent) -> Void) async throws(LLMError) -> ChatResponse {
        guard !targets.isEmpty else { throw LLMError(.configuration, "no LLM provider configured") }
        let deadline = monotonicNow() + options.timeouts.total
        var failures: [LLMError] = []
        for (i, target) in targets.enumerated() {
            let isLast = i == targets.count - 1
            if Task.isCancelled { throw .cancelled }
            if monotonicNow() >= deadline {
                failures.append(Self.deadlineError(options.timeouts.total, target: target.label))
                break
            }
            if let left = cooldowns.remaining(target.label, now: clock.now()) {
                failures.append(
                    LLMError(.unreachable, "\(target.label) is cooling down for \(formatSeconds(left)) after repeated failures", target: target.label))
                continue
            }
            do {
                return try await runTarget(target, request: request, isLast: isLast, deadline: deadline, emit: emit)
            } catch {
                if error.emittedContent || error.error.reason == .cancelled { throw error.error }
                failures.append(error.error)
            }
        }
        throw Self.combine(failures)
    }

    /// Whether a timeout at this moment is the total deadline. curl's own millisecond timer can
    /// fire a little before this clock reaches the deadline it was given (seen under load), so a
    /// transport timeout within `deadlineSlack` of it counts as the deadline.
    static func reached(_ deadline: Double) -> Bool { monotonicNow() >= deadline - deadlineSlack }
    static let deadlineSlack = 0.05

    static func deadlineError(_ total: Double, target: String) -> LLMError {
        LLMError(
            .timeout, "\(target): no complete reply within the \(formatSeconds(total)) deadline (total timeout)",
            hint: "raise the total deadline for long replies", target: target)
    }

    static func combine(_ failures: [LLMError]) -> LLMError {
        guard let last = failures.last else { return LLMError(.unreachable, "no LLM target could be tried") }
        if failures.count == 1 { return last }
        let others = failures.dropLast().map { "\($0.target ?? "?"): \($0.code)" }
        let hint = "also tried " + others.joined(separator: ", ") + (last.hint.map { "; \($0)" } ?? "")
        return last.with(hint: hint)
    }

    private func runTarget(
        _ target: ProviderSettings, request: ChatRequest, isLast: Bool, deadline: Double, emit: (LLMEvent) -> Void
    )
        async throws(AttemptFailure) -> ChatResponse
    {
        let day = LLMKeys.day(clock.now())
        var cacheKey: String?
        if let store, let ttl = options.cacheTTLSeconds, ttl > 0 {
            let key = CacheKey.make(settings: target, request: request)
            cacheKey = key
            do {
                if let hit = try store.cachedResponse(key: key) {
                    replay(hit, target: target, emit: emit)
                    note { () throws(LLMError) in
                        try store.recordUsage(
                            day: day, provider: target.provider.rawValue, model: target.model, usage: hit.usage,
                            costMicroUSD: 0, cacheHit: true)
                    }
                    var r = hit
                    r.provider = target.provider.rawValue
                    r.model = target.model
                    r.cached = true
                    return r
                }
            } catch {
                options.warn?("LLM cache unavailable: \(error.message)")
            }
        }

        var reservation: Int64 = 0
        if let budget = options.budgetUSD {
            reservation = try reserveBudget(budget, target: target, request: request, day: day)
        }

        var attempt = 0
        while true {
            if Task.isCancelled { throw AttemptFailure(error: .cancelled, emittedContent: false) }
            do {
                let response = try await attemptOnce(target, request: request, deadline: deadline, emit: emit)
                cooldowns.recordSuccess(target.label)
                finishAccounting(response, target: target, day: day, reservation: reservation, cacheKey: cacheKey)
                return response
            } catch {
                let err = error.error
                if err.isTransient {
                    cooldowns.recordFailure(target.label, now: clock.now(), policy: options.cooldown)
                }
                // A local timeout (no HTTP status) is not retried in place: the wait was the operator's
                // --timeout for this target, and a retry would repeat it. It still falls back.
                let localTimeout = err.reason == .timeout && err.status == nil
                if error.emittedContent || err.reason == .cancelled || !err.isTransient || localTimeout
                    || attempt >= options.retry.maxRetries || cooldowns.remaining(target.label, now: clock.now()) != nil
                {
                    releaseBudget(reservation, day: day)
                    throw error
                }
                let wait: Double
                if let ra = err.retryAfter {
                    if ra > options.retry.maxRetryAfter {
                        releaseBudget(reservation, day: day)
                        let why = isLast ? "" : "; falling back"
                        throw AttemptFailure(
                            error: err.with(hint: "provider asked to wait \(formatSeconds(ra)) (over the \(formatSeconds(options.retry.maxRetryAfter)) limit\(why))"),
                            emittedContent: false)
                    }
                    wait = ra
                } else {
                    wait = options.retry.backoff(attempt: attempt, random: options.random())
                }
                if monotonicNow() + wait >= deadline {
                    // Waiting would pass the total deadline: report the failure we have.
                    releaseBudget(reservation, day: day)
                    throw error
                }
                do {
                    try await clock.sleep(seconds: wait)
                } catch {
                    releaseBudget(reservation, day: day)
                    throw AttemptFailure(error: .cancelled, emittedContent: false)
                }
                attempt += 1
            }
        }
    }

    /// One HTTP exchange with one target.
    ///
    /// Enforces, above the transport (which owns connect, first-byte-of-head and socket idle): the
    /// first-event and event-idle timeouts (keep-alives do not count as progress), the total deadline,
    /// the reply-size cap and the body caps, and stops at the next part once the task is cancelled.
    private func attemptOnce(_ target: ProviderSettings, request: ChatRequest, deadline: Double, emit: (LLMEvent) -> Void)
        async throws(AttemptFailure) -> ChatResponse
    {
        let wire = target.wire
        let httpRequest: HTTPRequest
        do { httpRequest = try wire.httpRequest(for: request, stream: request.stream) } catch {
            throw AttemptFailure(error: error.with(target: target.label), emittedContent: false)
        }
        var acc = ResponseAccumulator()
        var emitted = false
        var routed = false
        var pendingFilter: FinishReason?
        var replyBytes = 0
        func fail(_ e: LLMError) -> AttemptFailure {
            AttemptFailure(error: e.target == nil ? e.with(target: target.label) : e, emittedContent: emitted)
        }
        func out(_ events: [LLMEvent]) throws(AttemptFailure) {
            for e in events {
                if !routed {
                    routed = true
                    let r = LLMEvent.route(provider: target.provider.rawValue, model: target.model, cached: false)
                    acc.add(r)
                    emit(r)
                }
                replyBytes = replyBytes &+ e.keptBytes
                if replyBytes > LLMLimits.maxReplyBytes {
                    throw fail(
                        LLMError(
                            .malformedResponse,
                            "\(target.label): oversized response: the reply exceeds \(LLMLimits.maxReplyBytes >> 20) MiB (LLMLimits.maxReplyBytes)",
                            hint: "lower the token limit; a reply this long usually means a server that never stops"))
                }
                if e.isContent { emitted = true }
                if case .finish(let f) = e, f.kind == .contentFilter, !emitted {
                    // Filtered before any content: an error the user can act on, not an empty reply.
                    pendingFilter = f
                }
                acc.add(e)
                emit(e)
            }
        }

        let timeouts = options.timeouts
        let started = monotonicNow()
        var transportTimeouts = timeouts
        transportTimeouts.total = max(0.001, deadline - started)
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var bodyLimit = 0
        var parser = SSEParser()
        let decoder = wire.makeStreamDecoder()
        var sse: [SSEEvent] = []
        // Progress = a decoded reply event. Comments, pings and empty chunks are not progress.
        var sawEvent = false
        var lastEvent = started
        do {
            for try await part in transport.send(httpRequest, timeouts: transportTimeouts) {
                if Task.isCancelled { throw fail(.cancelled) }
                switch part {
                case .head(let h):
                    head = h
                    let ok = (200..<300).contains(h.status)
                    bodyLimit = !ok ? LLMLimits.maxErrorBodyBytes : request.stream ? LLMLimits.maxErrorBodyBytes : LLMLimits.maxResponseBodyBytes
                    if ok && request.stream, let type = h.headers["Content-Type"], Self.isHTML(type) {
                        throw fail(notAnEventStream(target, type: type, sample: []))
                    }
                case .body(let bytes):
                    let ok = head.map { (200..<300).contains($0.status) } ?? false
                    if !ok || !request.stream {
                        if body.count + bytes.count > bodyLimit {
                            if ok {
                                throw fail(
                                    LLMError(
                                        .malformedResponse,
                                        "\(target.label): oversized response: the body exceeds \(LLMLimits.maxResponseBodyBytes >> 20) MiB (LLMLimits.maxResponseBodyBytes)"))
                            }
                            body += bytes.prefix(max(0, bodyLimit - body.count))  // error bodies: only the start is shown
                        } else {
                            body += bytes
                        }
                        sawEvent = true
                        lastEvent = monotonicNow()
                        continue
                    }
                    // Keep the start of the body until it proves to be an event stream (for the error
                    // message when it is an HTML page or a JSON document instead).
                    if parser.recognizedFields == 0 && body.count < LLMLimits.maxErrorBodyBytes {
                        body += bytes.prefix(LLMLimits.maxErrorBodyBytes - body.count)
                    }
                    sse.removeAll(keepingCapacity: true)
                    do throws(SSELimitError) {
                        try parser.feed(bytes) { sse.append($0) }
                    } catch {
                        // Events completed before the oversized line are still decoded below first.
                        for ev in sse { try out(try decodeEvent(decoder, ev)) }
                        throw fail(oversized(target, error))
                    }
                    for ev in sse {
                        let events = try decodeEvent(decoder, ev)
                        if !events.isEmpty {
                            sawEvent = true
                            lastEvent = monotonicNow()
                        }
                        try out(events)
                    }
                }
                let now = monotonicNow()
                if !sawEvent && now - started > timeouts.firstByte {
                    throw fail(
                        LLMError(
                            .timeout,
                            "\(target.label): no reply within \(formatSeconds(timeouts.firstByte)) (first-byte timeout; only keep-alives arrived)"))
                }
                if sawEvent && now - lastEvent > timeouts.idle {
                    throw fail(
                        LLMError(
                            .timeout, "\(target.label): no reply data for \(formatSeconds(timeouts.idle)) (idle timeout; only keep-alives arrived)"))
                }
                if now >= deadline { throw fail(Self.deadlineError(timeouts.total, target: target.label)) }
            }
        } catch let e as LLMError {
            throw fail(e.reason == .timeout && Self.reached(deadline) ? Self.deadlineError(timeouts.total, target: target.label) : e)
        } catch let e as HTTPError {
            let e = LLMError(transport: e)
            throw fail(e.reason == .timeout && Self.reached(deadline) ? Self.deadlineError(timeouts.total, target: target.label) : e)
        } catch let e as AttemptFailure {
            throw e
        } catch {
            throw fail(LLMError(.unreachable, "\(target.label): \(error)"))
        }
        if Task.isCancelled { throw AttemptFailure(error: .cancelled, emittedContent: emitted) }
        guard let head else { throw fail(LLMError(.unreachable, "\(target.label): no HTTP response")) }
        guard (200..<300).contains(head.status) else {
            throw fail(wire.error(status: head.status, headers: head.headers, body: body, now: clock.now()))
        }
        do {
            if request.stream {
                var tail: [SSEEvent] = []
                do throws(SSELimitError) { tail = try parser.finish() } catch { throw oversized(target, error) }
                if parser.recognizedFields == 0 && !body.isEmpty {
                    // 200 but not an event stream: a JSON document (some servers answer errors that
                    // way) is decoded as one; anything else (an HTML login or error page) is malformed.
                    if (try? JSONValue.parse(bytes: body)) != nil {
                        try out(try wire.decodeResponse(body))
                    } else {
                        throw notAnEventStream(target, type: head.headers["Content-Type"], sample: body)
                    }
                } else {
                    for ev in tail { try out(try decoder.decode(ev)) }
                    try out(try decoder.finish())
                }
            } else {
                try out(try wire.decodeResponse(body))
            }
        } catch let e as AttemptFailure {
            throw e
        } catch let e as LLMError {
            throw fail(e)
        } catch {
            throw fail(LLMError(.malformedResponse, "\(target.label): \(error)"))
        }
        if let f = pendingFilter, !emitted {
            throw fail(LLMError(.contentFiltered, "\(target.label): reply withheld by the provider's content filter (\(f.raw))"))
        }
        return acc.response
    }

    private func decodeEvent(_ decoder: any StreamDecoder, _ ev: SSEEvent) throws(LLMError) -> [LLMEvent] {
        try decoder.decode(ev)
    }

    static func isHTML(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "text/html" || media == "application/xhtml+xml"
    }

    /// A 2xx body that is not the provider's API (a captive portal, a proxy login page, a wrong base URL):
    /// exit 1, not retried, since asking again returns the same page.
    private func notAnEventStream(_ target: ProviderSettings, type: String?, sample: [UInt8]) -> LLMError {
        let shown = ProviderErrors.scrubber(target).scrub(String(decoding: sample.prefix(80), as: UTF8.self))
            .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : String($0) }.joined()
        return LLMError(
            .malformedResponse,
            "\(target.label): malformed response: HTTP 200 but not an event stream (Content-Type: \(type ?? "none"))"
                + (shown.isEmpty ? "" : ": \(shown)"),
            hint: "check the base URL: the server answered with a page, not the \(target.provider.rawValue) API", target: target.label)
    }

    private func oversized(_ target: ProviderSettings, _ error: SSELimitError) -> LLMError {
        LLMError(
            .malformedResponse, "\(target.label): oversized response: \(error.message)",
            hint: "the endpoint may not speak the \(target.provider.rawValue) API", target: target.label)
    }

    private func replay(_ hit: ChatResponse, target: ProviderSettings, emit: (LLMEvent) -> Void) {
        emit(.route(provider: target.provider.rawValue, model: target.model, cached: true))
        var chunk = ""
        for ch in hit.text {
            chunk.append(ch)
            if chunk.utf8.count >= 48 && (ch == " " || ch == "\n") {
                emit(.textDelta(chunk))
                chunk = ""
            }
        }
        if !chunk.isEmpty { emit(.textDelta(chunk)) }
        for (i, call) in hit.toolCalls.enumerated() {
            emit(.toolCallStart(index: i, id: call.id, name: call.name))
            if !call.arguments.isEmpty { emit(.toolCallArgumentsDelta(index: i, call.arguments)) }
        }
        emit(.usage(input: hit.usage.input, output: hit.usage.output, cachedInput: hit.usage.cachedInput))
        if let f = hit.finishReason { emit(.finish(f)) }
    }

    // MARK: - Budget and ledger

    /// Worst-case cost of a request: input ≈ request bytes / 4 tokens, output = maxTokens (or the
    /// provider default / `assumedMaxOutputTokens`). Nil when the model has no price.
    public func worstCaseCostMicroUSD(_ request: ChatRequest, target: ProviderSettings) -> Int64? {
        var bytes = 0
        for m in request.messages {
            bytes += m.content.utf8.count + 8
            for c in m.toolCalls { bytes += c.arguments.utf8.count + c.name.utf8.count }
        }
        for t in request.tools { bytes += t.parameters.serialized().utf8.count + t.description.utf8.count }
        let output =
            request.maxTokens ?? target.defaultMaxTokens
            ?? (target.provider == .anthropic ? AnthropicWire.defaultMaxTokens : options.assumedMaxOutputTokens)
        return prices.costMicroUSD(model: target.model, usage: TokenUsage(input: bytes / 4 + 1, output: output))
    }

    private func reserveBudget(_ budget: Double, target: ProviderSettings, request: ChatRequest, day: String)
        throws(AttemptFailure) -> Int64
    {
        guard let store else {
            throw AttemptFailure(error: LLMError(.configuration, "a spending budget needs the usage store (Redis)", hint: "point loomctl at a Redis, or drop the budget"), emittedContent: false)
        }
        var worst = worstCaseCostMicroUSD(request, target: target)
        if worst == nil && target.provider == .openAICompatible { worst = 0 }  // local servers are free
        guard let worst else {
            throw AttemptFailure(
                error: LLMError(
                    .budgetExceeded, "\(target.label): no price known for model '\(target.model)', so the budget cannot be enforced",
                    hint: "add the model to a prices file", target: target.label),
                emittedContent: false)
        }
        let limit = Int64((budget * 1_000_000).rounded(.down))
        do throws(LLMError) {
            if try store.reserveSpend(day: day, microUSD: worst, limitMicroUSD: limit) { return worst }
            let spent = (try? store.spentMicroUSD(day: day)) ?? 0
            throw LLMError(
                .budgetExceeded,
                "\(target.label): request refused: worst-case cost \(usd(worst)) would push today's spend \(usd(spent)) over the \(usd(limit)) budget",
                hint: "raise the budget, lower the token limit, or wait for the UTC day to roll over", target: target.label)
        } catch {
            throw AttemptFailure(error: error, emittedContent: false)
        }
    }

    private func releaseBudget(_ reservation: Int64, day: String) {
        guard reservation != 0, let store else { return }
        note { () throws(LLMError) in try store.adjustSpend(day: day, deltaMicroUSD: -reservation) }
    }

    private func finishAccounting(
        _ response: ChatResponse, target: ProviderSettings, day: String, reservation: Int64, cacheKey: String?
    ) {
        guard let store else { return }
        let cost = prices.costMicroUSD(model: target.model, usage: response.usage) ?? 0
        note { () throws(LLMError) in
            try store.recordUsage(
                day: day, provider: target.provider.rawValue, model: target.model, usage: response.usage,
                costMicroUSD: cost, cacheHit: false)
            try store.adjustSpend(day: day, deltaMicroUSD: cost - reservation)
        }
        if let cacheKey, let ttl = options.cacheTTLSeconds, response.finishReason?.kind != .contentFilter {
            note { () throws(LLMError) in try store.storeResponse(response, key: cacheKey, ttlSeconds: ttl) }
        }
    }

    private func note(_ body: () throws(LLMError) -> Void) {
        do { try body() } catch { options.warn?("LLM usage store: \(error.message)") }
    }
}

func usd(_ micro: Int64) -> String {
    let v = Double(micro) / 1_000_000
    return "$" + String(format: v < 1 ? "%.4f" : "%.2f", v)
}

extension LLMEvent {
    /// Bytes this event adds to the assembled reply (`LLMLimits.maxReplyBytes`): text and tool-call
    /// fragments, plus a fixed 64 for each new tool call's slot.
    var keptBytes: Int {
        switch self {
        case .textDelta(let t): return t.utf8.count
        case let .toolCallStart(_, id, name): return 64 &+ id.utf8.count &+ name.utf8.count
        case .toolCallArgumentsDelta(_, let a): return a.utf8.count
        default: return 0
        }
    }
}
