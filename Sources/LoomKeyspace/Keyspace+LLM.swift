/// loomctl's own LLM keys (docs/keyspace.md §LLM), behind the same transparent key prefix as Loom's.
extension Keyspace {
    /// String: a cached reply as JSON, `SET … EX ttl`.
    public func llmCache(_ sha256Hex: String) -> String { "\(keyPrefix)loomctl:llm:cache:\(sha256Hex)" }
    /// Hash: the day's usage ledger, `{provider}|{model}|{counter}` fields; never expires.
    public func llmUsage(_ day: String) -> String { "\(keyPrefix)loomctl:llm:usage:\(day)" }
    /// Integer micro-USD spent on the day; reservations go through one Lua script.
    public func llmSpend(_ day: String) -> String { "\(keyPrefix)loomctl:llm:spend:\(day)" }
}
