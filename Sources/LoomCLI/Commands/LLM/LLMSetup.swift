import Foundation
import LoomCore
import LoomHTTP
import LoomLLM
import LoomRedis

/// Everything `ask` and `chat` build once from the flags, the environment and the config context:
/// targets (primary + fallbacks), the price table, the usage store and the client.
///
/// Precedence for every provider setting: flag > the variables Loom reads > the context's `llm` block >
/// the library default. The context's model, base URL and key file apply only to the context's provider
/// (a context saying `provider: openai, model: gpt-4o` says nothing about Anthropic's model).
final class LLMSetup: @unchecked Sendable {
    let options: LLMOptions
    let context: CommandContext
    let prices: PriceTable
    let store: (any LLMStore)?
    /// `redis`, `memory` (--no-redis or Redis unreachable).
    let storeKind: String
    let fallbacks: [ProviderSettings]
    private(set) var primary: ProviderSettings
    private(set) var client: LLMClient

    init(_ options: LLMOptions, context: CommandContext) throws {
        self.options = options
        self.context = context
        let llm = context.settings.llm
        prices = try PriceTable.load(overrideFile: options.prices ?? llm.prices)
        primary = try Self.resolveTarget(
            provider: options.provider.flatMap(ProviderKind.init(userValue:)), model: options.model, baseURL: options.baseURL,
            apiKeyFile: options.apiKeyFile, context: context)
        let specs = options.fallback.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            ?? llm.fallback ?? []
        let env = try Self.effectiveEnvironment(context: context, kind: nil)
        fallbacks = try specs.filter { !$0.isEmpty }.map { spec throws(LLMError) in try ProviderSettings.parseTarget(spec, env: env) }

        let budget = options.budgetUSD ?? llm.budgetUSD
        if options.noRedis {
            store = InMemoryLLMStore()
            storeKind = "memory"
        } else {
            do {
                store = RedisLLMStore(connection: try context.redis(), keys: context.keyspace)
                storeKind = "redis"
            } catch {
                let why = (error as? any LoomError)?.message ?? "\(error)"
                if budget != nil {
                    throw LLMError(
                        .storeUnavailable, "--budget-usd needs the shared spend counter in Redis: \(why)",
                        hint: "start Redis, point --redis at it, or pass --no-redis for a budget kept by this process only")
                }
                context.sink.warn("Redis unreachable (\(why)): no shared cache or usage ledger for this run (--no-redis silences this)")
                store = InMemoryLLMStore()
                storeKind = "memory"
            }
        }
        client = LLMClient(targets: [])
        client = makeClient()
    }

    var targets: [ProviderSettings] { [primary] + fallbacks }

    /// A client for the current targets; `noCache` for `/retry` (a retry wants a fresh answer).
    func makeClient(noCache: Bool = false) -> LLMClient {
        let llm = context.settings.llm
        let sink = context.sink
        let opts = LLMClientOptions(
            timeouts: timeouts,
            cacheTTLSeconds: options.noCache || noCache ? nil : (llm.cacheTTL ?? 86_400),
            budgetUSD: options.budgetUSD ?? llm.budgetUSD,
            warn: { sink.warn($0) })
        let trace: HTTPTrace? = context.verbose ? { @Sendable line in sink.printError(line) } : nil
        return LLMClient(targets: targets, options: opts, transport: HTTPClient(trace: trace), store: store, prices: prices)
    }

    /// `--timeout` (flag, LOOMCTL_TIMEOUT or the context) sets the connect, first-byte and idle timeouts;
    /// without it the LLM defaults apply (10 s connect, 60 s first byte and idle), since the global 5 s
    /// default is far too short for a model's first token. `--deadline` bounds the whole request.
    var timeouts: HTTPTimeouts {
        let total = options.deadline ?? HTTPTimeouts.defaultTotal
        let source = context.settings.sources["timeout"] ?? "default"
        return source == "default" ? HTTPTimeouts(total: total) : .operatorTimeout(context.settings.timeout, total: total)
    }

    /// `/provider` and `/model` in the chat: a new primary, same fallbacks. Throws (and changes nothing)
    /// when the new target cannot be configured (no key, unknown provider).
    func switchTarget(provider: ProviderKind?, model: String?) throws {
        let kind = provider ?? primary.provider
        // Switching provider drops a model that belonged to the old one; --base-url stays for compatible servers.
        let newModel = model ?? (provider == nil ? primary.model : nil)
        let baseURL = kind == .openAICompatible ? (primary.provider == .openAICompatible ? primary.baseURL : options.baseURL) : nil
        primary = try Self.resolveTarget(
            provider: kind, model: newModel, baseURL: baseURL, apiKeyFile: kind == primary.provider ? options.apiKeyFile : nil,
            context: context)
        client = makeClient()
    }

    /// Every key in use, for scrubbing free text and keeping them out of the chat history.
    var secrets: [String] { targets.compactMap(\.apiKey) }

    // MARK: - Resolution

    static func contextKind(_ context: CommandContext) throws -> ProviderKind? {
        guard let raw = context.settings.llm.provider else { return nil }
        guard let k = ProviderKind(userValue: raw) else {
            throw CoreError.config(
                "context '\(context.settings.contextName ?? "")': unknown llm provider '\(raw)'",
                hint: "one of: " + ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return k
    }

    /// The context's settings written as the variables Loom reads, overlaid by the real (non-empty) environment.
    static func effectiveEnvironment(context: CommandContext, kind: ProviderKind?) throws -> [String: String] {
        let llm = context.settings.llm
        var env: [String: String] = [:]
        if let ctxKind = try contextKind(context) {
            let p = ctxKind.envPrefix
            env["LLM_PROVIDER"] = ctxKind.rawValue
            if let m = llm.model { env["\(p)_MODEL"] = m }
            if let u = llm.baseURL { env[baseURLVariable(ctxKind)] = u }
            if let f = llm.apiKeyFile { env["\(p)_API_KEY"] = try readKeyFile(f) }
        }
        if let e = llm.azureEndpoint { env["AZURE_OPENAI_ENDPOINT"] = e }
        if let v = llm.azureAPIVersion { env["AZURE_OPENAI_API_VERSION"] = v }
        for (k, v) in context.environment where !v.isEmpty { env[k] = v }
        return env
    }

    static func baseURLVariable(_ kind: ProviderKind) -> String {
        switch kind {
        case .azureOpenAI: return "AZURE_OPENAI_ENDPOINT"
        case .anthropic: return "ANTHROPIC_BASE_URL"
        case .gemini: return "GEMINI_BASE_URL"
        case .openai, .openAICompatible: return "OPENAI_BASE_URL"
        }
    }

    static func resolveTarget(
        provider: ProviderKind?, model: String?, baseURL: String?, apiKeyFile: String?, context: CommandContext
    ) throws -> ProviderSettings {
        let llm = context.settings.llm
        let ctxKind = try contextKind(context)
        var env = try effectiveEnvironment(context: context, kind: provider)
        let kind: ProviderKind
        if let provider {
            kind = provider
        } else if baseURL != nil {
            kind = .openAICompatible
        } else if let raw = env["LLM_PROVIDER"] {
            guard let k = ProviderKind(userValue: raw) else {
                throw LLMError(.configuration, "unknown LLM_PROVIDER '\(raw)'",
                    hint: "one of: " + ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            kind = k
        } else {
            kind = .openai
        }
        if let apiKeyFile { env["\(kind.envPrefix)_API_KEY"] = try readKeyFile(apiKeyFile) }

        var s: ProviderSettings
        if kind == .openAICompatible {
            // A local server gets no key unless one is given for it: OPENAI_API_KEY belongs to OpenAI.
            let ctxApplies = ctxKind == .openAICompatible
            guard let url = baseURL ?? (ctxApplies ? llm.baseURL : nil) ?? env["OPENAI_BASE_URL"] else {
                throw LLMError(.configuration, "openai-compatible needs a base URL",
                    hint: "pass --base-url http://127.0.0.1:11434/v1 (Ollama), :8000/v1 (vLLM) or :8080/v1 (llama.cpp)")
            }
            s = ProviderSettings(provider: .openAICompatible, model: model ?? (ctxApplies ? llm.model : nil) ?? kind.defaultModel, baseURL: url)
            if let apiKeyFile {
                s.apiKey = try readKeyFile(apiKeyFile)
                s.keySource = "--api-key-file"
            } else if ctxApplies, let f = llm.apiKeyFile {
                s.apiKey = try readKeyFile(f)
                s.keySource = "context api-key-file"
            }
        } else {
            s = try ProviderSettings.fromEnvironment(env, provider: kind, model: model)
            if let baseURL { s.baseURL = baseURL }
            if apiKeyFile != nil { s.keySource = "--api-key-file" }
        }
        return s
    }

    static func readKeyFile(_ path: String) throws(LLMError) -> String {
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst(1) : path
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw LLMError(.configuration, "cannot read API key file \(path)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
