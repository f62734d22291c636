import LoomCore
import LoomTesting
import Testing

@testable import LoomLLM

typealias Srv = LLMProviderServers
typealias Resp = LoopbackHTTPServer.Response

let weatherTool = ToolDefinition(
    name: "get_weather", description: "Weather for a city",
    parameters: .obj([
        ("$schema", "http://json-schema.org/draft-07/schema#"), ("type", "object"),
        ("properties", .obj([("city", .obj([("type", "string")]))])), ("required", ["city"]), ("additionalProperties", false),
    ]))

/// A conversation that already went through one tool round, to check native tool-result encoding.
let toolConversation = ChatRequest(
    messages: [
        .system("You are terse."), .user("Weather in Paris and time?"),
        .assistant("", toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#),
                                   ToolCall(id: "call_2", name: "get_time", arguments: #"{"tz":"CET"}"#)]),
        .toolResult(callId: "call_1", name: "get_weather", content: #"{"tempC":21}"#),
        .toolResult(callId: "call_2", name: "get_time", content: "12:00"),
    ], tools: [weatherTool])

@Suite(.serialized) struct ProviderWireTests {
    // MARK: OpenAI

    @Test func openAIStreamRequestAndDecode() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.openAITextChunks(["Hel", "lo", " there"], cached: 4)), sizes: [7, 1, 13])])
        defer { server.stop() }
        let events = try await collect(client([settings(.openai, server, model: "gpt-4o-mini")]), hello)
        #expect(text(events) == "Hello there")
        #expect(events.first == .route(provider: "openai", model: "gpt-4o-mini", cached: false))
        #expect(events.contains(.usage(input: 12, output: 5, cachedInput: 4)))
        #expect(events.contains(.finish(FinishReason(.stop, raw: "stop"))))
        let req = try #require(server.requests.first)
        #expect(req.method == "POST" && req.path == "/v1/chat/completions")
        #expect(req.header("Authorization") == "Bearer \(testKey)")
        #expect(req.header("Content-Type") == "application/json")
        let body = try JSONValue.parse(req.bodyText)
        #expect(body["model"] == "gpt-4o-mini")
        #expect(body["stream"] == true)
        #expect(body["stream_options"]?["include_usage"] == true)
        #expect(body["messages"] == [.obj([("role", "system"), ("content", "Be brief.")]), .obj([("role", "user"), ("content", "Say hello")])])
        // Unset parameters are not sent (reasoning models reject them).
        #expect(body["temperature"] == nil && body["max_tokens"] == nil && body["max_completion_tokens"] == nil && body["top_p"] == nil)
    }

    @Test func openAIParametersWhenSet() throws {
        let wire = OpenAIWire(settings: ProviderSettings(provider: .openai, model: "o3-mini", apiKey: "k"))
        var r = hello
        r.temperature = 0.2
        r.maxTokens = 100
        r.topP = 0.9
        let b = wire.body(for: r, stream: false)
        #expect(b["temperature"] == 0.2 && b["top_p"] == 0.9 && b["max_completion_tokens"] == 100 && b["max_tokens"] == nil)
        #expect(b["stream"] == nil && b["stream_options"] == nil)
        let compat = OpenAIWire(settings: ProviderSettings(provider: .openAICompatible, model: "llama3.2", baseURL: "http://x/v1"))
        #expect(compat.body(for: r, stream: false)["max_tokens"] == 100)
        #expect(try compat.httpRequest(for: r, stream: false).headers["Authorization"] == nil)  // key optional
    }

    @Test func openAIToolCallsSplitAcrossChunks() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.openAIToolChunks()), sizes: [5, 50, 3])])
        defer { server.stop() }
        let r = try await client([settings(.openai, server)]).complete(ChatRequest(messages: [.user("x")], tools: [weatherTool]))
        #expect(r.toolCalls == [ToolCall(id: "call_abc123", name: "get_weather", arguments: #"{"city": "Paris"}"#),
                                ToolCall(id: "call_def456", name: "get_time", arguments: #"{"tz":"CET"}"#)])
        #expect(r.finishReason?.kind == .toolCalls)
        #expect(r.usage == TokenUsage(input: 80, output: 30))
        let body = try JSONValue.parse(try #require(server.requests.first).bodyText)
        #expect(body["tools"]?.arrayValue?.first?["type"] == "function")
        #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "get_weather")
    }

    @Test func openAINonStreaming() async throws {
        let server = try LoopbackHTTPServer(responses: [.json(Srv.openAIJSON(text: "Hi!")), .json(Srv.openAIToolJSON())])
        defer { server.stop() }
        let c = client([settings(.openai, server)])
        var req = hello
        req.stream = false
        let r = try await c.complete(req)
        #expect(r.text == "Hi!" && r.usage == TokenUsage(input: 12, output: 5) && r.finishReason?.kind == .stop)
        #expect(try JSONValue.parse(try #require(server.requests.first).bodyText)["stream"] == nil)
        let t = try await c.complete(req)
        #expect(t.toolCalls == [ToolCall(id: "call_abc123", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
    }

    @Test func openAIToolResultsNative() throws {
        let b = OpenAIWire(settings: ProviderSettings(provider: .openai, model: "gpt-4o", apiKey: "k")).body(for: toolConversation, stream: true)
        let msgs = try #require(b["messages"]?.arrayValue)
        #expect(msgs[2]["role"] == "assistant" && msgs[2]["content"] == .null)
        #expect(msgs[2]["tool_calls"]?.arrayValue?[1]["function"]?["arguments"] == #"{"tz":"CET"}"#)
        #expect(msgs[3] == .obj([("role", "tool"), ("tool_call_id", "call_1"), ("content", #"{"tempC":21}"#)]))
        #expect(msgs[4]["tool_call_id"] == "call_2")
    }

    // MARK: Azure

    @Test func azureRequestAndFilterChunk() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.azureTextChunks(["Hi", " Azure"])), sizes: [11])])
        defer { server.stop() }
        var s = settings(.azureOpenAI, server, model: "my-gpt4o")
        s.baseURL = server.baseURL + "/"
        let events = try await collect(client([s]), hello)
        #expect(text(events) == "Hi Azure")
        #expect(events.contains(.usage(input: 20, output: 7, cachedInput: 0)))
        let req = try #require(server.requests.first)
        #expect(req.path == "/openai/deployments/my-gpt4o/chat/completions")
        #expect(req.query == "api-version=2024-10-21")
        #expect(req.header("api-key") == testKey && req.header("Authorization") == nil)
        #expect(try JSONValue.parse(req.bodyText)["model"] == nil)
    }

    @Test func azureContentFilterFinishBeforeContentIsAnError() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.azureTextChunks([], finish: "content_filter")))])
        defer { server.stop() }
        await #expect { try await collect(client([settings(.azureOpenAI, server)]), hello) } throws: {
            LLMError.from($0)?.reason == .contentFiltered
        }
    }

    @Test func azureContentFilterHTTP400() async throws {
        let body = #"{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation"}}}"#
        let server = try LoopbackHTTPServer(responses: [.json(body, status: 400)])
        defer { server.stop() }
        await #expect { try await collect(client([settings(.azureOpenAI, server)]), hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .contentFiltered && e?.kind == .other
        }
    }

    // MARK: Anthropic

    @Test func anthropicStreamRequestAndDecode() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.anthropicTextStream(["Hello", ", world"], cacheRead: 5), sizes: [9, 2])])
        defer { server.stop() }
        let events = try await collect(client([settings(.anthropic, server, model: "claude-3-5-haiku-latest")]), hello)
        #expect(text(events) == "Hello, world")
        #expect(events.contains(.usage(input: 30, output: 15, cachedInput: 5)))
        #expect(events.contains(.finish(FinishReason(.stop, raw: "end_turn"))))
        let req = try #require(server.requests.first)
        #expect(req.path == "/v1/messages")
        #expect(req.header("x-api-key") == testKey && req.header("anthropic-version") == "2023-06-01")
        let body = try JSONValue.parse(req.bodyText)
        #expect(body["system"] == "Be brief." && body["max_tokens"] == 4096 && body["stream"] == true)
        #expect(body["messages"] == [.obj([("role", "user"), ("content", "Say hello")])])
        #expect(body["temperature"] == nil)
    }

    @Test func anthropicToolUseSplitAcrossChunks() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.anthropicToolStream(), sizes: [17, 4])])
        defer { server.stop() }
        let r = try await client([settings(.anthropic, server)]).complete(ChatRequest(messages: [.user("x")], tools: [weatherTool]))
        #expect(r.text == "Checking the weather.")
        #expect(r.toolCalls == [ToolCall(id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: #"{"city": "Paris"}"#)])
        #expect(r.finishReason?.kind == .toolCalls && r.usage == TokenUsage(input: 472, output: 89))
        let tools = try JSONValue.parse(try #require(server.requests.first).bodyText)["tools"]
        #expect(tools?.arrayValue?.first?["input_schema"]?["type"] == "object")
    }

    @Test func anthropicNonStreaming() async throws {
        let server = try LoopbackHTTPServer(responses: [.json(Srv.anthropicJSON(text: "Sure.")), .json(Srv.anthropicToolJSON())])
        defer { server.stop() }
        var req = hello
        req.stream = false
        let c = client([settings(.anthropic, server)])
        let r = try await c.complete(req)
        #expect(r.text == "Sure." && r.usage == TokenUsage(input: 2095, output: 503))
        let t = try await c.complete(req)
        #expect(t.text == "I'll check." && t.toolCalls.first?.parsedArguments == .obj([("city", "Paris")]))
    }

    @Test func anthropicToolResultsNative() throws {
        let b = AnthropicWire(settings: ProviderSettings(provider: .anthropic, model: "m", apiKey: "k")).body(for: toolConversation, stream: false)
        let msgs = try #require(b["messages"]?.arrayValue)
        #expect(msgs.count == 3)  // user, assistant(tool_use×2), user(tool_result×2)
        #expect(msgs[1]["content"]?.arrayValue?[0] == .obj([("type", "tool_use"), ("id", "call_1"), ("name", "get_weather"), ("input", .obj([("city", "Paris")]))]))
        #expect(msgs[2]["role"] == "user")
        #expect(msgs[2]["content"]?.arrayValue == [
            .obj([("type", "tool_result"), ("tool_use_id", "call_1"), ("content", #"{"tempC":21}"#)]),
            .obj([("type", "tool_result"), ("tool_use_id", "call_2"), ("content", "12:00")]),
        ])
    }

    @Test func anthropicErrorEventBeforeContentFallsBack() async throws {
        let bad = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.anthropicErrorStream())])
        let good = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.openAITextChunks(["ok"])))])
        defer { bad.stop(); good.stop() }
        var opts = LLMClientOptions(random: { 0 })
        opts.retry.maxRetries = 0
        let events = try await collect(client([settings(.anthropic, bad), settings(.openai, good)], options: opts), hello)
        #expect(text(events) == "ok")
        #expect(events.first == .route(provider: "openai", model: "gpt-4o-mini", cached: false))
    }

    @Test func anthropicPromptTooLong() async throws {
        let server = try LoopbackHTTPServer(responses: [.json(#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}"#, status: 400)])
        defer { server.stop() }
        await #expect { try await collect(client([settings(.anthropic, server)]), hello) } throws: {
            LLMError.from($0)?.reason == .contextOverflow
        }
    }

    // MARK: Gemini

    @Test func geminiStreamRequestAndDecode() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.geminiTextStream(["Hi", " from", " Gemini"]), sizes: [3, 1, 2])])
        defer { server.stop() }
        var req = hello
        req.temperature = 0.3
        req.tools = [weatherTool]
        let events = try await collect(client([settings(.gemini, server, model: "gemini-2.5-flash")]), req)
        #expect(text(events) == "Hi from Gemini")
        #expect(events.last == .usage(input: 9, output: 12, cachedInput: 0))
        let r = try #require(server.requests.first)
        #expect(r.path == "/v1beta/models/gemini-2.5-flash:streamGenerateContent" && r.query == "alt=sse")
        #expect(r.header("x-goog-api-key") == testKey)
        #expect(!r.query.contains("key=") && !r.path.contains(testKey))
        let body = try JSONValue.parse(r.bodyText)
        #expect(body["systemInstruction"] == .obj([("parts", [.obj([("text", "Be brief.")])])]))
        #expect(body["contents"] == [.obj([("role", "user"), ("parts", [.obj([("text", "Say hello")])])])])
        #expect(body["generationConfig"] == .obj([("temperature", 0.3)]))
        let decl = body["tools"]?.arrayValue?.first?["functionDeclarations"]?.arrayValue?.first
        #expect(decl?["name"] == "get_weather")
        #expect(decl?["parameters"]?["$schema"] == nil && decl?["parameters"]?["additionalProperties"] == nil)
    }

    @Test func geminiFunctionCalls() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.geminiToolStream(), sizes: [40])])
        defer { server.stop() }
        let r = try await client([settings(.gemini, server)]).complete(ChatRequest(messages: [.user("x")], tools: [weatherTool]))
        #expect(r.toolCalls.map(\.name) == ["get_weather", "get_time"])
        #expect(r.toolCalls[0].parsedArguments == .obj([("city", "Paris")]))
        #expect(r.toolCalls[0].id == "gemini-call-0")
        #expect(r.finishReason?.kind == .toolCalls)
        #expect(r.usage == TokenUsage(input: 60, output: 20, cachedInput: 16))
    }

    @Test func geminiNonStreaming() async throws {
        let server = try LoopbackHTTPServer(responses: [.json(Srv.geminiJSON(text: "Bonjour"))])
        defer { server.stop() }
        var req = hello
        req.stream = false
        let r = try await client([settings(.gemini, server, model: "models/gemini-2.0-flash")]).complete(req)
        #expect(r.text == "Bonjour" && r.usage == TokenUsage(input: 8, output: 6))
        #expect(try #require(server.requests.first).path == "/v1beta/models/gemini-2.0-flash:generateContent")
    }

    @Test func geminiToolResultsNative() throws {
        let b = GeminiWire(settings: ProviderSettings(provider: .gemini, model: "m", apiKey: "k")).body(for: toolConversation)
        let contents = try #require(b["contents"]?.arrayValue)
        #expect(contents[1]["role"] == "model")
        #expect(contents[1]["parts"]?.arrayValue?[0] == .obj([("functionCall", .obj([("id", "call_1"), ("name", "get_weather"), ("args", .obj([("city", "Paris")]))]))]))
        #expect(contents[2]["role"] == "user")
        #expect(contents[2]["parts"]?.arrayValue == [
            .obj([("functionResponse", .obj([("id", "call_1"), ("name", "get_weather"), ("response", .obj([("tempC", 21)]))]))]),
            .obj([("functionResponse", .obj([("id", "call_2"), ("name", "get_time"), ("response", .obj([("result", "12:00")]))]))]),
        ])
    }

    @Test func geminiBadKeyIsAuthError() async throws {
        let server = try LoopbackHTTPServer(responses: [.json(#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#, status: 400)])
        defer { server.stop() }
        await #expect { try await collect(client([settings(.gemini, server)]), hello) } throws: {
            LLMError.from($0)?.code == "llm_auth"
        }
    }

    // MARK: Settings

    @Test func environmentSettings() throws {
        let env = [
            "LLM_PROVIDER": "azure-openai", "AZURE_OPENAI_API_KEY": "azkey", "AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com",
            "AZURE_OPENAI_MODEL": "gpt4o-prod", "AZURE_OPENAI_MAX_TOKENS": "500", "ANTHROPIC_API_KEY": "ak",
        ]
        let s = try ProviderSettings.fromEnvironment(env)
        #expect(s.provider == .azureOpenAI && s.model == "gpt4o-prod" && s.apiKey == "azkey" && s.defaultMaxTokens == 500)
        #expect(s.baseURL == "https://r.openai.azure.com" && s.keySource == "AZURE_OPENAI_API_KEY")
        let fb = try ProviderSettings.parseTarget("anthropic:claude-3-5-haiku-latest", env: env)
        #expect(fb.provider == .anthropic && fb.model == "claude-3-5-haiku-latest" && fb.apiKey == "ak")
        #expect(throws: LLMError.self) { try ProviderSettings.fromEnvironment(["LLM_PROVIDER": "gemini"]) }
        #expect(throws: LLMError.self) { try ProviderSettings.parseTarget("nope", env: env) }
    }
}
