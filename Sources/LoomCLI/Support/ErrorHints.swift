import LoomCore

/// Hints that name loomctl's flags, added at the CLI edge. The libraries describe a remedy without
/// knowing which flag, variable or command sets it ("raise the reply timeout"); this table, keyed
/// by the error's code and the start of the library's hint, says it in loomctl's terms ("raise
/// --timeout"). The rest of the library's hint (names, keys, counts) is kept as it is.
enum ErrorHints {
    struct Entry: Sendable {
        /// The error's `code` (the JSON envelope's `code`).
        let code: String
        /// How the library's hint starts.
        let library: String
        /// What the CLI says instead of that start.
        let cli: String
    }

    static let table: [Entry] = [
        Entry(code: "redis_timeout", library: "raise the reply timeout", cli: "raise --timeout"),
        Entry(code: "redis_timeout", library: "is redis-server running? set the Redis URL",
            cli: "is redis-server running? set --redis, LOOMCTL_REDIS_URL or the context's redis URL"),
        Entry(code: "redis_unreachable", library: "is redis-server running? set the Redis URL",
            cli: "is redis-server running? set --redis, LOOMCTL_REDIS_URL or the context's redis URL"),
        Entry(code: "redis_auth", library: "check the password",
            cli: "check the password (--password-file, LOOMCTL_REDIS_PASSWORD or the URL)"),
        Entry(code: "llm_tool_loop", library: "allow more tool rounds", cli: "raise --max-tool-rounds"),
        Entry(code: "llm_config", library: "set a base URL such as", cli: "pass --base-url"),
        Entry(code: "llm_config", library: "point loomctl at a Redis, or drop the budget", cli: "point loomctl at a Redis (--redis), or drop --budget-usd"),
        Entry(code: "llm_timeout", library: "raise the total deadline", cli: "raise --deadline"),
        Entry(code: "llm_malformed_response", library: "lower the token limit", cli: "lower --max-tokens"),
        Entry(code: "llm_malformed_response", library: "check the base URL", cli: "check --base-url"),
        Entry(code: "llm_budget_exceeded", library: "add the model to a prices file", cli: "add the model to a --prices file"),
        Entry(code: "llm_budget_exceeded", library: "raise the budget, lower the token limit",
            cli: "raise --budget-usd, lower --max-tokens"),
        Entry(code: "conflict", library: "register it again with retype", cli: "pass --retype"),
        Entry(code: "conflict", library: "pick another health port (or base port)", cli: "pick another --health-port (or --base-port)"),
        Entry(code: "bad_data", library: "rewrite it with the ring configure command (e.g. algorithm",
            cli: "rewrite it with `loomctl ring configure` (e.g. --algorithm"),
        Entry(code: "bad_config", library: "check the config file path, or create the file",
            cli: "check --config / LOOMCTL_CONFIG, or create it with: loomctl config set-context NAME --set-redis URL"),
        Entry(code: "bad_config", library: "fix the YAML or point the config file path",
            cli: "fix the YAML or point --config / LOOMCTL_CONFIG"),
        Entry(code: "context_not_found", library: "create one", cli: "create one with: loomctl config set-context NAME --set-redis URL"),
    ]

    /// The message to show for `error`: a library's `invalid_setting` names the setting; the CLI
    /// names its flag (`capacity must be …` → `--capacity must be …`).
    static func message(for error: any LoomError) -> String {
        error.code == "invalid_setting" ? "--" + error.message : error.message
    }

    /// The hint to show for `error`: the library's, in loomctl's terms where the table knows it.
    static func hint(for error: any LoomError) -> String? {
        hint(code: error.code, library: error.hint)
    }

    static func hint(code: String, library: String?) -> String? {
        guard let library else { return nil }
        // The longest matching start wins (`check the password` vs a longer, more specific entry).
        let match = table.filter { $0.code == code && library.hasPrefix($0.library) }.max { $0.library.count < $1.library.count }
        guard let match else { return library }
        return match.cli + library.dropFirst(match.library.count)
    }
}
