import Foundation
import LoomCore
import LoomTesting
import Testing

@testable import LoomCLI

/// A reply that names the model and the number of messages it saw, so the test can follow the conversation.
func echoServer() throws -> LoopbackHTTPServer {
    try LoopbackHTTPServer { req in
        let body = (try? JSONValue.parse(req.bodyText)) ?? .null
        let msgs = body["messages"]?.arrayValue ?? []
        let last = msgs.last?["content"]?.stringValue ?? ""
        if last.contains("slow") {
            return .stream([Srv.sse(Array(Srv.openAITextChunks(["thinking "]).prefix(2)))], then: .hang)
        }
        let model = body["model"]?.stringValue ?? "?"
        return textReply(["[\(model)] ", "saw \(msgs.count) messages"])
    }
}

@Suite("llm chat", .serialized)
struct LLMChatTests {
    @Test func scriptedConversation() async throws {
        let server = try echoServer()
        defer { server.stop() }
        let state = TestDirs.fresh()
        let saved = state + "/conv.json"
        let input = ScriptedChatInput([
            "hello",
            "/tokens",
            "/model gpt-4.1-mini",
            "second \\",
            "line",
            "\"\"\"",
            "block one",
            "block two",
            "\"\"\"",
            "/retry",
            "/system be brief",
            "/save \(saved)",
            "/clear",
            "after clear",
            "/load \(saved)",
            "my key is \(llmTestKey)",
            "/provider anthropic",
            "/bogus",
            "/help",
            "/exit",
            "never sent",
        ])
        let r = await LLM.Chat.$inputOverride.withValue(input) {
            await runCLI(["llm", "chat", "--no-redis"] + compat(server), env: ["XDG_STATE_HOME": state, "OPENAI_API_KEY": llmTestKey])
        }
        #expect(r.code == 0, "\(r.stderr)")
        let bodies = try server.requests.map { try JSONValue.parse($0.bodyText) }
        func contents(_ i: Int) -> [String] { bodies[i]["messages"]?.arrayValue?.compactMap { $0["content"]?.stringValue } ?? [] }
        // hello; continued line; block; retry of the block (fresh, not cached); after clear; key line (sent, not in history)
        #expect(bodies.count == 6)
        #expect(r.stdout.contains("[gpt-4o-mini] saw 1 messages"))
        #expect(r.stdout.contains("1 turn · 12 input / 5 output tokens"))
        #expect(bodies[1]["model"] == "gpt-4.1-mini")
        #expect(contents(1).last == "second \nline")
        #expect(contents(2).last == "block one\nblock two")
        #expect(contents(3) == contents(2))  // /retry resends the same conversation
        #expect(bodies[4]["messages"]?.arrayValue?.first?["role"] == "system")
        #expect(contents(4) == ["be brief", "after clear"])
        #expect(contents(5).count == 1 + 6 + 1)  // system + 3 saved turns + the new line
        #expect(r.stderr.contains("cannot switch") && r.stderr.contains("ANTHROPIC_API_KEY"))
        #expect(r.stderr.contains("unknown command /bogus"))
        #expect(r.stdout.contains("/retry"))
        #expect(!bodies.contains { $0.serialized().contains("never sent") })
        // Saved conversation: JSON, no key.
        let conv = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(try JSONValue.parse(conv)["messages"]?.arrayValue?.count == 6)
        #expect(!conv.contains(llmTestKey))
        // History: 0600, entered lines, never the key.
        let path = state + "/loomctl/chat_history"
        let history = try String(contentsOfFile: path, encoding: .utf8)
        #expect(history.contains("hello\n") && history.contains("/model gpt-4.1-mini\n"))
        #expect(!history.contains(llmTestKey) && !history.contains("my key is"))
        #expect(!r.stdout.contains(llmTestKey) && !r.stderr.contains(llmTestKey))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!input.history.contains { $0.contains(llmTestKey) })
    }

    @Test func historyFilter() {
        #expect(ChatHistory.looksSecret("export OPENAI_API_KEY=abc", secrets: []))
        #expect(ChatHistory.looksSecret("use sk-ant-api03-abcdefghijklmnopqrstuv", secrets: []))
        #expect(ChatHistory.looksSecret("k AIzaSyA1234567890abcdefghijkl", secrets: []))
        #expect(ChatHistory.looksSecret("mine: hunter2hunter2", secrets: ["hunter2hunter2"]))
        #expect(!ChatHistory.looksSecret("which node owns actor payment-gateway-7?", secrets: []))
        #expect(!ChatHistory.looksSecret("how many tokens did that use", secrets: []))
    }

    /// Issue 15 item 6: `connect with redis://:hunter2@…` was kept. Credentials are found by structure
    /// (userinfo with or without a well-formed scheme, `token=`-style values), not by the word "password".
    @Test(arguments: [
        "connect with redis://:hunter2@10.0.0.5:6379",
        "connect with redis://default:hunter2@cache.internal:6379/0",
        "why does redis//:hunter2@cache fail?",
        "try :hunter2@cache:6379 instead",
        "the endpoint (https://bob:s3cr3tpass@api.example.com/v1) answers 401",
        "is https://api.example.com/v1/chat?token=abc123xyz right?",
        "curl -H 'Authorization: Bearer abc.def.ghi'",
        "set LOOMCTL_REDIS_PASSWORD=hunter2 and rerun",
    ])
    func credentialsByStructureStayOutOfChatHistory(_ line: String) throws {
        #expect(ChatHistory.looksSecret(line, secrets: []), "\(line)")
        let path = TestDirs.fresh() + "/loomctl/chat_history"
        let h = ChatHistory(path: path, secrets: [])
        #expect(!h.append(line))
        #expect(h.load().isEmpty)
    }

    @Test(arguments: [
        "email bob@example.com about the 10 replicas",
        "see https://example.com/docs/llm?section=timeouts",
        "what does redis://cache.internal:6379/2 hold?",
        "explain actor order-processor-000012",
    ])
    func ordinaryChatLinesAreKept(_ line: String) {
        #expect(!ChatHistory.looksSecret(line, secrets: []), "\(line)")
    }

    @Test func aChatSessionNeverWritesTheRedisPassword() async throws {
        let server = try echoServer()
        defer { server.stop() }
        let state = TestDirs.fresh()
        let input = ScriptedChatInput(["hello", "connect with redis://:hunter2@10.0.0.5:6379", "and then?", "/exit"])
        let r = await LLM.Chat.$inputOverride.withValue(input) {
            await runCLI(["llm", "chat", "--no-redis"] + compat(server, model: "history-model"), env: ["XDG_STATE_HOME": state])
        }
        #expect(r.code == 0, "\(r.stderr)")
        #expect(server.requests.count == 3)  // the line is still sent: only the history leaves it out
        let history = try String(contentsOfFile: state + "/loomctl/chat_history", encoding: .utf8)
        #expect(history == "hello\nand then?\n/exit\n")
        #expect(!input.history.contains { $0.contains("hunter2") })
    }
}

// MARK: - The real binary: piped stdin, and the chat in a pseudo-terminal

/// The debug binary and pexpect come from `ShellBinary` (ShellProcessTests.swift); this adds the llm tests' environment.
enum LLMBinary {
    static var loomctl: String { ShellBinary.loomctl }
    static var available: Bool { ShellBinary.available }
    static var python: String? { ShellBinary.pythonWithPexpect }

    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
            "XDG_CONFIG_HOME": TestDirs.configHome, "XDG_STATE_HOME": TestDirs.fresh(), "TERM": "xterm",
        ]
        env.merge(extra) { $1 }
        return env
    }
}

@Suite("llm in a real process", .serialized)
struct LLMProcessTests {
    @Test(.enabled(if: LLMBinary.available)) func askWithPipedStdin() throws {
        let server = try LoopbackHTTPServer { _ in textReply(["Looks ", "fine."]) }
        defer { server.stop() }
        let diff = "diff --git a/x b/x\n+added line\n"
        let r = runProcess([LLMBinary.loomctl, "llm", "ask", "review this", "--no-redis"] + compat(server), stdin: diff,
            env: LLMBinary.environment())
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "Looks fine.\n")
        let content = try JSONValue.parse(server.requests[0].bodyText)["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(content.hasPrefix("review this\n\n") && content.contains("+added line"))
        // Only stdin, no prompt argument.
        let only = runProcess([LLMBinary.loomctl, "llm", "ask", "--no-redis", "-o", "json"] + compat(server), stdin: "just stdin\n",
            env: LLMBinary.environment())
        #expect(only.code == 0, "\(only.stderr)")
        #expect(try JSONValue.parse(server.requests[1].bodyText)["messages"]?.arrayValue?.last?["content"] == "just stdin")
    }

    @Test(.enabled(if: LLMBinary.available && LLMBinary.python != nil)) func chatInAPseudoTerminal() throws {
        let server = try echoServer()
        defer { server.stop() }
        let env = LLMBinary.environment(["OPENAI_API_KEY": llmTestKey])
        let state = env["XDG_STATE_HOME"]!
        let r = runProcess(
            [LLMBinary.python!, "-c", Self.script, LLMBinary.loomctl, server.baseURL + "/v1", llmTestKey], env: env, timeout: 60)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("OK"))
        let history = (try? String(contentsOfFile: state + "/loomctl/chat_history", encoding: .utf8)) ?? ""
        #expect(history.contains("hello there"))
        #expect(!history.contains(llmTestKey))
    }

    /// argv: loomctl, base URL, key. Ctrl-C during a reply cancels it and the chat goes on; Ctrl-D leaves with 0.
    static let script = #"""
        import os, sys, time
        import pexpect
        binary, base, key = sys.argv[1], sys.argv[2], sys.argv[3]
        p = pexpect.spawn(binary, ["llm", "chat", "--no-redis", "--base-url", base, "--model", "gpt-4o-mini", "-v"],
                          env=dict(os.environ), encoding="utf-8", timeout=30, dimensions=(40, 160))
        p.logfile_read = sys.stderr
        PROMPT = "chat> "
        p.expect("Chatting with openai-compatible:gpt-4o-mini"); p.expect(PROMPT)
        p.sendline("hello there"); p.expect(r"\[gpt-4o-mini\] saw 1 messages"); p.expect(PROMPT)
        # Ctrl-C while the reply streams: cancelled, back at the prompt, the chat still works.
        p.sendline("please be slow"); p.expect("thinking")
        # The server hangs until the 60 s idle timeout, so any bound far below that proves the cancel;
        # 15 s leaves room for a loaded machine (issue 9 item 7: assert on events, not tight clocks).
        t = time.monotonic(); p.sendcontrol("c"); p.expect(r"\[cancelled", timeout=20); p.expect(PROMPT)
        if time.monotonic() - t > 15: print("cancel took too long"); sys.exit(1)
        p.sendline("/tokens"); p.expect("1 turn"); p.expect(PROMPT)
        # Ctrl-C at the prompt drops the line.
        p.send("half a line"); p.expect("half a line"); p.sendcontrol("c"); p.expect(PROMPT)
        p.sendline("after ctrl-c"); p.expect(r"saw 3 messages"); p.expect(PROMPT)
        p.sendline("my key " + key); p.expect("saw 5 messages"); p.expect(PROMPT)
        p.sendcontrol("d"); p.expect(pexpect.EOF); p.close()
        if p.exitstatus != 0: print("exit", p.exitstatus, p.signalstatus); sys.exit(1)
        print("OK")
        """#
}
