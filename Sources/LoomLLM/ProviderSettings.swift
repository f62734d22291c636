import LoomCore

/// The provider families loomctl speaks. Raw values are what users type (`--provider`, `LLM_PROVIDER`,
/// `provider:model` fallback entries) and match Loom's own `LLMConfig.provider` names.
public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    case openai
    case azureOpenAI = "azure-openai"
    case anthropic
    case gemini
    /// Any server speaking OpenAI chat completions (Ollama, vLLM, llama.cpp) at `--base-url`; key optional.
    case openAICompatible = "openai-compatible"

    public init?(userValue: String) {
        switch userValue.lowercased() {
        case "openai": self = .openai
        case "azure", "azure-openai", "azure_openai", "azureopenai": self = .azureOpenAI
        case "anthropic", "claude": self = .anthropic
        case "gemini", "google": self = .gemini
        case "openai-compatible", "compatible", "ollama", "vllm", "llamacpp", "llama.cpp": self = .openAICompatible
        default: return nil
        }
    }

    /// Environment variable prefix Loom uses (`OPENAI_API_KEY`, `AZURE_OPENAI_MODEL`, ...).
    public var envPrefix: String {
        switch self {
        case .openai, .openAICompatible: return "OPENAI"
        case .azureOpenAI: return "AZURE_OPENAI"
        case .anthropic: return "ANTHROPIC"
        case .gemini: return "GEMINI"
        }
    }

    /// Defaults chosen over Loom's (`gpt-4`, `gemini-pro`), which are retired or on their way out (§10.18).
    public var defaultModel: String {
        switch self {
        case .openai, .azureOpenAI: return "gpt-4o-mini"
        case .anthropic: return "claude-sonnet-4-20250514"
        case .gemini: return "gemini-2.5-flash"
        case .openAICompatible: return "llama3.2"
        }
    }
}

/// Everything needed to talk to one `provider:model` target.
public struct ProviderSettings: Sendable, Equatable {
    public var provider: ProviderKind
    /// Model name; for Azure the deployment name.
    public var model: String
    public var apiKey: String?
    /// Base URL override. Azure: the resource endpoint (`https://NAME.openai.azure.com`). OpenAI-compatible:
    /// required, including the `/v1` path (`http://127.0.0.1:11434/v1`).
    public var baseURL: String?
    /// Azure `api-version` query value.
    public var apiVersion: String
    /// Where the key came from (`OPENAI_API_KEY`, `--api-key-file`), for error messages.
    public var keySource: String?
    /// Defaults applied when a request leaves them unset (from `*_TEMPERATURE`, `*_MAX_TOKENS`).
    public var defaultTemperature: Double?
    public var defaultMaxTokens: Int?
    /// OpenAI-family output-limit field; see `OpenAIWire.MaxTokensField`.
    public var maxTokensField: OpenAIWire.MaxTokensField?

    /// Current Azure OpenAI GA data-plane version (supports tools, `stream_options`, `max_completion_tokens`).
    public static let defaultAzureAPIVersion = "2024-10-21"

    public init(
        provider: ProviderKind, model: String, apiKey: String? = nil, baseURL: String? = nil,
        apiVersion: String = ProviderSettings.defaultAzureAPIVersion, keySource: String? = nil,
        defaultTemperature: Double? = nil, defaultMaxTokens: Int? = nil, maxTokensField: OpenAIWire.MaxTokensField? = nil
    ) {
        self.provider = provider
        self.model = model
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.keySource = keySource
        self.defaultTemperature = defaultTemperature
        self.defaultMaxTokens = defaultMaxTokens
        self.maxTokensField = maxTokensField
    }

    /// `provider:model`, used in cooldowns, ledger fields, errors.
    public var label: String { "\(provider.rawValue):\(model)" }

    /// Builds settings from Loom's environment variables (see ``fromEnvironment(_:provider:model:)``).
    ///
    /// - `LLM_PROVIDER` picks the provider when `provider` is nil (default `openai`).
    /// - Key: `OPENAI_API_KEY`, `AZURE_OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`
    ///   (`GOOGLE_API_KEY` accepted for Gemini). Optional for `openai-compatible`.
    /// - Model: explicit `model`, else `{PREFIX}_MODEL` (Azure also `AZURE_OPENAI_DEPLOYMENT`), else
    ///   ``ProviderKind/defaultModel``.
    /// - Azure: `AZURE_OPENAI_ENDPOINT` (required), `AZURE_OPENAI_API_VERSION` (default 2024-10-21).
    /// - Base URL: `OPENAI_BASE_URL` (openai, openai-compatible), `ANTHROPIC_BASE_URL`, `GEMINI_BASE_URL`.
    /// - `{PREFIX}_TEMPERATURE`, `{PREFIX}_MAX_TOKENS` become request defaults.
    public static func fromEnvironment(
        _ env: [String: String], provider: ProviderKind? = nil, model: String? = nil
    ) throws(LLMError) -> ProviderSettings {
        let kind: ProviderKind
        if let provider {
            kind = provider
        } else if let raw = env["LLM_PROVIDER"], !raw.isEmpty {
            guard let k = ProviderKind(userValue: raw) else {
                throw LLMError(
                    .configuration, "unknown LLM_PROVIDER '\(raw)'",
                    hint: "one of: " + ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            kind = k
        } else {
            kind = .openai
        }
        let p = kind.envPrefix
        func nonEmpty(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        var keyVar = "\(p)_API_KEY"
        var key = nonEmpty(keyVar)
        if key == nil && kind == .gemini, let g = nonEmpty("GOOGLE_API_KEY") {
            key = g
            keyVar = "GOOGLE_API_KEY"
        }
        if key == nil && kind != .openAICompatible {
            throw LLMError(.auth, "no API key for \(kind.rawValue): \(keyVar) is not set", hint: "export \(keyVar)=...")
        }
        var resolvedModel = model ?? nonEmpty("\(p)_MODEL")
        if kind == .azureOpenAI { resolvedModel = model ?? nonEmpty("AZURE_OPENAI_DEPLOYMENT") ?? resolvedModel }
        var settings = ProviderSettings(
            provider: kind, model: resolvedModel ?? kind.defaultModel, apiKey: key, keySource: key == nil ? nil : keyVar)
        settings.defaultTemperature = nonEmpty("\(p)_TEMPERATURE").flatMap(Double.init)
        settings.defaultMaxTokens = nonEmpty("\(p)_MAX_TOKENS").flatMap { Int($0) }
        switch kind {
        case .azureOpenAI:
            guard let endpoint = nonEmpty("AZURE_OPENAI_ENDPOINT") else {
                throw LLMError(
                    .configuration, "AZURE_OPENAI_ENDPOINT is not set",
                    hint: "export AZURE_OPENAI_ENDPOINT=https://NAME.openai.azure.com")
            }
            settings.baseURL = endpoint
            if let v = nonEmpty("AZURE_OPENAI_API_VERSION") { settings.apiVersion = v }
        case .openai, .openAICompatible:
            settings.baseURL = nonEmpty("OPENAI_BASE_URL")
            if kind == .openAICompatible && settings.baseURL == nil {
                throw LLMError(
                    .configuration, "openai-compatible needs a base URL",
                    hint: "set a base URL such as http://127.0.0.1:11434/v1 or set OPENAI_BASE_URL")
            }
        case .anthropic:
            settings.baseURL = nonEmpty("ANTHROPIC_BASE_URL")
        case .gemini:
            settings.baseURL = nonEmpty("GEMINI_BASE_URL")
        }
        return settings
    }

    /// Parses a fallback entry `provider:model` (model may itself contain `:`, e.g. `llama3.2:3b`) and
    /// resolves key/endpoint from the environment.
    public static func parseTarget(_ spec: String, env: [String: String]) throws(LLMError) -> ProviderSettings {
        guard let colon = spec.firstIndex(of: ":"), let kind = ProviderKind(userValue: String(spec[..<colon])) else {
            throw LLMError(
                .configuration, "bad fallback target '\(spec)'", hint: "use provider:model, e.g. anthropic:claude-3-5-haiku-latest")
        }
        let model = String(spec[spec.index(after: colon)...])
        guard !model.isEmpty else { throw LLMError(.configuration, "bad fallback target '\(spec)': empty model") }
        return try fromEnvironment(env, provider: kind, model: model)
    }

    /// The wire format for these settings.
    public var wire: any ProviderWire {
        switch provider {
        case .openai, .azureOpenAI, .openAICompatible: return OpenAIWire(settings: self)
        case .anthropic: return AnthropicWire(settings: self)
        case .gemini: return GeminiWire(settings: self)
        }
    }
}
