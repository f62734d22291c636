import Foundation
import LoomCore

/// One day's usage for one `provider|model`, as kept in the ledger.
public struct UsageRecord: Sendable, Equatable {
    public var provider: String
    public var model: String
    public var requests: Int64
    public var input: Int64
    public var output: Int64
    public var cachedInput: Int64
    public var costMicroUSD: Int64
    public var cacheHits: Int64

    public init(
        provider: String, model: String, requests: Int64 = 0, input: Int64 = 0, output: Int64 = 0,
        cachedInput: Int64 = 0, costMicroUSD: Int64 = 0, cacheHits: Int64 = 0
    ) {
        self.provider = provider
        self.model = model
        self.requests = requests
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.costMicroUSD = costMicroUSD
        self.cacheHits = cacheHits
    }

    public var costUSD: Double { Double(costMicroUSD) / 1_000_000 }
}

/// Persistence for the response cache, the usage ledger and the budget spend counter.
///
/// A protocol so the client logic is independent of Redis: `RedisLLMStore` is the shared,
/// cross-process implementation; `InMemoryLLMStore` serves a single process (e.g. `--no-redis`).
/// Calls are synchronous: each is one Redis round trip (or pipeline) of well under a millisecond next to
/// an LLM call of seconds.
public protocol LLMStore: Sendable {
    /// A cached reply for `key` (the SHA-256 hex of the normalised request), or nil.
    func cachedResponse(key: String) throws(LLMError) -> ChatResponse?
    func storeResponse(_ response: ChatResponse, key: String, ttlSeconds: Int) throws(LLMError)
    /// Adds one request's usage to the day's ledger (`day` = `YYYY-MM-DD`, UTC).
    func recordUsage(day: String, provider: String, model: String, usage: TokenUsage, costMicroUSD: Int64, cacheHit: Bool)
        throws(LLMError)
    /// The day's ledger, one record per `provider|model`.
    func usage(day: String) throws(LLMError) -> [UsageRecord]
    /// Today's spend counter in micro-USD (includes reservations of requests in flight).
    func spentMicroUSD(day: String) throws(LLMError) -> Int64
    /// Atomically adds `microUSD` to the day's spend unless that would exceed `limitMicroUSD`.
    /// Returns false (and changes nothing) when it would.
    func reserveSpend(day: String, microUSD: Int64, limitMicroUSD: Int64) throws(LLMError) -> Bool
    /// Adds a (possibly negative) correction once a request's real cost is known.
    func adjustSpend(day: String, deltaMicroUSD: Int64) throws(LLMError)
}

/// Ledger constants shared by store implementations; the key names are built by `Keyspace` (llmCache, llmUsage, llmSpend).
public enum LLMKeys {
    /// Spend counters only matter for today's budget; keep a week for inspection.
    public static let spendTTLSeconds = 7 * 86400
    public static let fields = ["requests", "input", "output", "cachedInput", "costMicroUSD", "cacheHits"]

    /// `YYYY-MM-DD` in UTC for a Unix time.
    public static func day(_ unixSeconds: Double) -> String {
        let days = Int((unixSeconds / 86400).rounded(.down))
        // civil_from_days (Howard Hinnant)
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}

/// JSON form of a cached reply (text, tool calls, usage, finish reason).
enum CacheCodec {
    static func encode(_ r: ChatResponse) -> String {
        JSONValue.obj([
            ("v", 1),
            ("provider", .string(r.provider)), ("model", .string(r.model)),
            ("text", .string(r.text)),
            ("toolCalls", .array(r.toolCalls.map { .obj([("id", .string($0.id)), ("name", .string($0.name)), ("arguments", .string($0.arguments))]) })),
            ("usage", .obj([("input", .int(Int64(r.usage.input))), ("output", .int(Int64(r.usage.output))), ("cachedInput", .int(Int64(r.usage.cachedInput)))])),
            ("finish", r.finishReason.map { .obj([("kind", .string($0.kind.rawValue)), ("raw", .string($0.raw))]) }),
        ]).serialized()
    }

    static func decode(_ text: String) -> ChatResponse? {
        guard let j = try? JSONValue.parse(text), j["v"]?.intValue == 1 else { return nil }
        var r = ChatResponse()
        r.provider = j["provider"]?.stringValue ?? ""
        r.model = j["model"]?.stringValue ?? ""
        r.text = j["text"]?.stringValue ?? ""
        r.toolCalls = (j["toolCalls"]?.arrayValue ?? []).map {
            ToolCall(id: $0["id"]?.stringValue ?? "", name: $0["name"]?.stringValue ?? "", arguments: $0["arguments"]?.stringValue ?? "")
        }
        r.usage = TokenUsage(input: j["usage"]?["input"]?.int ?? 0, output: j["usage"]?["output"]?.int ?? 0, cachedInput: j["usage"]?["cachedInput"]?.int ?? 0)
        if let f = j["finish"], let kind = f["kind"]?.stringValue.flatMap(FinishReason.Kind.init(rawValue:)) {
            r.finishReason = FinishReason(kind, raw: f["raw"]?.stringValue ?? kind.rawValue)
        }
        r.cached = true
        return r
    }
}

/// In-process store: same semantics as `RedisLLMStore` for one process (no sharing, no persistence).
public final class InMemoryLLMStore: LLMStore, @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: (value: String, expires: Double)] = [:]
    private var ledger: [String: [String: Int64]] = [:]
    private var spend: [String: Int64] = [:]
    private let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) { self.now = now }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    public func cachedResponse(key: String) throws(LLMError) -> ChatResponse? {
        let t = now()
        return locked { cache[key].flatMap { $0.expires > t ? CacheCodec.decode($0.value) : nil } }
    }

    public func storeResponse(_ response: ChatResponse, key: String, ttlSeconds: Int) throws(LLMError) {
        let t = now()
        locked { cache[key] = (CacheCodec.encode(response), t + Double(ttlSeconds)) }
    }

    public func recordUsage(
        day: String, provider: String, model: String, usage: TokenUsage, costMicroUSD: Int64, cacheHit: Bool
    ) throws(LLMError) {
        let p = "\(provider)|\(model)|"
        locked {
            var h = ledger[day] ?? [:]
            if cacheHit {
                h[p + "cacheHits", default: 0] += 1
            } else {
                h[p + "requests", default: 0] += 1
                h[p + "input", default: 0] += Int64(usage.input)
                h[p + "output", default: 0] += Int64(usage.output)
                h[p + "cachedInput", default: 0] += Int64(usage.cachedInput)
                h[p + "costMicroUSD", default: 0] += costMicroUSD
            }
            ledger[day] = h
        }
    }

    public func usage(day: String) throws(LLMError) -> [UsageRecord] {
        UsageLedger.records(fromHash: locked { ledger[day] ?? [:] })
    }

    public func spentMicroUSD(day: String) throws(LLMError) -> Int64 { locked { spend[day] ?? 0 } }

    public func reserveSpend(day: String, microUSD: Int64, limitMicroUSD: Int64) throws(LLMError) -> Bool {
        locked {
            let current = spend[day] ?? 0
            if current + microUSD > limitMicroUSD { return false }
            spend[day] = current + microUSD
            return true
        }
    }

    public func adjustSpend(day: String, deltaMicroUSD: Int64) throws(LLMError) {
        locked { spend[day, default: 0] += deltaMicroUSD }
    }
}

enum UsageLedger {
    /// Folds `provider|model|field` → value into records (model names may contain `|`; the provider
    /// and the field never do).
    static func records(fromHash hash: [String: Int64]) -> [UsageRecord] {
        var byKey: [String: UsageRecord] = [:]
        for (field, value) in hash {
            guard let firstBar = field.firstIndex(of: "|"), let lastBar = field.lastIndex(of: "|"), firstBar < lastBar else {
                continue
            }
            let provider = String(field[..<firstBar])
            let model = String(field[field.index(after: firstBar)..<lastBar])
            let name = String(field[field.index(after: lastBar)...])
            let k = provider + "|" + model
            var r = byKey[k] ?? UsageRecord(provider: provider, model: model)
            switch name {
            case "requests": r.requests = value
            case "input": r.input = value
            case "output": r.output = value
            case "cachedInput": r.cachedInput = value
            case "costMicroUSD": r.costMicroUSD = value
            case "cacheHits": r.cacheHits = value
            default: continue
            }
            byKey[k] = r
        }
        return byKey.values.sorted { ($0.provider, $0.model) < ($1.provider, $1.model) }
    }
}
