import LoomCore
import LoomHTTP

/// Google Gemini API (`/v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`).
///
/// The key travels only in the `x-goog-api-key` header: Loom puts it in the URL (`?key=`), where it ends
/// up in proxy logs and traces (§10.18). Streaming uses `alt=sse`: without it Gemini sends one JSON array
/// that Loom's line-by-line parser mostly fails on.
///
/// Roles are `user` and `model`; system messages become `systemInstruction`; tools are
/// `tools: [{functionDeclarations: [...]}]`; calls arrive as whole `functionCall` parts (never partial
/// arguments), results go back as `functionResponse` parts in a user turn. Gemini call ids are optional;
/// when absent we synthesise `gemini-call-N` and omit the id when answering. Parameter schemas are
/// stripped of `$schema`, `$id` and `additionalProperties`, which the v1beta schema subset rejects.
/// `usageMetadata` is cumulative in every chunk, so usage is emitted once, at the end.
public struct GeminiWire: ProviderWire {
    public let settings: ProviderSettings
    static let syntheticIdPrefix = "gemini-call-"

    public init(settings: ProviderSettings) { self.settings = settings }

    var modelPath: String {
        var m = settings.model
        if m.hasPrefix("models/") { m.removeFirst("models/".count) }
        return encodePathSegment(m)
    }

    public func url(stream: Bool) -> String {
        let base = joinURL(settings.baseURL ?? "https://generativelanguage.googleapis.com", "/v1beta/models/\(modelPath)")
        return stream ? base + ":streamGenerateContent?alt=sse" : base + ":generateContent"
    }

    public func httpRequest(for request: ChatRequest, stream: Bool) throws(LLMError) -> HTTPRequest {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        headers.add("Accept", stream ? "text/event-stream" : "application/json")
        if let key = settings.apiKey { headers.add("x-goog-api-key", key) }
        return HTTPRequest(
            url: url(stream: stream), headers: headers, body: Array(body(for: request).serialized().utf8))
    }

    static func cleanSchema(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let members):
            return .object(
                members.filter { !["$schema", "$id", "additionalProperties"].contains($0.0) }.map { ($0.0, cleanSchema($0.1)) })
        case .array(let items):
            return .array(items.map(cleanSchema))
        default:
            return v
        }
    }

    /// A tool result as the `response` object Gemini requires.
    static func responseObject(_ content: String) -> JSONValue {
        if let parsed = try? JSONValue.parse(content) {
            if case .object = parsed { return parsed }
            return .obj([("result", parsed)])
        }
        return .obj([("result", .string(content))])
    }

    public func body(for request: ChatRequest) -> JSONValue {
        let systems = request.messages.filter { $0.role == .system }.map(\.content)
        var contents: [JSONValue] = []
        var pendingResponses: [JSONValue] = []
        func flush() {
            if !pendingResponses.isEmpty {
                contents.append(.obj([("role", "user"), ("parts", .array(pendingResponses))]))
                pendingResponses = []
            }
        }
        for m in request.messages {
            switch m.role {
            case .system:
                continue
            case .tool:
                let id = m.toolCallId.flatMap { $0.hasPrefix(Self.syntheticIdPrefix) || $0.isEmpty ? nil : $0 }
                pendingResponses.append(
                    .obj([
                        ("functionResponse",
                            .obj([("id", id.map { .string($0) }), ("name", .string(m.toolName ?? "")), ("response", Self.responseObject(m.content))])),
                    ]))
            case .user:
                flush()
                contents.append(.obj([("role", "user"), ("parts", .array([.obj([("text", .string(m.content))])]))]))
            case .assistant:
                flush()
                var parts: [JSONValue] = []
                if !m.content.isEmpty { parts.append(.obj([("text", .string(m.content))])) }
                for c in m.toolCalls {
                    let id: JSONValue? = c.id.hasPrefix(Self.syntheticIdPrefix) || c.id.isEmpty ? nil : .string(c.id)
                    parts.append(
                        .obj([("functionCall", .obj([("id", id), ("name", .string(c.name)), ("args", c.parsedArguments ?? .object([]))]))]))
                }
                if parts.isEmpty { parts.append(.obj([("text", "")])) }
                contents.append(.obj([("role", "model"), ("parts", .array(parts))]))
            }
        }
        flush()
        let tools: JSONValue? =
            request.tools.isEmpty
            ? nil
            : .array([
                .obj([
                    ("functionDeclarations",
                        .array(
                            request.tools.map {
                                .obj([("name", .string($0.name)), ("description", .string($0.description)), ("parameters", Self.cleanSchema($0.parameters))])
                            })),
                ])
            ])
        let temperature = request.temperature ?? settings.defaultTemperature
        let maxTokens = request.maxTokens ?? settings.defaultMaxTokens
        let config: JSONValue? =
            temperature == nil && maxTokens == nil && request.topP == nil
            ? nil
            : .obj([
                ("temperature", temperature.map { .double($0) }), ("topP", request.topP.map { .double($0) }),
                ("maxOutputTokens", maxTokens.map { .int(Int64($0)) }),
            ])
        return .obj([
            ("contents", .array(contents)),
            ("systemInstruction", systems.isEmpty ? nil : .obj([("parts", .array([.obj([("text", .string(systems.joined(separator: "\n\n")))])]))])),
            ("tools", tools),
            ("generationConfig", config),
        ])
    }

    static func finishReason(_ raw: String, sawToolCall: Bool) -> FinishReason {
        switch raw {
        case "STOP": return FinishReason(sawToolCall ? .toolCalls : .stop, raw: raw)
        case "MAX_TOKENS": return FinishReason(.length, raw: raw)
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY":
            return FinishReason(.contentFilter, raw: raw)
        default: return FinishReason(.other, raw: raw)
        }
    }

    public func decodeResponse(_ body: [UInt8]) throws(LLMError) -> [LLMEvent] {
        let decoder = Decoder(settings: settings)
        let json = try ProviderErrors.parseJSON(settings, body)
        if json["candidates"] == nil && json["promptFeedback"] == nil {
            throw ProviderErrors.malformed(settings, "no candidates", String(decoding: body.prefix(120), as: UTF8.self))
        }
        var events = try decoder.decode(json: json)
        events += try decoder.finish()
        return events
    }

    public func makeStreamDecoder() -> any StreamDecoder { Decoder(settings: settings) }

    final class Decoder: StreamDecoder {
        let settings: ProviderSettings
        var nextToolIndex = 0
        var usage: LLMEvent?
        var finished = false
        var sawAny = false

        init(settings: ProviderSettings) { self.settings = settings }

        func decode(_ event: SSEEvent) throws(LLMError) -> [LLMEvent] {
            if event.data.isEmpty { return [] }
            return try decode(json: ProviderErrors.parseJSON(settings, event.data))
        }

        func decode(json: JSONValue) throws(LLMError) -> [LLMEvent] {
            if json["error"] != nil { throw ProviderErrors.streamError(settings: settings, json: json) }
            sawAny = true
            var out: [LLMEvent] = []
            if let u = json["usageMetadata"] {
                usage = .usage(
                    input: u["promptTokenCount"]?.int ?? 0,
                    output: (u["candidatesTokenCount"]?.int ?? 0) + (u["thoughtsTokenCount"]?.int ?? 0),
                    cachedInput: u["cachedContentTokenCount"]?.int ?? 0)
            }
            let candidates = json["candidates"]?.arrayValue ?? []
            if candidates.isEmpty, let block = json["promptFeedback"]?["blockReason"]?.stringValue {
                throw LLMError(
                    .contentFiltered, "\(settings.label): prompt blocked by Gemini safety filters (\(block))",
                    target: settings.label)
            }
            guard let candidate = candidates.first else { return out }
            for part in candidate["content"]?["parts"]?.arrayValue ?? [] {
                if part["thought"]?.boolValue == true { continue }
                if let text = part["text"]?.stringValue, !text.isEmpty { out.append(.textDelta(text)) }
                if let call = part["functionCall"] {
                    let i = nextToolIndex
                    nextToolIndex += 1
                    out.append(
                        .toolCallStart(
                            index: i, id: call["id"]?.stringValue ?? "\(GeminiWire.syntheticIdPrefix)\(i)",
                            name: call["name"]?.stringValue ?? ""))
                    out.append(.toolCallArgumentsDelta(index: i, (call["args"] ?? .object([])).serialized()))
                }
            }
            if let raw = candidate["finishReason"]?.stringValue {
                finished = true
                out.append(.finish(GeminiWire.finishReason(raw, sawToolCall: nextToolIndex > 0)))
            }
            return out
        }

        func finish() throws(LLMError) -> [LLMEvent] {
            // Gemini has no end marker; a stream that produced nothing, or never a finishReason, was cut.
            if !finished {
                throw LLMError(
                    .unreachable, "\(settings.label): stream ended before a finishReason", target: settings.label)
            }
            return usage.map { [$0] } ?? []
        }
    }
}
