import Foundation
import LoomCore
import LoomLLM
import LoomOutput

/// Totals of one turn (a user message and every model call it took, tool rounds included), fed by the
/// client's events: which target answered, tokens, cost, cache hits, latency.
final class TurnMeter: @unchecked Sendable {
    let prices: PriceTable
    let started = ContinuousClock.now
    private(set) var firstToken: ContinuousClock.Instant?
    private(set) var finished: ContinuousClock.Instant?
    private(set) var provider = ""
    private(set) var model = ""
    private(set) var rounds = 0
    private(set) var cachedRounds = 0
    private(set) var usage = TokenUsage()
    private(set) var costMicroUSD: Int64 = 0
    /// Set when a round's model has no price (cost then undercounts).
    private(set) var unpriced: Set<String> = []
    var toolCalls: [(call: ToolCall, result: String)] = []
    private var roundUsage = TokenUsage()
    private var roundCached = false

    init(prices: PriceTable) { self.prices = prices }

    func add(_ event: LLMEvent) {
        switch event {
        case let .route(p, m, cached):
            commitRound()
            provider = p
            model = m
            rounds += 1
            roundCached = cached
            if cached { cachedRounds += 1 }
        case .textDelta, .toolCallStart:
            if firstToken == nil { firstToken = .now }
        case let .usage(input, output, cachedInput):
            // Usage events are running totals of the current reply.
            roundUsage = TokenUsage(input: input, output: output, cachedInput: cachedInput)
        default:
            break
        }
    }

    /// Folds the current reply into the totals; called on the next route and at the end.
    func commitRound() {
        usage.input += roundUsage.input
        usage.output += roundUsage.output
        usage.cachedInput += roundUsage.cachedInput
        if !roundCached && (roundUsage.input > 0 || roundUsage.output > 0) {
            if let c = prices.costMicroUSD(model: model, usage: roundUsage) { costMicroUSD += c } else { unpriced.insert(model) }
        }
        roundUsage = TokenUsage()
        roundCached = false
    }

    func finish() {
        commitRound()
        finished = .now
    }

    var cacheHit: Bool { rounds > 0 && cachedRounds == rounds }
    var costUSD: Double { Double(costMicroUSD) / 1_000_000 }
    var latencyMs: Int64 { Self.ms((finished ?? .now) - started) }
    var ttftMs: Int64? { firstToken.map { Self.ms($0 - started) } }

    static func ms(_ d: Duration) -> Int64 {
        let c = d.components
        return c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
    }

    /// `openai:gpt-4o-mini · 12 in / 5 out · $0.000012 · 0.8s (cached)`
    var summary: String {
        var s = "\(provider):\(model) · \(usage.input) in / \(usage.output) out"
        if usage.cachedInput > 0 { s += " (\(usage.cachedInput) cached)" }
        s += " · \(LLMFormat.usd(costMicroUSD))"
        if !unpriced.isEmpty { s += " (no price for \(unpriced.sorted().joined(separator: ", ")))" }
        s += " · " + String(format: "%.1fs", Double(latencyMs) / 1000)
        if cacheHit { s += " · cache hit" }
        if rounds > 1 { s += " · \(rounds) model calls" }
        return s
    }
}

enum LLMFormat {
    /// Dollars with enough digits for sub-cent LLM costs.
    static func usd(_ micro: Int64) -> String {
        let v = Double(micro) / 1_000_000
        if micro == 0 { return "$0" }
        return "$" + String(format: v < 0.01 ? "%.6f" : v < 1 ? "%.4f" : "%.2f", v)
    }

    static func jsonArguments(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .object([]) }
        return (try? JSONValue.parse(trimmed)) ?? .string(text)
    }

    /// One-line preview of a tool result for stderr.
    static func preview(_ text: String, limit: Int = 160) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}

/// One turn: the request to the client (through the tool loop when tools are on), events forwarded to
/// `onEvent` as they arrive.
struct TurnRunner {
    let setup: LLMSetup
    let tools: ToolRegistry?
    let maxRounds: Int

    struct Outcome {
        var response: ChatResponse
        /// The conversation after the turn (assistant tool calls and tool results included).
        var messages: [ChatMessage]
    }

    func run(
        _ request: ChatRequest, client: LLMClient, meter: TurnMeter, onEvent: (LLMEvent) -> Void,
        onToolCall: @escaping @Sendable (ToolCall) -> Void = { _ in },
        onToolResult: @escaping @Sendable (ToolCall, String) -> Void = { _, _ in }
    ) async throws(LLMError) -> Outcome {
        defer { meter.finish() }
        if let tools, !tools.definitions.isEmpty {
            var req = request
            req.tools = tools.definitions
            let result = try await ToolLoop.run(
                client: client, request: req, maxRounds: maxRounds,
                onEvent: { e in
                    meter.add(e)
                    onEvent(e)
                },
                handler: { call in
                    onToolCall(call)
                    let out = try await tools.handle(call)
                    meter.toolCalls.append((call, out))
                    onToolResult(call, out)
                    return out
                })
            return Outcome(response: result.response, messages: result.messages)
        }
        let response = try await client.complete(request) { e in
            meter.add(e)
            onEvent(e)
        }
        return Outcome(response: response, messages: request.messages + [response.assistantMessage])
    }

    /// The `-o json` document of a turn.
    static func json(response: ChatResponse, meter: TurnMeter, primary: ProviderSettings) -> JSONValue {
        var calls: [JSONValue] = meter.toolCalls.map { c in
            .object([
                ("id", .string(c.call.id)), ("name", .string(c.call.name)), ("arguments", LLMFormat.jsonArguments(c.call.arguments)),
                ("result", LLMFormat.jsonArguments(c.result)),
            ])
        }
        // Tool calls the model made without tools being run (no --tools): report them unexecuted.
        for c in response.toolCalls {
            calls.append(.object([("id", .string(c.id)), ("name", .string(c.name)), ("arguments", LLMFormat.jsonArguments(c.arguments))]))
        }
        return .object([
            ("text", .string(response.text)),
            ("toolCalls", .array(calls)),
            ("provider", .string(meter.provider)),
            ("model", .string(meter.model)),
            ("fallback", .bool(meter.provider != primary.provider.rawValue || meter.model != primary.model)),
            ("cacheHit", .bool(meter.cacheHit)),
            ("finishReason", response.finishReason.map { .string($0.kind.rawValue) } ?? .null),
            ("usage", .object([
                ("inputTokens", .int(Int64(meter.usage.input))), ("outputTokens", .int(Int64(meter.usage.output))),
                ("cachedInputTokens", .int(Int64(meter.usage.cachedInput))),
                ("totalTokens", .int(Int64(meter.usage.input + meter.usage.output))),
            ])),
            ("costUSD", .double(meter.costUSD)),
            ("latencyMs", .int(meter.latencyMs)),
            ("timeToFirstTokenMs", meter.ttftMs.map { .int($0) } ?? .null),
            ("modelCalls", .int(Int64(meter.rounds))),
        ])
    }
}
