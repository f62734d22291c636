import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing

@testable import LoomLLM

/// RedisLLMStore against a real redis-server (LoomTesting.RedisServer), with a transparent key prefix.
///
/// A class so `deinit` kills the server as soon as each test's instance goes away (an earlier
/// Foundation.Process-based harness could hang in its own deinit; kept as a cheap guarantee).
@Suite(.serialized) final class RedisStoreTests {
    let server: RedisServer
    let conn: RedisConnection
    let store: RedisLLMStore

    init() throws {
        server = try RedisServer()
        conn = try server.connect()
        store = RedisLLMStore(connection: conn, keyPrefix: "tenant1:")
    }

    deinit { server.kill() }

    @Test func cacheRoundTripWithTTLUnderPrefix() throws {
        let r = ChatResponse(
            text: "hi", toolCalls: [ToolCall(id: "c1", name: "f", arguments: "{}")], usage: TokenUsage(input: 3, output: 4, cachedInput: 1),
            finishReason: FinishReason(.toolCalls, raw: "tool_calls"), provider: "openai", model: "gpt-4o")
        let sha = String(repeating: "ab", count: 32)
        #expect(try store.cachedResponse(key: sha) == nil)
        try store.storeResponse(r, key: sha, ttlSeconds: 86400)
        let got = try #require(try store.cachedResponse(key: sha))
        #expect(got.text == "hi" && got.toolCalls == r.toolCalls && got.usage == r.usage && got.finishReason == r.finishReason && got.cached)
        let ttl = try conn.command(["TTL", "tenant1:loomctl:llm:cache:\(sha)"]).int ?? -2
        #expect(ttl > 86000 && ttl <= 86400)
        #expect(try conn.command(["EXISTS", "loomctl:llm:cache:\(sha)"]).int == 0)
    }

    @Test func ledgerFieldsAndRecords() throws {
        try store.recordUsage(day: "2025-10-09", provider: "openai", model: "gpt-4o", usage: TokenUsage(input: 100, output: 50, cachedInput: 20), costMicroUSD: 725, cacheHit: false)
        try store.recordUsage(day: "2025-10-09", provider: "openai", model: "gpt-4o", usage: TokenUsage(input: 10, output: 5), costMicroUSD: 75, cacheHit: false)
        try store.recordUsage(day: "2025-10-09", provider: "openai", model: "gpt-4o", usage: TokenUsage(), costMicroUSD: 0, cacheHit: true)
        try store.recordUsage(day: "2025-10-09", provider: "openai-compatible", model: "llama3.2:3b", usage: TokenUsage(input: 1, output: 1), costMicroUSD: 0, cacheHit: false)
        let hash = try conn.command(["HGETALL", "tenant1:loomctl:llm:usage:2025-10-09"]).pairs ?? []
        let fields = Dictionary(uniqueKeysWithValues: hash)
        #expect(fields["openai|gpt-4o|requests"] == "2")
        #expect(fields["openai|gpt-4o|input"] == "110")
        #expect(fields["openai|gpt-4o|output"] == "55")
        #expect(fields["openai|gpt-4o|cachedInput"] == "20")
        #expect(fields["openai|gpt-4o|costMicroUSD"] == "800")
        #expect(fields["openai|gpt-4o|cacheHits"] == "1")
        let records = try store.usage(day: "2025-10-09")
        #expect(records.map(\.model) == ["gpt-4o", "llama3.2:3b"])
        #expect(records[0].requests == 2 && records[0].costMicroUSD == 800)
    }

    @Test func spendReservationIsAtomicAndBounded() async throws {
        let day = "2025-10-10"
        // 20 concurrent reservations of 100 against a limit of 1000: exactly 10 succeed.
        let conns = try (0..<4).map { _ in RedisLLMStore(connection: try server.connect(), keyPrefix: "tenant1:") }
        let granted = await withTaskGroup(of: Int.self) { group in
            for i in 0..<20 {
                let s = conns[i % conns.count]
                group.addTask { ((try? s.reserveSpend(day: day, microUSD: 100, limitMicroUSD: 1000)) ?? false) ? 1 : 0 }
            }
            return await group.reduce(0, +)
        }
        #expect(granted == 10)
        #expect(try store.spentMicroUSD(day: day) == 1000)
        try store.adjustSpend(day: day, deltaMicroUSD: -250)
        #expect(try store.spentMicroUSD(day: day) == 750)
        let ttl = try conn.command(["TTL", "tenant1:loomctl:llm:spend:\(day)"]).int ?? -2
        #expect(ttl > 0 && ttl <= 7 * 86400)
    }

    @Test func clientEndToEndWithRedis() async throws {
        let http = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.openAITextChunks(["from redis test"], prompt: 1000, completion: 500)))])
        defer { http.stop() }
        let clock = TestClock()
        let c = client([settings(.openai, http, model: "gpt-4o-mini")], clock: clock, store: store,
                       options: LLMClientOptions(cacheTTLSeconds: 3600, budgetUSD: 5, random: { 0 }))
        #expect(try await c.complete(hello).text == "from redis test")
        let again = try await c.complete(hello)
        #expect(again.cached && again.text == "from redis test")
        #expect(http.requests.count == 1)
        let day = LLMKeys.day(clock.now())
        let rec = try #require(try store.usage(day: day).first)
        // gpt-4o-mini: 1000×0.15 + 500×0.60 = 450 µUSD; the worst-case reservation was corrected to it.
        #expect(rec.requests == 1 && rec.cacheHits == 1 && rec.costMicroUSD == 450)
        #expect(try store.spentMicroUSD(day: day) == 450)
        let keys = try conn.command(["KEYS", "*"]).array?.compactMap(\.string) ?? []
        #expect(keys.allSatisfy { $0.hasPrefix("tenant1:loomctl:llm:") })
        #expect(!keys.contains { $0.contains(testKey) })
    }

    @Test func redisDownIsStoreError() throws {
        // hiredis writes to the dead socket; LoomRedis now ignores SIGPIPE itself, this keeps the test self-contained.
        signal(SIGPIPE, SIG_IGN)
        server.kill()
        #expect { try store.spentMicroUSD(day: "2025-01-01") } throws: { ($0 as? LLMError)?.code == "llm_store_unavailable" }
    }
}
