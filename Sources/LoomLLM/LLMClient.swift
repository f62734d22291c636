import Foundation
import LoomCore

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
        transport: any HTTPTransport = CurlTransport(), store: (any LLMStore)? = nil,
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
                continuation.finish(throwing: error)
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
        var failures: [LLMError] = []
        for (i, target) in targets.enumerated() {
            let isLast = i == targets.count - 1
            if Task.isCancelled { throw .cancelled }
            if let left = cooldowns.remaining(target.label, now: clock.now()) {
                failures.append(
                    LLMError(.unreachable, "\(target.label) is cooling down for \(formatSeconds(left)) after repeated failures", target: target.label))
                continue
            }
            do {
                return try await runTarget(target, request: request, isLast: isLast, emit: emit)
            } catch {
                if error.emittedContent || error.error.reason == .cancelled { throw error.error }
                failures.append(error.error)
            }
        }
        throw Self.combine(failures)
    }

    static func combine(_ failures: [LLMError]) -> LLMError {
        guard let last = failures.last else { return LLMError(.unreachable, "no LLM target could be tried") }
        if failures.count == 1 { return last }
        let others = failures.dropLast().map { "\($0.target ?? "?"): \($0.code)" }
        let hint = "also tried " + others.joined(separator: ", ") + (last.hint.map { "; \($0)" } ?? "")
        return last.with(hint: hint)
    }

    private func runTarget(_ target: ProviderSettings, request: ChatRequest, isLast: Bool, emit: (LLMEvent) -> Void)
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
                let response = try await attemptOnce(target, request: request, emit: emit)
                cooldowns.recordSuccess(target.label)
                finishAccounting(response, target: target, day: day, reservation: reservation, cacheKey: cacheKey)
                return response
            } catch {
                let err = error.error
                if err.isTransient {
                    cooldowns.recordFailure(target.label, now: clock.now(), policy: options.cooldown)
                }
                if error.emittedContent || err.reason == .cancelled || !err.isTransient || attempt >= options.retry.maxRetries
                    || cooldowns.remaining(target.label, now: clock.now()) != nil
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
    private func attemptOnce(_ target: ProviderSettings, request: ChatRequest, emit: (LLMEvent) -> Void)
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
        func out(_ events: [LLMEvent]) {
            for e in events {
                if !routed {
                    routed = true
                    let r = LLMEvent.route(provider: target.provider.rawValue, model: target.model, cached: false)
                    acc.add(r)
                    emit(r)
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
        func fail(_ e: LLMError) -> AttemptFailure {
            AttemptFailure(error: e.target == nil ? e.with(target: target.label) : e, emittedContent: emitted)
        }

        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var parser = SSEParser()
        let decoder = wire.makeStreamDecoder()
        var sse: [SSEEvent] = []
        do {
            for try await part in transport.send(httpRequest, timeouts: options.timeouts) {
                switch part {
                case .head(let h):
                    head = h
                case .body(let bytes):
                    let ok = head.map { (200..<300).contains($0.status) } ?? false
                    if !ok || !request.stream {
                        if body.count < 4 << 20 { body += bytes }
                        continue
                    }
                    sse.removeAll(keepingCapacity: true)
                    bytes.withUnsafeBytes { parser.feed($0) { sse.append($0) } }
                    for ev in sse { out(try decoder.decode(ev)) }
                }
            }
        } catch let e as LLMError {
            throw fail(e)
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
                for ev in parser.finish() { out(try decoder.decode(ev)) }
                out(try decoder.finish())
            } else {
                out(try wire.decodeResponse(body))
            }
        } catch {
            throw fail(error)
        }
        if let f = pendingFilter, !emitted {
            throw fail(LLMError(.contentFiltered, "\(target.label): reply withheld by the provider's content filter (\(f.raw))"))
        }
        return acc.response
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
            throw AttemptFailure(error: LLMError(.configuration, "--budget-usd needs the usage store (Redis)"), emittedContent: false)
        }
        var worst = worstCaseCostMicroUSD(request, target: target)
        if worst == nil && target.provider == .openAICompatible { worst = 0 }  // local servers are free
        guard let worst else {
            throw AttemptFailure(
                error: LLMError(
                    .budgetExceeded, "\(target.label): no price known for model '\(target.model)', so the budget cannot be enforced",
                    hint: "add the model to a --prices file", target: target.label),
                emittedContent: false)
        }
        let limit = Int64((budget * 1_000_000).rounded(.down))
        do throws(LLMError) {
            if try store.reserveSpend(day: day, microUSD: worst, limitMicroUSD: limit) { return worst }
            let spent = (try? store.spentMicroUSD(day: day)) ?? 0
            throw LLMError(
                .budgetExceeded,
                "\(target.label): request refused: worst-case cost \(usd(worst)) would push today's spend \(usd(spent)) over the \(usd(limit)) budget",
                hint: "raise --budget-usd, lower --max-tokens, or wait for the UTC day to roll over", target: target.label)
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
