import Foundation
import LoomCore
import LoomTesting
import Testing

@testable import LoomCLI

typealias Srv = LLMProviderServers

let llmTestKey = "sk-proj-LLMCLITESTKEY0123456789abcdWXYZ"

/// OpenAI SSE with one tool call (`name`, JSON `arguments`), as OpenAI streams it.
func openAIToolCall(_ name: String, _ arguments: String, id: String = "call_1") -> [UInt8] {
    let head = #"{"id":"chatcmpl-T","object":"chat.completion.chunk","created":1736000000,"model":"gpt-4o-mini","#
    let args = JSONValue.string(arguments).serialized()
    return Srv.sse([
        head + #""choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"\#(id)","type":"function","function":{"name":"\#(name)","arguments":""}}]},"finish_reason":null}]}"#,
        head + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":\#(args)}}]},"finish_reason":null}]}"#,
        head + #""choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        head + #""choices":[],"usage":{"prompt_tokens":40,"completion_tokens":10,"total_tokens":50}}"#,
        "[DONE]",
    ])
}

func textReply(_ pieces: [String]) -> LoopbackHTTPServer.Response {
    Srv.streamed(Srv.sse(Srv.openAITextChunks(pieces)))
}

/// `--base-url` flags for a loopback server.
func compat(_ server: LoopbackHTTPServer, model: String = "gpt-4o-mini") -> [String] {
    ["--base-url", server.baseURL + "/v1", "--model", model]
}

@Suite("llm ask, usage, models", .serialized)
struct LLMAskTests {
    let redis: RedisServer

    init() throws { redis = try RedisServer() }

    @Test func askStreamsTextThenCachesAndRecordsUsage() async throws {
        let server = try LoopbackHTTPServer(responses: [textReply(["Hello", " world"])])
        defer { server.stop() }
        let r = await runCLI(["llm", "ask", "say", "hello"] + compat(server), redis: redis)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "Hello world\n")
        let body = try JSONValue.parse(server.requests[0].bodyText)
        #expect(body["messages"]?.arrayValue?.last?["content"] == "say hello")
        #expect(body["model"] == "gpt-4o-mini")
        #expect(server.requests[0].header("Authorization") == nil)  // no key sent to a compatible server

        let again = await runCLI(["llm", "ask", "say", "hello", "-o", "json"] + compat(server), redis: redis)
        #expect(again.code == 0, "\(again.stderr)")
        let j = try JSONValue.parse(again.stdout)
        #expect(j["cacheHit"] == true)
        #expect(j["text"] == "Hello world")
        #expect(j["costUSD"]?.doubleValue == 0)
        #expect(server.requests.count == 1)

        let usage = await runCLI(["llm", "usage", "-o", "json"], redis: redis)
        #expect(usage.code == 0, "\(usage.stderr)")
        let rows = try #require(try JSONValue.parse(usage.stdout).arrayValue)
        let row = try #require(rows.first { $0["model"] == "gpt-4o-mini" && $0["provider"] == "openai-compatible" })
        #expect(row["requests"] == 1 && row["cacheHits"] == 1)
        #expect(row["inputTokens"] == 12 && row["outputTokens"] == 5)
        #expect((row["costUSD"]?.doubleValue ?? 0) > 0)
        let table = await runCLI(["llm", "usage"], redis: redis)
        #expect(table.stdout.hasPrefix("DAY ") && table.stdout.contains("openai-compatible"))
    }

    @Test func jsonHasEverythingAndNoCacheGoesToTheServer() async throws {
        let server = try LoopbackHTTPServer { _ in textReply(["Fresh"]) }
        defer { server.stop() }
        for _ in 0..<2 {
            let r = await runCLI(["llm", "ask", "json please", "-o", "json", "--no-cache"] + compat(server), redis: redis)
            #expect(r.code == 0, "\(r.stderr)")
            let j = try JSONValue.parse(r.stdout)
            #expect(j["text"] == "Fresh" && j["cacheHit"] == false && j["fallback"] == false)
            #expect(j["provider"] == "openai-compatible" && j["model"] == "gpt-4o-mini")
            #expect(j["usage"]?["inputTokens"] == 12 && j["usage"]?["outputTokens"] == 5 && j["usage"]?["totalTokens"] == 17)
            #expect((j["costUSD"]?.doubleValue ?? 0) > 0)
            #expect(j["latencyMs"]?.intValue != nil && j["finishReason"] == "stop")
            #expect(j["toolCalls"] == [])
        }
        #expect(server.requests.count == 2)
    }

    @Test func everyOutputFormat() async throws {
        let server = try LoopbackHTTPServer { _ in textReply(["Line one.\n", "Line two."]) }
        defer { server.stop() }
        let base = ["llm", "ask", "formats", "--no-redis", "--system", "be terse", "--temperature", "0.2", "--max-tokens", "50"] + compat(server)
        let table = await runCLI(base)
        #expect(table.stdout == "Line one.\nLine two.\n")
        let sent = try JSONValue.parse(server.requests[0].bodyText)
        #expect(sent["messages"]?.arrayValue?.first?["role"] == "system" && sent["temperature"] == 0.2)
        let wide = await runCLI(base + ["-o", "wide"])
        #expect(wide.stdout.hasPrefix("Line one.\nLine two.\n# openai-compatible:gpt-4o-mini · 12 in / 5 out"))
        let name = await runCLI(base + ["-o", "name"])
        #expect(name.stdout == "Line one.\nLine two.\n")
        let yaml = await runCLI(base + ["-o", "yaml"])
        #expect(yaml.stdout.contains("provider: openai-compatible") && yaml.stdout.contains("cacheHit: "))
        let jsonl = await runCLI(base + ["-o", "jsonl"])
        let lines = try jsonLines(jsonl.stdout)
        #expect(lines.first?["type"] == "route")
        #expect(lines.filter { $0["type"] == "text" }.count == 2)
        #expect(lines.contains { $0["type"] == "usage" } && lines.contains { $0["type"] == "finish" })
        #expect(lines.last?["type"] == "result" && lines.last?["text"] == "Line one.\nLine two.")
    }

    /// Issue 15 item 14: a model's text is untrusted; the terminal sees its control characters escaped.
    @Test func modelTextIsTerminalSafeInHumanOutputAndExactInJSON() async throws {
        let evil = "ok\u{1B}]0;pwned\u{07}\u{1B}[2J\rdone\n\tnext"
        let server = try LoopbackHTTPServer { _ in textReply([evil]) }
        defer { server.stop() }
        let base = ["llm", "ask", "hi", "--no-redis"] + compat(server)
        let table = await runCLI(base)
        #expect(table.code == 0, "\(table.stderr)")
        #expect(table.stdout == "ok\\x1b]0;pwned\\x07\\x1b[2J\\rdone\n\tnext\n")
        let json = await runCLI(base + ["-o", "json"])
        #expect(try JSONValue.parse(json.stdout)["text"]?.stringValue == evil)
    }

    @Test func exitCodes() async throws {
        // auth: 1, and the echoed key never reaches stdout/stderr.
        let denied = try LoopbackHTTPServer { _ in Srv.unauthorized(echoing: llmTestKey) }
        defer { denied.stop() }
        let auth = await runCLI(["llm", "ask", "hi", "--provider", "openai", "--no-redis", "-o", "json", "-v"] + compat(denied),
            env: ["OPENAI_API_KEY": llmTestKey])
        #expect(auth.code == 1, "\(auth.stderr)")
        #expect(auth.stderr.contains("\"llm_auth\""))
        #expect(!auth.stderr.contains(llmTestKey) && !auth.stdout.contains(llmTestKey))
        #expect(auth.stderr.contains("Bearer sk-…WXYZ"))  // --verbose trace, header redacted
        #expect(denied.requests.first?.header("Authorization") == "Bearer \(llmTestKey)")
        // no key at all: 1 with a hint
        let nokey = await runCLI(["llm", "ask", "hi", "--provider", "anthropic", "--no-redis"])
        #expect(nokey.code == 1 && nokey.stderr.contains("ANTHROPIC_API_KEY"))

        // unknown model: 3
        let missing = try LoopbackHTTPServer { _ in
            .json(#"{"error":{"message":"The model `nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#, status: 404)
        }
        defer { missing.stop() }
        let unknown = await runCLI(["llm", "ask", "hi", "--no-redis"] + compat(missing, model: "nope"))
        #expect(unknown.code == 3, "\(unknown.stderr)")

        // unreachable: 7
        let port = RedisServer.freePort()
        let down = await runCLI(["llm", "ask", "hi", "--no-redis", "-o", "json", "--base-url", "http://127.0.0.1:\(port)/v1"])
        #expect(down.code == 7, "\(down.stderr)")
        #expect(down.stderr.contains("\"exitCode\":7"))

        // budget: 6 (worst case of a priced model over a tiny budget), nothing sent
        let server = try LoopbackHTTPServer { _ in textReply(["x"]) }
        defer { server.stop() }
        let budget = await runCLI(["llm", "ask", "hi", "--budget-usd", "0.000001", "--no-cache"] + compat(server, model: "gpt-4o"), redis: redis)
        #expect(budget.code == 6, "\(budget.stderr)")
        #expect(budget.stderr.contains("budget"))
        #expect(server.requests.isEmpty)

        // usage errors: 2
        #expect(await runCLI(["llm", "ask", "hi", "--provider", "bogus"]).code == 2)
        #expect(await runCLI(["llm", "ask", "--no-redis"] + compat(server)).code == 2)
        #expect(await runCLI(["llm", "ask", "hi", "--tools", "everything"]).code == 2)
    }

    @Test func interruptedAskExits130() async throws {
        let server = try LoopbackHTTPServer { _ in
            .stream([Srv.sse(Array(Srv.openAITextChunks(["partial "]).prefix(2)))], then: .hang)
        }
        defer { server.stop() }
        // Event-based (issue 9 item 7): cancel once the partial reply has been printed, not after a
        // fixed sleep that a loaded machine may not honour.
        let capture = CapturingSink()
        let inv = Invocation(
            environment: ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": TestDirs.configHome], sink: capture.sink, stdinIsTerminal: false)
        let task = Task { await Entry.run(["llm", "ask", "slow", "--no-redis"] + compat(server), invocation: inv) }
        let end = Date().addingTimeInterval(20)
        while capture.stdout != "partial " && Date() < end { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(capture.stdout == "partial ")
        task.cancel()
        let code = await task.value
        #expect(code == 130, "\(capture.stderr)")
        #expect(capture.stdout == "partial \n")
        // The hang lasts until the 60 s idle timeout: ending at all shows the cancel took effect.
        let closed = Date().addingTimeInterval(20)
        while server.openConnections > 0 && Date() < closed { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(server.openConnections == 0)
    }

    @Test func fallbackIsVisibleInJSON() async throws {
        let primary = try LoopbackHTTPServer { _ in Srv.rateLimited(retryAfter: "120") }
        let backup = try LoopbackHTTPServer { _ in textReply(["from backup"]) }
        defer {
            primary.stop()
            backup.stop()
        }
        let r = await runCLI(["llm", "ask", "hi", "-o", "json", "--no-redis", "--fallback", "openai:gpt-4o-mini"] + compat(primary, model: "llama-fallback-primary"),  // own label: cooldowns are process-wide
            env: ["OPENAI_API_KEY": llmTestKey, "OPENAI_BASE_URL": backup.baseURL + "/v1"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try JSONValue.parse(r.stdout)
        #expect(j["provider"] == "openai" && j["model"] == "gpt-4o-mini" && j["fallback"] == true)
        #expect(j["text"] == "from backup")
        #expect(primary.requests.count == 1, "\(primary.requests.count)")
        #expect(backup.requests.count == 1)
    }

    @Test func settingsFromTheConfigContext() async throws {
        let server = try LoopbackHTTPServer { _ in textReply(["ctx"]) }
        defer { server.stop() }
        let dir = TestDirs.fresh()
        try "sk-ctx-0123456789abcdefKEYF\n".write(toFile: dir + "/key", atomically: true, encoding: .utf8)
        let cfg = dir + "/config.yaml"
        try """
            current-context: dev
            contexts:
            - name: dev
              llm:
                provider: openai
                model: gpt-4.1-mini
                base-url: \(server.baseURL)/v1
                api-key-file: \(dir)/key
            """.write(toFile: cfg, atomically: true, encoding: .utf8)
        chmod(cfg, 0o600)
        let r = await runCLI(["llm", "ask", "hi", "-o", "json", "--no-redis", "--config", cfg])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try JSONValue.parse(r.stdout)["model"] == "gpt-4.1-mini")
        #expect(server.requests.first?.header("Authorization") == "Bearer sk-ctx-0123456789abcdefKEYF")
        // The environment beats the context, the flag beats both.
        let env = await runCLI(["llm", "ask", "hi", "-o", "json", "--no-redis", "--config", cfg], env: ["OPENAI_MODEL": "gpt-4o"])
        #expect(try JSONValue.parse(env.stdout)["model"] == "gpt-4o")
        let flag = await runCLI(["llm", "ask", "hi", "-o", "json", "--no-redis", "--config", cfg, "--model", "o3-mini"], env: ["OPENAI_MODEL": "gpt-4o"])
        #expect(try JSONValue.parse(flag.stdout)["model"] == "o3-mini")
    }

    @Test func modelsListing() async throws {
        let table = await runCLI(["llm", "models"])
        #expect(table.code == 0)
        #expect(table.stdout.hasPrefix("MODEL "))
        #expect(table.stdout.contains("gpt-4o-mini") && table.stdout.contains("claude-sonnet-4") && table.stdout.contains("gemini-2.5-flash"))
        #expect(table.stderr.contains("per 1M tokens"))
        let dir = TestDirs.fresh()
        try #"{"models": {"my-finetune": {"provider": "openai", "input": 1.5, "output": 2.5}}}"#.write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
        let json = try JSONValue.parse(await runCLI(["llm", "models", "-o", "json", "--prices", dir + "/p.json", "--provider", "openai"]).stdout)
        let rows = try #require(json.arrayValue)
        #expect(rows.allSatisfy { $0["provider"] == "openai" })
        let mine = try #require(rows.first { $0["model"] == "my-finetune" })
        #expect(mine["inputUSDPer1M"] == 1.5 && mine["cachedInputUSDPer1M"] == 1.5)
        #expect(rows.contains { $0["model"] == "gpt-4o-mini" && $0["default"] == true })
        let names = await runCLI(["llm", "models", "-o", "name", "--provider", "anthropic"])
        #expect(names.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("claude") })
    }
}

@Suite("llm tools", .serialized)
struct LLMToolTests {
    let redis: RedisServer

    init() throws {
        redis = try RedisServer()
    }

    func register(_ id: String, type: String, metadata: String) async {
        let r = await runCLI(["actors", "register", id, "--type", type, "--worker", "w-1", "--metadata", metadata], redis: redis)
        #expect(r.code == 0, "\(r.stderr)")
    }

    @Test func clusterToolsAnswerFromTheRegistry() async throws {
        await register("payment-gateway-7", type: "payment-gateway", metadata: #"{"name":"Payments"}"#)
        let server = try LoopbackHTTPServer(responses: [
            Srv.streamed(openAIToolCall("cluster_actor_get", #"{"id":"payment-gateway-7"}"#)),
            Srv.streamed(openAIToolCall("cluster_ring_lookup", #"{"key":"payment-gateway-7"}"#, id: "call_2")),
            Srv.streamed(openAIToolCall("cluster_health", "{}", id: "call_3")),
            textReply(["It is registered on w-1."]),
        ])
        defer { server.stop() }
        let r = await runCLI(["llm", "ask", "which node owns payment-gateway-7 and is it healthy?", "--tools", "cluster", "-o", "json", "--no-cache"]
            + compat(server), redis: redis)
        #expect(r.code == 0, "\(r.stderr)")
        let j = try JSONValue.parse(r.stdout)
        #expect(j["text"] == "It is registered on w-1.")
        let calls = try #require(j["toolCalls"]?.arrayValue)
        #expect(calls.count == 3)
        #expect(calls[0]["name"] == "cluster_actor_get" && calls[0]["result"]?["id"] == "payment-gateway-7")
        #expect(calls[0]["result"]?["workerId"] == "w-1")
        // No node membership in this Redis: the ring is inferred from workers, or the tool reports why not.
        let ring = try #require(calls[1]["result"])
        #expect(ring["key"] == "payment-gateway-7" || ring["error"] != nil, "\(ring.serialized())")
        #expect(calls[2]["result"]?["status"]?.stringValue != nil && calls[2]["result"]?["checks"]?.arrayValue != nil)
        #expect(j["modelCalls"] == 4)
        #expect(j["usage"]?["inputTokens"]?.intValue == Int64(40 * 3 + 12))
        let first = try JSONValue.parse(server.requests[0].bodyText)
        let names = (first["tools"]?.arrayValue ?? []).compactMap { $0["function"]?["name"]?.stringValue }
        #expect(Set(names) == ["cluster_actors_list", "cluster_actor_get", "cluster_actor_stats", "cluster_ring_lookup", "cluster_health"])
        let second = try JSONValue.parse(server.requests[1].bodyText)
        #expect(second["messages"]?.arrayValue?.last?["role"] == "tool")
    }

    @Test func actorToolsAreNamedLikeLoomAndNeverWrite() async throws {
        await register("invoice-parser-1", type: "invoice",
            metadata: #"{"aiContext":{"purpose":"Extract totals from invoices."},"inputSchema":{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}}"#)
        let server = try LoopbackHTTPServer(responses: [
            Srv.streamed(openAIToolCall("actor_invoice_parser_1", #"{"url":"https://x/1.pdf"}"#)),
            textReply(["I cannot run it from here."]),
        ])
        defer { server.stop() }
        func clusterKeys() throws -> [String] {
            (try redis.connect().command("KEYS", "*").array?.compactMap(\.string) ?? []).filter { !$0.hasPrefix("loomctl:llm:") }.sorted()
        }
        let before = try clusterKeys()
        let r = await runCLI(["llm", "ask", "parse https://x/1.pdf", "--tools", "actors", "--actor-type", "invoice", "-o", "json", "--no-cache"]
            + compat(server), redis: redis)
        #expect(r.code == 0, "\(r.stderr)")
        let tools = try #require(try JSONValue.parse(server.requests[0].bodyText)["tools"]?.arrayValue)
        #expect(tools.count == 1)
        #expect(tools[0]["function"]?["name"] == "actor_invoice_parser_1")
        #expect(tools[0]["function"]?["description"] == "Extract totals from invoices.")
        #expect(tools[0]["function"]?["parameters"]?["required"] == ["url"])
        let j = try JSONValue.parse(r.stdout)
        let result = try #require(j["toolCalls"]?.arrayValue?.first?["result"])
        #expect(result["invoked"] == false && result["queue"] == "actor-invoice" && result["input"]?["url"] == "https://x/1.pdf")
        // Nothing written but the usage ledger.
        #expect(try clusterKeys() == before)
    }

    @Test func writingInvokersNeedConfirmation() async throws {
        struct Writer: ActorInvoker {
            var writes: Bool { true }
            func invoke(_ actor: LoomKeyspace.ActorRecord, input: JSONValue) async throws -> String { #"{"ok":true}"# }
        }
        let capture = CapturingSink()
        func context(yes: Bool) throws -> CommandContext {
            let g = try GlobalOptions.parse(yes ? ["--yes"] : [])
            return try CommandContext(global: g, invocation: Invocation(environment: ["XDG_CONFIG_HOME": TestDirs.configHome], sink: capture.sink, stdinIsTerminal: false))
        }
        let record = LoomKeyspace.ActorRecord(id: "a-1")
        let refused = try await LLMTools.invoke(record, tool: "actor_a_1", args: .object([]), invoker: Writer(), context: try context(yes: false))
        #expect(refused.contains("did not allow"))
        let allowed = try await LLMTools.invoke(record, tool: "actor_a_1", args: .object([]), invoker: Writer(), context: try context(yes: true))
        #expect(allowed == #"{"ok":true}"#)
    }
}

import LoomKeyspace
