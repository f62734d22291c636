import LoomCore
import LoomHTTP

/// Anthropic Messages API (`POST /v1/messages`, `x-api-key`, `anthropic-version: 2023-06-01`).
///
/// System messages go to the top-level `system` field (all of them, joined by blank lines; Loom keeps
/// only the first). `max_tokens` is required by the API, so it defaults to 4096 like Loom. Assistant tool
/// calls are `tool_use` blocks; results go back as `tool_result` blocks inside a user turn, consecutive
/// results merged into one turn as the API expects.
///
/// Stream: `message_start` (input usage) → per block `content_block_start` (`text` | `tool_use` with id
/// and name) → `content_block_delta` (`text_delta` | `input_json_delta.partial_json`) →
/// `content_block_stop` → `message_delta` (`stop_reason`, output usage) → `message_stop`; `ping` any
/// time; `error` events mid-stream. Tool-call indexes in `LLMEvent` count tool_use blocks only.
///
/// Usage: `input` = `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`,
/// `cachedInput` = `cache_read_input_tokens`, to match OpenAI's "prompt tokens include cached" meaning.
public struct AnthropicWire: ProviderWire {
    public static let apiVersion = "2023-06-01"
    public static let defaultMaxTokens = 4096
    public let settings: ProviderSettings

    public init(settings: ProviderSettings) { self.settings = settings }

    public var url: String { joinURL(settings.baseURL ?? "https://api.anthropic.com", "/v1/messages") }

    public func httpRequest(for request: ChatRequest, stream: Bool) throws(LLMError) -> HTTPRequest {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        headers.add("Accept", stream ? "text/event-stream" : "application/json")
        if let key = settings.apiKey { headers.add("x-api-key", key) }
        headers.add("anthropic-version", Self.apiVersion)
        return HTTPRequest(url: url, headers: headers, body: Array(body(for: request, stream: stream).serialized().utf8))
    }

    public func body(for request: ChatRequest, stream: Bool) -> JSONValue {
        let systems = request.messages.filter { $0.role == .system }.map(\.content)
        var messages: [JSONValue] = []
        var pendingResults: [JSONValue] = []
        func flushResults() {
            if !pendingResults.isEmpty {
                messages.append(.obj([("role", "user"), ("content", .array(pendingResults))]))
                pendingResults = []
            }
        }
        for m in request.messages {
            switch m.role {
            case .system:
                continue
            case .tool:
                pendingResults.append(
                    .obj([("type", "tool_result"), ("tool_use_id", .string(m.toolCallId ?? "")), ("content", .string(m.content))]))
            case .user:
                flushResults()
                messages.append(.obj([("role", "user"), ("content", .string(m.content))]))
            case .assistant:
                flushResults()
                if m.toolCalls.isEmpty {
                    messages.append(.obj([("role", "assistant"), ("content", .string(m.content))]))
                } else {
                    var blocks: [JSONValue] = []
                    if !m.content.isEmpty { blocks.append(.obj([("type", "text"), ("text", .string(m.content))])) }
                    for c in m.toolCalls {
                        blocks.append(
                            .obj([
                                ("type", "tool_use"), ("id", .string(c.id)), ("name", .string(c.name)),
                                ("input", c.parsedArguments ?? .object([])),
                            ]))
                    }
                    messages.append(.obj([("role", "assistant"), ("content", .array(blocks))]))
                }
            }
        }
        flushResults()
        let tools: JSONValue? =
            request.tools.isEmpty
            ? nil
            : .array(
                request.tools.map {
                    .obj([("name", .string($0.name)), ("description", .string($0.description)), ("input_schema", $0.parameters)])
                })
        return .obj([
            ("model", .string(settings.model)),
            ("max_tokens", .int(Int64(request.maxTokens ?? settings.defaultMaxTokens ?? Self.defaultMaxTokens))),
            ("system", systems.isEmpty ? nil : .string(systems.joined(separator: "\n\n"))),
            ("messages", .array(messages)),
            ("tools", tools),
            ("temperature", (request.temperature ?? settings.defaultTemperature).map { .double($0) }),
            ("top_p", request.topP.map { .double($0) }),
            ("stream", stream ? .bool(true) : nil),
        ])
    }

    static func finishReason(_ raw: String) -> FinishReason {
        switch raw {
        case "end_turn", "stop_sequence": return FinishReason(.stop, raw: raw)
        case "max_tokens": return FinishReason(.length, raw: raw)
        case "tool_use": return FinishReason(.toolCalls, raw: raw)
        case "refusal": return FinishReason(.contentFilter, raw: raw)
        default: return FinishReason(.other, raw: raw)
        }
    }

    static func inputTokens(_ u: JSONValue?) -> (input: Int, cached: Int) {
        let plain = u?["input_tokens"]?.int ?? 0
        let read = u?["cache_read_input_tokens"]?.int ?? 0
        let created = u?["cache_creation_input_tokens"]?.int ?? 0
        return (plain + read + created, read)
    }

    public func decodeResponse(_ body: [UInt8]) throws(LLMError) -> [LLMEvent] {
        let json = try ProviderErrors.parseJSON(settings, body)
        if json["type"]?.stringValue == "error" { throw ProviderErrors.streamError(settings: settings, json: json) }
        guard let content = json["content"]?.arrayValue else {
            throw ProviderErrors.malformed(settings, "no content", String(decoding: body.prefix(120), as: UTF8.self))
        }
        var events: [LLMEvent] = []
        var toolIndex = 0
        for block in content {
            switch block["type"]?.stringValue {
            case "text":
                if let t = block["text"]?.stringValue, !t.isEmpty { events.append(.textDelta(t)) }
            case "tool_use":
                events.append(
                    .toolCallStart(index: toolIndex, id: block["id"]?.stringValue ?? "", name: block["name"]?.stringValue ?? ""))
                events.append(.toolCallArgumentsDelta(index: toolIndex, (block["input"] ?? .object([])).serialized()))
                toolIndex += 1
            default:
                continue
            }
        }
        if let raw = json["stop_reason"]?.stringValue { events.append(.finish(Self.finishReason(raw))) }
        let (input, cached) = Self.inputTokens(json["usage"])
        events.append(.usage(input: input, output: json["usage"]?["output_tokens"]?.int ?? 0, cachedInput: cached))
        return events
    }

    public func makeStreamDecoder() -> any StreamDecoder { Decoder(settings: settings) }

    final class Decoder: StreamDecoder {
        let settings: ProviderSettings
        var toolIndexByBlock: [Int: Int] = [:]
        var nextToolIndex = 0
        var input = 0
        var cached = 0
        var output = 0
        var stopped = false

        init(settings: ProviderSettings) { self.settings = settings }

        func decode(_ event: SSEEvent) throws(LLMError) -> [LLMEvent] {
            if event.data.isEmpty { return [] }
            let json = try ProviderErrors.parseJSON(settings, event.data)
            let type = json["type"]?.stringValue ?? event.event
            switch type {
            case "message_start":
                let u = json["message"]?["usage"]
                (input, cached) = AnthropicWire.inputTokens(u)
                output = u?["output_tokens"]?.int ?? 0
                return []
            case "content_block_start":
                let block = json["content_block"]
                let blockIndex = json["index"]?.int ?? 0
                switch block?["type"]?.stringValue {
                case "text":
                    if let t = block?["text"]?.stringValue, !t.isEmpty { return [.textDelta(t)] }
                    return []
                case "tool_use":
                    let i = nextToolIndex
                    nextToolIndex += 1
                    toolIndexByBlock[blockIndex] = i
                    var out: [LLMEvent] = [
                        .toolCallStart(index: i, id: block?["id"]?.stringValue ?? "", name: block?["name"]?.stringValue ?? "")
                    ]
                    if let input = block?["input"], case .object(let members) = input, !members.isEmpty {
                        out.append(.toolCallArgumentsDelta(index: i, input.serialized()))
                    }
                    return out
                default:
                    return []  // thinking, redacted_thinking, server tool blocks: not surfaced
                }
            case "content_block_delta":
                let delta = json["delta"]
                switch delta?["type"]?.stringValue {
                case "text_delta":
                    if let t = delta?["text"]?.stringValue, !t.isEmpty { return [.textDelta(t)] }
                case "input_json_delta":
                    if let i = toolIndexByBlock[json["index"]?.int ?? -1], let p = delta?["partial_json"]?.stringValue, !p.isEmpty {
                        return [.toolCallArgumentsDelta(index: i, p)]
                    }
                default:
                    break
                }
                return []
            case "message_delta":
                var out: [LLMEvent] = []
                if let o = json["usage"]?["output_tokens"]?.int { output = o }
                if let u = json["usage"], u["input_tokens"] != nil {
                    let (i, c) = AnthropicWire.inputTokens(u)
                    if i > 0 { (input, cached) = (i, c) }
                }
                if let raw = json["delta"]?["stop_reason"]?.stringValue { out.append(.finish(AnthropicWire.finishReason(raw))) }
                out.append(.usage(input: input, output: output, cachedInput: cached))
                return out
            case "message_stop":
                stopped = true
                return []
            case "error":
                throw ProviderErrors.streamError(settings: settings, json: json)
            default:
                return []  // ping, content_block_stop, future event types
            }
        }

        func finish() throws(LLMError) -> [LLMEvent] {
            if !stopped {
                throw LLMError(
                    .unreachable, "\(settings.label): stream ended before message_stop", target: settings.label)
            }
            return []
        }
    }
}
