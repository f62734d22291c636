import LoomCore
import LoomTesting
import Testing

@testable import LoomLLM

@Suite(.serialized) struct ToolTests {
    @Test func toolLoopExecutesAndSendsResultsNatively() async throws {
        let server = try LoopbackHTTPServer(responses: [
            Srv.streamed(Srv.anthropicToolStream()),
            Srv.streamed(Srv.anthropicTextStream(["It is sunny in Paris."])),
        ])
        defer { server.stop() }
        let calls = Lines()
        let result = try await ToolLoop.run(
            client: client([settings(.anthropic, server)]), request: ChatRequest(messages: [.user("Weather?")], tools: [weatherTool])
        ) { call in
            calls.add("\(call.name) \(call.arguments)")
            return #"{"sky":"sunny"}"#
        }
        #expect(result.response.text == "It is sunny in Paris.")
        #expect(result.rounds == 2)
        #expect(calls.all == [#"get_weather {"city": "Paris"}"#])
        let second = try JSONValue.parse(server.requests[1].bodyText)
        let msgs = try #require(second["messages"]?.arrayValue)
        #expect(msgs.count == 3)
        #expect(msgs[1]["content"]?.arrayValue?.last?["type"] == "tool_use")
        #expect(msgs[2]["content"]?.arrayValue?.first == .obj([("type", "tool_result"), ("tool_use_id", "toolu_01T1x1fJ34qAmk2tNTrN7Up6"), ("content", #"{"sky":"sunny"}"#)]))
        #expect(result.usage.input == 472 + 25)
    }

    @Test func toolLoopIsBounded() async throws {
        let server = try LoopbackHTTPServer(responses: [Srv.streamed(Srv.sse(Srv.openAIToolChunks()))])
        defer { server.stop() }
        await #expect {
            try await ToolLoop.run(client: client([settings(.openai, server)]), request: ChatRequest(messages: [.user("x")]), maxRounds: 3) { _ in "{}" }
        } throws: { LLMError.from($0)?.code == "llm_tool_loop" }
        #expect(server.requests.count == 3)
    }

    @Test func handlerErrorsGoBackToTheModel() async throws {
        struct Boom: Error {}
        let server = try LoopbackHTTPServer(responses: [.json(Srv.openAIToolJSON()), .json(Srv.openAIJSON(text: "sorry"))])
        defer { server.stop() }
        var req = ChatRequest(messages: [.user("x")])
        req.stream = false
        _ = try await ToolLoop.run(client: client([settings(.openai, server)]), request: req) { _ in throw Boom() }
        let msgs = try #require(try JSONValue.parse(server.requests[1].bodyText)["messages"]?.arrayValue)
        #expect(msgs.last?["role"] == "tool")
        #expect(msgs.last?["content"]?.stringValue?.contains("error") == true)
    }

    @Test func actorToolDefinitions() throws {
        let meta = #"{"name":"Invoice","description":"Parses invoices","aiContext":{"purpose":"Extract totals from invoice PDFs."},"inputSchema":{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}}"#
        let d = ActorTools.definition(actorId: "invoice-parser-1", metadataJSON: meta)
        #expect(d.name == "actor_invoice_parser_1")
        #expect(d.description == "Extract totals from invoice PDFs.")
        #expect(d.parameters["required"] == ["url"])
        let bare = ActorTools.definition(actorId: "a:b.c", actorType: "worker", metadataJSON: "")
        #expect(bare.name == "actor_a_b_c")
        #expect(bare.description.contains("a:b.c") && bare.parameters["type"] == "object")
        let fromDesc = ActorTools.definition(actorId: "x", metadataJSON: #"{"description":"d","inputSchema":{"type":"string"}}"#)
        #expect(fromDesc.description == "d" && fromDesc.parameters["properties"]?["input"]?["type"] == "string")
        #expect(ActorTools.toolName(forActorId: String(repeating: "z", count: 100)).count == 64)
    }

    @Test func registryDispatch() async throws {
        var reg = ToolRegistry()
        reg.register(ClusterTools.ringLookup) { args in "node-\(args["key"]?.stringValue ?? "?")" }
        #expect(reg.definitions.map(\.name) == ["cluster_ring_lookup"])
        #expect(try await reg.handle(ToolCall(id: "1", name: "cluster_ring_lookup", arguments: #"{"key":"a1"}"#)) == "node-a1")
        #expect(try await reg.handle(ToolCall(id: "2", name: "nope", arguments: "{}")).contains("unknown tool"))
        #expect(try await reg.handle(ToolCall(id: "3", name: "cluster_ring_lookup", arguments: "{bad")).contains("not valid JSON"))
        #expect(Set(ClusterTools.all.map(\.name)).count == 5)
    }
}
