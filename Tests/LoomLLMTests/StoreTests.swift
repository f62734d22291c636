import Foundation
import LoomCore
import LoomTesting
import Testing

@testable import LoomLLM

@Suite(.serialized) struct StoreTests {
    static let ok = Srv.streamed(Srv.sse(Srv.openAITextChunks(["cached answer that is long enough to be replayed in more than one delta chunk, yes"], prompt: 1000, completion: 500, cached: 200)))

    func cachingClient(_ server: LoopbackHTTPServer, store: InMemoryLLMStore, clock: TestClock, budget: Double? = nil) -> LLMClient {
        client([settings(.openai, server, model: "gpt-4o")], clock: clock, store: store,
               options: LLMClientOptions(cacheTTLSeconds: 86400, budgetUSD: budget, random: { 0 }))
    }

    @Test func cacheMissThenHitReplaysAsDeltas() async throws {
        let server = try LoopbackHTTPServer(responses: [Self.ok])
        defer { server.stop() }
        let clock = TestClock()
        let store = InMemoryLLMStore(now: { clock.now() })
        let c = cachingClient(server, store: store, clock: clock)
        let first = try await collect(c, hello)
        var streamedAgain = hello
        streamedAgain.stream = false  // stream flag is not part of the key
        let second = try await collect(c, streamedAgain)
        #expect(server.requests.count == 1)
        #expect(second.first == .route(provider: "openai", model: "gpt-4o", cached: true))
        #expect(text(second) == text(first))
        #expect(second.filter { if case .textDelta = $0 { return true } else { return false } }.count > 1)
        let day = LLMKeys.day(clock.now())
        let rec = try #require(try store.usage(day: day).first)
        #expect(rec.requests == 1 && rec.cacheHits == 1)
        // A different request misses.
        _ = try await collect(c, ChatRequest(messages: [.user("other")]))
        #expect(server.requests.count == 2)
        // Expired after the TTL.
        clock.advance(86401)
        _ = try await collect(c, hello)
        #expect(server.requests.count == 3)
    }

    @Test func cacheKeyExcludesKeyAndStreamButIncludesModelAndParams() {
        let a = ProviderSettings(provider: .openai, model: "gpt-4o", apiKey: "sk-one")
        var b = a
        b.apiKey = "sk-two"
        var streamed = hello
        streamed.stream = false
        #expect(CacheKey.make(settings: a, request: hello) == CacheKey.make(settings: b, request: streamed))
        #expect(!CacheKey.normalisedJSON(settings: a, request: hello).contains("sk-one"))
        var c = a
        c.model = "gpt-4o-mini"
        #expect(CacheKey.make(settings: a, request: hello) != CacheKey.make(settings: c, request: hello))
        var t = hello
        t.temperature = 0.1
        #expect(CacheKey.make(settings: a, request: hello) != CacheKey.make(settings: a, request: t))
        #expect(CacheKey.make(settings: a, request: hello).count == 64)
        // Tool schema key order does not matter.
        let s1 = ChatRequest(messages: [.user("x")], tools: [ToolDefinition(name: "f", description: "", parameters: .obj([("type", "object"), ("properties", .object([]))]))])
        let s2 = ChatRequest(messages: [.user("x")], tools: [ToolDefinition(name: "f", description: "", parameters: .obj([("properties", .object([])), ("type", "object")]))])
        #expect(CacheKey.make(settings: a, request: s1) == CacheKey.make(settings: a, request: s2))
    }

    @Test func ledgerAccountsTokensAndCost() async throws {
        let server = try LoopbackHTTPServer(responses: [Self.ok])
        defer { server.stop() }
        let clock = TestClock()
        let store = InMemoryLLMStore(now: { clock.now() })
        let c = client([settings(.openai, server, model: "gpt-4o-2024-08-06")], clock: clock, store: store)
        _ = try await c.complete(hello)
        _ = try await c.complete(hello)
        let day = LLMKeys.day(clock.now())
        #expect(day == "2025-10-09")
        let rec = try #require(try store.usage(day: day).first)
        #expect(rec.provider == "openai" && rec.model == "gpt-4o-2024-08-06")
        #expect(rec.requests == 2 && rec.input == 2000 && rec.output == 1000 && rec.cachedInput == 400)
        // gpt-4o: 800×2.50 + 200×1.25 + 500×10 = 7250 µUSD per request.
        #expect(rec.costMicroUSD == 14500)
        #expect(try store.spentMicroUSD(day: day) == 14500)
    }

    @Test func budgetRefusesWorstCaseOverLimit() async throws {
        let server = try LoopbackHTTPServer(responses: [Self.ok])
        defer { server.stop() }
        let clock = TestClock()
        let store = InMemoryLLMStore(now: { clock.now() })
        let day = LLMKeys.day(clock.now())
        try store.adjustSpend(day: day, deltaMicroUSD: 990_000)  // $0.99 spent today
        var req = hello
        req.maxTokens = 2000  // worst case ≈ 2000 × $10/1M = $0.02
        let c = client([settings(.openai, server, model: "gpt-4o")], clock: clock, store: store, options: LLMClientOptions(budgetUSD: 1.0))
        await #expect { try await c.complete(req) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .budgetExceeded && e?.kind == .conflict && e!.message.contains("budget")
        }
        #expect(server.requests.isEmpty)
        #expect(try store.spentMicroUSD(day: day) == 990_000)  // nothing reserved
        // Within budget: allowed, and the reservation is corrected to the real cost afterwards.
        req.maxTokens = 500
        _ = try await c.complete(req)
        #expect(try store.spentMicroUSD(day: day) == 990_000 + 7250)
    }

    @Test func budgetFallsBackToCheaperModel() async throws {
        let expensive = try LoopbackHTTPServer(responses: [Self.ok])
        let cheap = try LoopbackHTTPServer(responses: [Self.ok])
        defer { expensive.stop(); cheap.stop() }
        let store = InMemoryLLMStore()
        var req = hello
        req.maxTokens = 4000
        let c = client([settings(.anthropic, expensive, model: "claude-opus-4-20250514"), settings(.openai, cheap, model: "gpt-4o-mini")],
                       store: store, options: LLMClientOptions(budgetUSD: 0.05))
        let r = try await c.complete(req)
        #expect(r.model == "gpt-4o-mini")
        #expect(expensive.requests.isEmpty && cheap.requests.count == 1)
    }

    @Test func priceTableLookupAndOverride() throws {
        let t = PriceTable.bundled()
        #expect(t.takenOn != nil)
        #expect(t.price(for: "gpt-4o-mini-2024-07-18")?.input == 0.15)
        #expect(t.price(for: "gpt-4o-2024-08-06")?.input == 2.5)
        #expect(t.price(for: "claude-3-5-haiku-latest")?.output == 4.0)
        #expect(t.price(for: "models/gemini-2.5-pro")?.output == 10.0)
        #expect(t.price(for: "unknown-model") == nil)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString).json")
        try #"{"models": {"gpt-4o": {"input": 1, "output": 2}, "my-ft": {"input": 3, "output": 4, "cachedInput": 1}}}"#.write(to: dir, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        let merged = try PriceTable.load(overrideFile: dir.path)
        #expect(merged.price(for: "gpt-4o") == PriceTable.Price(input: 1, output: 2, cachedInput: 1))
        #expect(merged.price(for: "my-ft")?.cachedInput == 1)
        #expect(merged.price(for: "gpt-4.1")?.input == 2.0)
        #expect(throws: LLMError.self) { try PriceTable(json: #"{"models": {"x": {"input": "a"}}}"#) }
    }

    @Test func utcDay() {
        #expect(LLMKeys.day(0) == "1970-01-01")
        #expect(LLMKeys.day(951_782_400) == "2000-02-29")
        #expect(LLMKeys.day(1_735_689_599) == "2024-12-31")
    }
}
