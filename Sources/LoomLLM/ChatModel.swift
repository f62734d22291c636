import LoomCore

/// The provider-neutral request and event model.
///
/// Each provider file converts this to its native wire format and back, so the client, cache, tool loop
/// and CLI only ever see these types.

public enum ChatRole: String, Sendable, Hashable {
    case system, user, assistant, tool
}

/// A tool call the model asked for. `arguments` is the raw JSON text as assembled from the wire, because
/// providers stream it in fragments and models sometimes emit invalid JSON that the caller should see.
public struct ToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed as JSON (`{}` when empty), or nil if the model produced invalid JSON.
    public var parsedArguments: JSONValue? {
        let trimmed = arguments.trimmingSpaces
        if trimmed.isEmpty { return .object([]) }
        return try? JSONValue.parse(trimmed)
    }
}

public struct ChatMessage: Sendable, Equatable {
    public var role: ChatRole
    public var content: String
    /// Assistant turns that called tools.
    public var toolCalls: [ToolCall]
    /// Tool results: the id of the call this answers (OpenAI `tool_call_id`, Anthropic `tool_use_id`).
    public var toolCallId: String?
    /// Tool results: the tool's name (Gemini `functionResponse.name` needs it).
    public var toolName: String?

    public init(
        role: ChatRole, content: String, toolCalls: [ToolCall] = [], toolCallId: String? = nil, toolName: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
        self.toolName = toolName
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    public static func toolResult(callId: String, name: String, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallId: callId, toolName: name)
    }
}

/// A function the model may call. `parameters` is a JSON Schema object.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// What to ask. Optional sampling parameters are sent only when set: newer reasoning models reject
/// `temperature` and `max_tokens`, and Loom's habit of always sending 0.7 is a known bug (§10.18).
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition]
    public var temperature: Double?
    public var maxTokens: Int?
    public var topP: Double?
    /// Streamed (SSE) or one JSON response. Not part of the cache key.
    public var stream: Bool

    public init(
        messages: [ChatMessage], tools: [ToolDefinition] = [], temperature: Double? = nil, maxTokens: Int? = nil,
        topP: Double? = nil, stream: Bool = true
    ) {
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.topP = topP
        self.stream = stream
    }
}

public struct TokenUsage: Sendable, Equatable {
    public var input: Int
    public var output: Int
    /// Input tokens served from the provider's prompt cache (billed at the cached rate).
    public var cachedInput: Int

    public init(input: Int = 0, output: Int = 0, cachedInput: Int = 0) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }
}

/// Why the model stopped, normalised; `raw` keeps the provider's word.
public struct FinishReason: Sendable, Equatable {
    public enum Kind: String, Sendable { case stop, length, toolCalls, contentFilter, other }
    public var kind: Kind
    public var raw: String

    public init(_ kind: Kind, raw: String) {
        self.kind = kind
        self.raw = raw
    }
}

/// One item of a reply stream. Tool calls are identified by `index`, their order in the reply.
public enum LLMEvent: Sendable, Equatable {
    /// Emitted by `LLMClient` once per reply, before any content: which target answered, and whether
    /// the reply is a cache replay. Provider decoders never emit it.
    case route(provider: String, model: String, cached: Bool)
    case textDelta(String)
    case toolCallStart(index: Int, id: String, name: String)
    case toolCallArgumentsDelta(index: Int, String)
    case usage(input: Int, output: Int, cachedInput: Int)
    case finish(FinishReason)

    /// Content the user can see; once one is emitted, a failure can no longer fall back.
    var isContent: Bool {
        switch self {
        case .textDelta, .toolCallStart, .toolCallArgumentsDelta: return true
        default: return false
        }
    }
}

/// A whole reply, assembled from events.
public struct ChatResponse: Sendable, Equatable {
    public var text: String
    public var toolCalls: [ToolCall]
    public var usage: TokenUsage
    public var finishReason: FinishReason?
    public var provider: String
    public var model: String
    public var cached: Bool

    public init(
        text: String = "", toolCalls: [ToolCall] = [], usage: TokenUsage = TokenUsage(),
        finishReason: FinishReason? = nil, provider: String = "", model: String = "", cached: Bool = false
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.usage = usage
        self.finishReason = finishReason
        self.provider = provider
        self.model = model
        self.cached = cached
    }

    /// The assistant turn to append to a conversation.
    public var assistantMessage: ChatMessage { .assistant(text, toolCalls: toolCalls) }
}

/// Folds events into a `ChatResponse`; used by `complete`, the tool loop and the cache writer.
public struct ResponseAccumulator: Sendable {
    public private(set) var response = ChatResponse()
    private var callSlots: [Int: Int] = [:]

    public init() {}

    public mutating func add(_ event: LLMEvent) {
        switch event {
        case let .route(provider, model, cached):
            response.provider = provider
            response.model = model
            response.cached = cached
        case .textDelta(let t):
            response.text += t
        case let .toolCallStart(index, id, name):
            callSlots[index] = response.toolCalls.count
            response.toolCalls.append(ToolCall(id: id, name: name, arguments: ""))
        case let .toolCallArgumentsDelta(index, fragment):
            if let slot = callSlots[index] { response.toolCalls[slot].arguments += fragment }
        case let .usage(input, output, cached):
            response.usage = TokenUsage(input: input, output: output, cachedInput: cached)
        case .finish(let reason):
            response.finishReason = reason
        }
    }
}

extension String {
    /// Trims ASCII whitespace. Works on scalars: `"\r\n"` is one `Character`, so a Character-based
    /// trim would miss it.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\n" || u == "\r" || u == "\t" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
