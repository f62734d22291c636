import ArgumentParser
import LoomCore
import LoomLLM

/// `loomctl llm …`: talk to LLM providers the way Loom does, with fallback, caching, cost and budgets
/// (docs/llm.md).
public struct LLM: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "llm",
        abstract: "Chat with LLM providers; usage, cost and model prices.",
        discussion: """
            Provider settings come from flags, then the variables Loom reads (LLM_PROVIDER, OPENAI_API_KEY, \
            ANTHROPIC_API_KEY, GEMINI_API_KEY, AZURE_OPENAI_API_KEY + AZURE_OPENAI_ENDPOINT, *_MODEL, *_BASE_URL), \
            then the llm block of the config context. Replies are cached and usage is recorded in Redis \
            (loomctl:llm:* keys) when it is reachable. --timeout sets the connect, first-byte and idle timeouts \
            (default 10, 60 and 60 s; keep-alive comments do not count as data), --deadline the whole request \
            (default 600 s). Exit codes: 1 auth, malformed or oversized response, 3 unknown model, 6 budget \
            exceeded, 7 provider unreachable or timed out, 130 interrupted.
            """,
        subcommands: [Ask.self, Chat.self, Usage.self, Models.self])

    public init() {}
}

/// Which tool sets to expose to the model.
enum LLMToolSet: String, CaseIterable, Sendable {
    /// Read-only loomctl inspections (actors list/get/stats, ring lookup, health).
    case cluster
    /// Loom actors from the registry, named `actor_{id}` as Loom names them.
    case actors
}

/// Flags shared by `llm ask` and `llm chat`.
struct LLMOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp(
        "openai, azure-openai, anthropic, gemini or openai-compatible (default LLM_PROVIDER, the context, openai).",
        valueName: "name"), completion: .providers)
    var provider: String?

    @Option(name: .long, help: ArgumentHelp("Model (Azure: deployment name). Default *_MODEL, the context, then the provider's default.", valueName: "name"), completion: .models)
    var model: String?

    @Option(name: .long, help: ArgumentHelp("System prompt.", valueName: "text"))
    var system: String?

    @Option(name: .long, help: ArgumentHelp("Sampling temperature (sent only when given or set by *_TEMPERATURE).", valueName: "t"))
    var temperature: Double?

    @Option(name: .long, help: ArgumentHelp("Output token limit.", valueName: "n"))
    var maxTokens: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Any OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. http://127.0.0.1:11434/v1. Implies --provider openai-compatible unless one is given.",
        valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Read the provider API key from this file (instead of *_API_KEY).", valueName: "path"), completion: .file())
    var apiKeyFile: String?

    @Option(name: .long, help: ArgumentHelp("Fallback targets tried in order when the primary fails: provider:model,...", valueName: "list"), completion: .providers)
    var fallback: String?

    @Flag(name: .long, help: "Do not read or write the response cache.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("Refuse requests whose worst-case cost would push today's (UTC) spend over this many USD.", valueName: "usd"))
    var budgetUSD: Double?

    @Option(name: .long, help: ArgumentHelp("Price file merged over the bundled prices (see llm models --help).", valueName: "path"), completion: .file())
    var prices: String?

    @Flag(name: .long, help: "Do not use Redis: cache, ledger and budget live in this process only.")
    var noRedis = false

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Expose tools to the model: cluster (read-only inspections), actors (Loom actors from the registry).",
        valueName: "set"))
    var tools: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only these actor types as tools with --tools actors (repeatable).", valueName: "type"), completion: .actorTypes)
    var actorType: [String] = []

    @Option(name: .long, help: ArgumentHelp("Model calls per turn when tools are on (default 5, as Loom's AI actors).", valueName: "n"))
    var maxToolRounds: Int = 5

    @Option(name: .long, help: ArgumentHelp(
        "Give up on a reply after this many seconds, retries and fallbacks included (default 600). --timeout sets the connect, first-byte and idle timeouts (default 10/60/60 s for LLM requests).",
        valueName: "seconds"))
    var deadline: Double?

    func validate() throws {
        if let provider, ProviderKind(userValue: provider) == nil {
            throw ValidationError("--provider must be one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let t = temperature, !(0...2).contains(t) { throw ValidationError("--temperature must be between 0 and 2") }
        if let m = maxTokens, m < 1 { throw ValidationError("--max-tokens must be at least 1") }
        if let b = budgetUSD, b < 0 { throw ValidationError("--budget-usd must not be negative") }
        if maxToolRounds < 1 || maxToolRounds > 50 { throw ValidationError("--max-tool-rounds must be between 1 and 50") }
        if let d = deadline, !(d > 0 && d <= 86_400) { throw ValidationError("--deadline must be between 0 and 86400 seconds") }
        for t in tools.flatMap({ $0.split(separator: ",") }) where LLMToolSet(rawValue: t.lowercased()) == nil {
            throw ValidationError("--tools takes cluster and/or actors, not '\(t)'")
        }
        if let u = baseURL, !(u.hasPrefix("http://") || u.hasPrefix("https://")) {
            throw ValidationError("--base-url must start with http:// or https://")
        }
    }

    /// Tool sets, comma lists accepted (`--tools cluster,actors`).
    var toolSets: Set<LLMToolSet> {
        Set(tools.flatMap { $0.split(separator: ",") }.compactMap { LLMToolSet(rawValue: $0.lowercased()) })
    }
}
