import Foundation
import LoomCore

/// Model prices, USD per 1M tokens.
///
/// The default table ships as `Resources/prices.json` (its `pricesTakenOn` says when the list prices were
/// read). Users override or extend it with `--prices FILE`, a JSON file of the same shape:
///
/// ```json
/// {"models": {"my-finetune": {"input": 1.0, "output": 2.0, "cachedInput": 0.5}}}
/// ```
/// `cachedInput` defaults to `input`; `provider` is informational. Entries merge over the defaults.
/// Lookup is exact, then the longest table key that prefixes the model name (`gpt-4o-2024-08-06` →
/// `gpt-4o`, `claude-3-5-haiku-latest` → `claude-3-5-haiku`), with a leading `models/` ignored.
public struct PriceTable: Sendable {
    public struct Price: Sendable, Equatable {
        public var input: Double
        public var output: Double
        public var cachedInput: Double

        public init(input: Double, output: Double, cachedInput: Double? = nil) {
            self.input = input
            self.output = output
            self.cachedInput = cachedInput ?? input
        }
    }

    public private(set) var prices: [String: Price]
    public private(set) var takenOn: String?

    public init(prices: [String: Price] = [:], takenOn: String? = nil) {
        self.prices = prices
        self.takenOn = takenOn
    }

    /// Parses the JSON format above.
    public init(json text: String) throws(LLMError) {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch {
            throw LLMError(.configuration, "price table: \(error.message)")
        }
        guard let models = json["models"]?.objectValue else {
            throw LLMError(.configuration, "price table: missing \"models\" object")
        }
        var prices: [String: Price] = [:]
        for (name, entry) in models {
            guard let input = entry["input"]?.doubleValue, let output = entry["output"]?.doubleValue else {
                throw LLMError(.configuration, "price table: model '\(name)' needs numeric \"input\" and \"output\"")
            }
            prices[name] = Price(input: input, output: output, cachedInput: entry["cachedInput"]?.doubleValue)
        }
        self.init(prices: prices, takenOn: json["pricesTakenOn"]?.stringValue)
    }

    /// The table bundled with loomctl.
    public static func bundled() -> PriceTable {
        guard let url = Bundle.module.url(forResource: "prices", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let table = try? PriceTable(json: String(decoding: data, as: UTF8.self))
        else { return PriceTable() }
        return table
    }

    /// The bundled table with a user file merged over it.
    public static func load(overrideFile path: String?) throws(LLMError) -> PriceTable {
        var table = bundled()
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LLMError(.configuration, "cannot read price file \(path)")
            }
            table.merge(try PriceTable(json: String(decoding: data, as: UTF8.self)))
        }
        return table
    }

    public mutating func merge(_ other: PriceTable) {
        prices.merge(other.prices) { _, new in new }
        if other.takenOn != nil { takenOn = other.takenOn }
    }

    public func price(for model: String) -> Price? {
        var m = model
        if m.hasPrefix("models/") { m.removeFirst(7) }
        if let p = prices[m] { return p }
        var best: (String, Price)?
        for (k, p) in prices where m.hasPrefix(k) && (best == nil || k.count > best!.0.count) { best = (k, p) }
        return best?.1
    }

    /// Cost in micro-USD (integer, so ledger sums are exact under HINCRBY), rounded up.
    public func costMicroUSD(model: String, usage: TokenUsage) -> Int64? {
        guard let p = price(for: model) else { return nil }
        let cached = min(usage.cachedInput, usage.input)
        let usd = Double(usage.input - cached) * p.input + Double(cached) * p.cachedInput + Double(usage.output) * p.output
        return Int64((usd).rounded(.up))  // (tokens × USD/1M) = micro-USD
    }
}
