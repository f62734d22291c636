import LoomCore
import LoomHTTP

/// OpenAI chat completions, also used for Azure OpenAI and OpenAI-compatible servers.
///
/// Request: `POST {base}/chat/completions` with `messages` (`system|user|assistant|tool`), assistant
/// `tool_calls` `{id, type: function, function: {name, arguments}}`, tool results as
/// `{role: tool, tool_call_id, content}`, `tools: [{type: function, function: {name, description,
/// parameters}}]`. Streaming adds `stream: true, stream_options: {include_usage: true}`, without which
/// OpenAI never reports usage for streams.
///
/// Azure differs only in URL (`{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=`),
/// the `api-key` header, no `model` in the body, an extra first chunk with empty `choices` carrying
/// `prompt_filter_results` (ignored), and `finish_reason: content_filter`.
public struct OpenAIWire: ProviderWire {
    /// Which output-limit field to send when `maxTokens` is set.
    ///
    /// OpenAI deprecated `max_tokens` for chat completions; o-series reasoning models reject it and
    /// require `max_completion_tokens`, which every current OpenAI model accepts. Azure accepts
    /// `max_completion_tokens` from api-version 2024-09-01-preview / 2024-10-21 GA on. Ollama, vLLM and
    /// llama.cpp document `max_tokens`, so the OpenAI-compatible mode defaults to it.
    public enum MaxTokensField: String, Sendable, Equatable {
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
    }

    public let settings: ProviderSettings

    public init(settings: ProviderSettings) { self.settings = settings }

    var isAzure: Bool { settings.provider == .azureOpenAI }

    var maxTokensField: MaxTokensField {
        settings.maxTokensField ?? (settings.provider == .openAICompatible ? .maxTokens : .maxCompletionTokens)
    }

    public var url: String {
        switch settings.provider {
        case .azureOpenAI:
            let endpoint = settings.baseURL ?? ""
            return joinURL(endpoint, "/openai/deployments/\(encodePathSegment(settings.model))/chat/completions")
                + "?api-version=\(settings.apiVersion)"
        default:
            return joinURL(settings.baseURL ?? "https://api.openai.com/v1", "/chat/completions")
        }
    }

    public func httpRequest(for request: ChatRequest, stream: Bool) throws(LLMError) -> HTTPRequest {
        if isAzure && (settings.baseURL ?? "").isEmpty {
            throw LLMError(.configuration, "azure-openai needs an endpoint (AZURE_OPENAI_ENDPOINT)")
        }
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        headers.add("Accept", stream ? "text/event-stream" : "application/json")
        if let key = settings.apiKey, !key.isEmpty {
            if isAzure { headers.add("api-key", key) } else { headers.add("Authorization", "Bearer \(key)") }
        }
        return HTTPRequest(url: url, headers: headers, body: Array(body(for: request, stream: stream).serialized().utf8))
    }

    public func body(for request: ChatRequest, stream: Bool) -> JSONValue {
        let messages: [JSONValue] = request.messages.map { m in
            switch m.role {
            case .system, .user:
                return .obj([("role", .string(m.role.rawValue)), ("content", .string(m.content))])
            case .assistant:
                if m.toolCalls.isEmpty {
                    return .obj([("role", "assistant"), ("content", .string(m.content))])
                }
                let calls: [JSONValue] = m.toolCalls.map { c in
                    .obj([
                        ("id", .string(c.id)), ("type", "function"),
                        ("function", .obj([("name", .string(c.name)), ("arguments", .string(c.arguments.isEmpty ? "{}" : c.arguments))])),
                    ])
                }
                return .obj([
                    ("role", "assistant"), ("content", m.content.isEmpty ? .null : .string(m.content)),
                    ("tool_calls", .array(calls)),
                ])
            case .tool:
                return .obj([
                    ("role", "tool"), ("tool_call_id", .string(m.toolCallId ?? "")), ("content", .string(m.content)),
                ])
            }
        }
        let tools: JSONValue? =
            request.tools.isEmpty
            ? nil
            : .array(
                request.tools.map { t in
                    .obj([
                        ("type", "function"),
                        ("function", .obj([("name", .string(t.name)), ("description", .string(t.description)), ("parameters", t.parameters)])),
                    ])
                })
        let maxTokens = request.maxTokens ?? settings.defaultMaxTokens
        return .obj([
            ("model", isAzure ? nil : .string(settings.model)),
            ("messages", .array(messages)),
            ("tools", tools),
            ("temperature", (request.temperature ?? settings.defaultTemperature).map { .double($0) }),
            ("top_p", request.topP.map { .double($0) }),
            (maxTokensField.rawValue, maxTokens.map { .int(Int64($0)) }),
            ("stream", stream ? .bool(true) : nil),
            ("stream_options", stream ? .obj([("include_usage", .bool(true))]) : nil),
        ])
    }

    static func finishReason(_ raw: String) -> FinishReason {
        switch raw {
        case "stop": return FinishReason(.stop, raw: raw)
        case "length": return FinishReason(.length, raw: raw)
        case "tool_calls", "function_call": return FinishReason(.toolCalls, raw: raw)
        case "content_filter": return FinishReason(.contentFilter, raw: raw)
        default: return FinishReason(.other, raw: raw)
        }
    }

    static func usage(_ u: JSONValue?) -> LLMEvent? {
        guard let u, case .object = u else { return nil }
        return .usage(
            input: u["prompt_tokens"]?.int ?? 0, output: u["completion_tokens"]?.int ?? 0,
            cachedInput: u["prompt_tokens_details"]?["cached_tokens"]?.int ?? 0)
    }

    public func decodeResponse(_ body: [UInt8]) throws(LLMError) -> [LLMEvent] {
        let json = try ProviderErrors.parseJSON(settings, body)
        if json["error"] != nil, json["choices"] == nil { throw ProviderErrors.streamError(settings: settings, json: json) }
        guard let choices = json["choices"]?.arrayValue else {
            throw ProviderErrors.malformed(settings, "no choices", String(decoding: body.prefix(120), as: UTF8.self))
        }
        var events: [LLMEvent] = []
        if let choice = choices.first {
            let message = choice["message"]
            if let text = message?["content"]?.stringValue, !text.isEmpty { events.append(.textDelta(text)) }
            for (i, call) in (message?["tool_calls"]?.arrayValue ?? []).enumerated() {
                events.append(
                    .toolCallStart(
                        index: i, id: call["id"]?.stringValue ?? "call_\(i)", name: call["function"]?["name"]?.stringValue ?? ""))
                if let args = call["function"]?["arguments"]?.stringValue, !args.isEmpty {
                    events.append(.toolCallArgumentsDelta(index: i, args))
                }
            }
            if let raw = choice["finish_reason"]?.stringValue { events.append(.finish(Self.finishReason(raw))) }
        }
        if let u = Self.usage(json["usage"]) { events.append(u) }
        return events
    }

    public func makeStreamDecoder() -> any StreamDecoder { Decoder(settings: settings) }

    final class Decoder: StreamDecoder {
        let settings: ProviderSettings
        var started: Set<Int> = []
        var done = false
        var sawFinish = false

        init(settings: ProviderSettings) { self.settings = settings }

        func decode(_ event: SSEEvent) throws(LLMError) -> [LLMEvent] {
            if event.data == "[DONE]" {
                done = true
                return []
            }
            if done || event.data.isEmpty { return [] }
            let json = try ProviderErrors.parseJSON(settings, event.data)
            if json["error"] != nil { throw ProviderErrors.streamError(settings: settings, json: json) }
            var out: [LLMEvent] = []
            // Azure's first chunk has `choices: []` and only `prompt_filter_results`: nothing to emit.
            for choice in json["choices"]?.arrayValue ?? [] where (choice["index"]?.int ?? 0) == 0 {
                let delta = choice["delta"]
                if let text = delta?["content"]?.stringValue, !text.isEmpty { out.append(.textDelta(text)) }
                for call in delta?["tool_calls"]?.arrayValue ?? [] {
                    let index = call["index"]?.int ?? 0
                    if !started.contains(index) {
                        started.insert(index)
                        out.append(
                            .toolCallStart(
                                index: index, id: call["id"]?.stringValue ?? "call_\(index)",
                                name: call["function"]?["name"]?.stringValue ?? ""))
                    }
                    if let args = call["function"]?["arguments"]?.stringValue, !args.isEmpty {
                        out.append(.toolCallArgumentsDelta(index: index, args))
                    }
                }
                if let raw = choice["finish_reason"]?.stringValue {
                    sawFinish = true
                    out.append(.finish(OpenAIWire.finishReason(raw)))
                }
            }
            if let u = OpenAIWire.usage(json["usage"]) { out.append(u) }
            return out
        }

        func finish() throws(LLMError) -> [LLMEvent] {
            // Servers that omit `[DONE]` (some compatible ones) still end with a finish_reason.
            if !done && !sawFinish {
                throw LLMError(
                    .unreachable, "\(settings.label): stream ended before completion (no [DONE])", target: settings.label)
            }
            return []
        }
    }
}
