import Foundation
import LoomCore
import LoomHTTP
import LoomTesting

@testable import LoomLLM

/// Virtual clock: `sleep` advances time instantly and records the requested waits.
final class TestClock: LLMClock, @unchecked Sendable {
    private let lock = NSLock()
    private var t: Double
    private var _sleeps: [Double] = []

    init(now: Double = 1_760_000_000) { t = now }  // 2025-10-09

    func now() -> Double {
        lock.lock()
        defer { lock.unlock() }
        return t
    }

    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        record(seconds)
    }

    private func record(_ seconds: Double) {
        lock.lock()
        _sleeps.append(seconds)
        t += seconds
        lock.unlock()
    }

    func advance(_ s: Double) {
        lock.lock()
        t += s
        lock.unlock()
    }

    var sleeps: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return _sleeps
    }
}

final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) {
        lock.lock()
        items.append(s)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

let testKey = "sk-proj-TESTKEY1234567890abcdWXYZ"

func settings(_ kind: ProviderKind, _ server: LoopbackHTTPServer, model: String? = nil, key: String? = testKey)
    -> ProviderSettings
{
    var base = server.baseURL
    if kind == .openai || kind == .openAICompatible { base += "/v1" }
    return ProviderSettings(
        provider: kind, model: model ?? kind.defaultModel, apiKey: key, baseURL: base, keySource: "\(kind.envPrefix)_API_KEY")
}

func client(
    _ targets: [ProviderSettings], clock: TestClock = TestClock(), store: (any LLMStore)? = nil,
    options: LLMClientOptions = LLMClientOptions(random: { 0.5 }), trace: HTTPTrace? = nil
) -> LLMClient {
    LLMClient(
        targets: targets, options: options, transport: HTTPClient(trace: trace), store: store, clock: clock,
        cooldowns: CooldownTracker())
}

func collect(_ client: LLMClient, _ request: ChatRequest) async throws -> [LLMEvent] {
    var events: [LLMEvent] = []
    for try await e in client.stream(request) { events.append(e) }
    return events
}

func text(_ events: [LLMEvent]) -> String {
    events.compactMap { if case .textDelta(let t) = $0 { return t } else { return nil } }.joined()
}

let hello = ChatRequest(messages: [.system("Be brief."), .user("Say hello")])

extension LLMError {
    static func from(_ error: any Error) -> LLMError? { error as? LLMError }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass (a generous bound: tests wait for
/// events, and the bound only stops a broken test from hanging on a loaded machine).
func waitUntil(_ seconds: Double = 20, _ condition: () -> Bool) async -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return condition()
}
