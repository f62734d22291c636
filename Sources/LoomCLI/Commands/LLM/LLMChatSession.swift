import ArgumentParser
import Foundation
import LoomCore
import LoomLLM
import LoomOutput

/// The conversation and its commands, independent of where lines come from (see `ChatInput`).
final class ChatSession: @unchecked Sendable {
    let setup: LLMSetup
    let tools: ToolRegistry?
    let options: LLMOptions
    let context: CommandContext
    let input: any ChatInput
    let history: ChatHistory?
    var sink: OutputSink { context.sink }

    var system: String?
    /// The conversation without the system prompt.
    var messages: [ChatMessage] = []
    /// Index in `messages` where the last turn began, and its text, for `/retry`.
    var lastTurn: (start: Int, text: String)?
    var turns = 0
    var totalUsage = TokenUsage()
    var totalCostMicroUSD: Int64 = 0
    var lastSummary: String?

    private let lock = NSLock()
    private var inflight: Task<Void, Never>?

    init(setup: LLMSetup, tools: ToolRegistry?, options: LLMOptions, context: CommandContext, input: any ChatInput, history: ChatHistory?) {
        self.setup = setup
        self.tools = tools
        self.options = options
        self.context = context
        self.input = input
        self.history = history
        self.system = options.system
    }

    static let prompt = "chat> "
    static let continuation = "...> "

    func run() async throws {
        sink.printError("Chatting with \(setup.primary.label)\(setup.fallbacks.isEmpty ? "" : " (fallback: \(setup.fallbacks.map(\.label).joined(separator: ", ")))")"
            + "\(tools.map { " with \($0.definitions.count) tools" } ?? ""). /help for commands, Ctrl-D to leave.")
        // Ctrl-C belongs to the chat: it cancels the reply in flight, or clears the prompt.
        Interrupts.takeover = { [weak self] in self?.interrupt() }
        defer { Interrupts.takeover = nil }
        while true {
            if Task.isCancelled { throw LLMError(.cancelled, "interrupted") }
            guard let text = await readInput() else {
                if context.invocation.stdinIsTerminal { sink.out.write("\n") }
                sink.flush()
                return
            }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("/") && !trimmed.hasPrefix("//") {
                if try await command(trimmed) == .exit { return }
                continue
            }
            // `//text` sends a line that starts with a slash.
            await send(trimmed.hasPrefix("//") ? String(text.drop(while: { $0 == " " }).dropFirst()) : text)
        }
    }

    /// Ctrl-C: cancel the reply in flight if there is one, else drop the line at the prompt.
    func interrupt() {
        let task = lock.withLock { inflight }
        if let task {
            task.cancel()
        } else {
            input.interrupt()
        }
    }

    /// One logical input: a line, lines joined by trailing `\`, or a `"""` block.
    func readInput() async -> String? {
        guard let first = await input.readLine(prompt: Self.prompt) else { return nil }
        remember(first)
        if first.trimmingCharacters(in: .whitespaces) == "\"\"\"" {
            var lines: [String] = []
            while let next = await input.readLine(prompt: Self.continuation) {
                remember(next)
                if next.trimmingCharacters(in: .whitespaces) == "\"\"\"" { return lines.joined(separator: "\n") }
                lines.append(next)
            }
            return lines.joined(separator: "\n")
        }
        var text = first
        while text.hasSuffix("\\") {
            text.removeLast()
            guard let next = await input.readLine(prompt: Self.continuation) else { break }
            remember(next)
            text += "\n" + next
        }
        return text
    }

    private func remember(_ line: String) {
        guard !line.isEmpty, !ChatHistory.looksSecret(line, secrets: setup.secrets) else { return }
        input.addHistory(line)
        history?.append(line)
    }

    // MARK: - Turns

    func request(for messages: [ChatMessage]) -> ChatRequest {
        ChatRequest(messages: (system.map { [ChatMessage.system($0)] } ?? []) + messages, temperature: options.temperature,
            maxTokens: options.maxTokens)
    }

    /// Sends `text` as the next user turn, streaming the reply; errors are reported and the chat goes on.
    func send(_ text: String, fresh: Bool = false) async {
        let start = messages.count
        let req = request(for: messages + [.user(text)])
        let meter = TurnMeter(prices: setup.prices)
        let runner = TurnRunner(setup: setup, tools: tools, maxRounds: options.maxToolRounds)
        let client = fresh ? setup.makeClient(noCache: true) : setup.client
        let sink = self.sink
        let verbose = context.verbose
        let box = ResultBox()
        let task = Task {
            let line = LineEnd()
            do {
                let outcome = try await runner.run(
                    req, client: client, meter: meter,
                    onEvent: { e in
                        if case .textDelta(let t) = e, !t.isEmpty {
                            sink.out.write(TerminalText.escapeKeepingLines(t))
                            sink.out.flush()
                            line.last = t.last ?? line.last
                        }
                    },
                    onToolCall: { call in
                        if line.last != "\n" { sink.out.write("\n"); line.last = "\n" }
                        sink.out.flush()
                        sink.printError("→ \(call.name) \(call.arguments)")
                    },
                    onToolResult: { _, result in sink.printError("← \(LLMFormat.preview(result, limit: verbose ? 2000 : 160))") })
                box.outcome = outcome
            } catch let e as LLMError {
                box.error = e
            } catch {
                box.error = LLMError(.cancelled, "\(error)")
            }
            if line.last != "\n" { sink.out.write("\n") }
            sink.out.flush()
        }
        lock.withLock { inflight = task }
        await task.value
        lock.withLock { inflight = nil }

        lastTurn = (start, text)
        if let outcome = box.outcome {
            messages = Array(outcome.messages.drop(while: { $0.role == .system }))
            turns += 1
            totalUsage.input += meter.usage.input
            totalUsage.output += meter.usage.output
            totalUsage.cachedInput += meter.usage.cachedInput
            totalCostMicroUSD += meter.costMicroUSD
            lastSummary = meter.summary
            sink.printError("[\(meter.summary) · session \(LLMFormat.usd(totalCostMicroUSD))]")
        } else if let error = box.error {
            // Usage of a cancelled or failed reply is still counted by the ledger when the provider reported it.
            meter.finish()
            if error.reason == .cancelled {
                sink.printError("[cancelled; /retry sends it again]")
            } else {
                sink.printError("loomctl: \(error.message)" + (ErrorHints.hint(for: error).map { "\n  hint: \($0)" } ?? ""))
                sink.printError("[not added to the conversation; /retry sends it again]")
            }
        }
    }

    /// The last character written, to end a partial line before status output.
    final class LineEnd: @unchecked Sendable { var last: Character = "\n" }

    final class ResultBox: @unchecked Sendable {
        var outcome: TurnRunner.Outcome?
        var error: LLMError?
    }

    // MARK: - Commands

    enum CommandResult { case `continue`, exit }

    static let help = """
        /provider NAME [MODEL]  switch provider (openai, azure-openai, anthropic, gemini, openai-compatible)
        /model NAME             switch model
        /system [TEXT|off]      show, set or remove the system prompt
        /tokens, /cost          tokens and cost so far
        /retry                  send the last message again (fresh, not from the cache)
        /save FILE              save the conversation as JSON
        /load FILE              load a saved conversation
        /clear                  forget the conversation (keeps the system prompt)
        /help                   this list
        /exit, /quit            leave (or Ctrl-D)
        Multi-line: end a line with \\ or wrap lines in \"\"\". Start a message with // to send a leading /.
        """

    func command(_ line: String) async throws -> CommandResult {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "/exit", "/quit", "/q":
            return .exit
        case "/help", "/?":
            sink.print(Self.help)
        case "/provider":
            guard !arg.isEmpty else {
                sink.print("provider: \(setup.primary.provider.rawValue) (model \(setup.primary.model))")
                break
            }
            let words = arg.split(separator: " ").map(String.init)
            guard let kind = ProviderKind(userValue: words[0]) else {
                sink.printError("unknown provider '\(words[0])': one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))")
                break
            }
            switchTarget(kind, words.count > 1 ? words[1] : nil)
        case "/model":
            guard !arg.isEmpty else {
                sink.print("model: \(setup.primary.model) (provider \(setup.primary.provider.rawValue))")
                break
            }
            switchTarget(nil, arg)
        case "/system":
            if arg.isEmpty {
                sink.print(system.map { "system: \($0)" } ?? "no system prompt")
            } else if arg == "off" || arg == "none" {
                system = nil
                sink.print("system prompt removed")
            } else {
                system = arg
                sink.print("system prompt set")
            }
        case "/tokens", "/cost", "/usage":
            sink.print(
                "\(turns) turn\(turns == 1 ? "" : "s") · \(totalUsage.input) input / \(totalUsage.output) output tokens"
                    + (totalUsage.cachedInput > 0 ? " (\(totalUsage.cachedInput) cached)" : "")
                    + " · \(LLMFormat.usd(totalCostMicroUSD)) · \(messages.count) messages in context")
            if let lastSummary { sink.print("last reply: \(lastSummary)") }
        case "/retry":
            guard let last = lastTurn else {
                sink.printError("nothing to retry")
                break
            }
            messages = Array(messages.prefix(last.start))
            await send(last.text, fresh: true)
        case "/clear":
            messages = []
            lastTurn = nil
            sink.print("conversation cleared\(system == nil ? "" : " (system prompt kept)")")
        case "/save":
            guard !arg.isEmpty else {
                sink.printError("usage: /save FILE")
                break
            }
            do {
                try save(path: arg)
                sink.print("saved \(messages.count) messages to \(arg)")
            } catch {
                sink.printError("cannot save to \(arg): \((error as? any LoomError)?.message ?? "\(error)")")
            }
        case "/load":
            guard !arg.isEmpty else {
                sink.printError("usage: /load FILE")
                break
            }
            do { try load(path: arg, announce: true) } catch {
                sink.printError("cannot load \(arg): \((error as? any LoomError)?.message ?? "\(error)")")
            }
        default:
            sink.printError("unknown command \(name); /help lists them (start with // to send a message beginning with /)")
        }
        sink.flush()
        return .continue
    }

    func switchTarget(_ kind: ProviderKind?, _ model: String?) {
        do {
            try setup.switchTarget(provider: kind, model: model)
            sink.print("now using \(setup.primary.label)")
        } catch {
            let e = error as? any LoomError
            sink.printError("cannot switch: \(e?.message ?? "\(error)")" + (e.flatMap { ErrorHints.hint(for: $0) }.map { "\n  hint: \($0)" } ?? ""))
        }
    }

    // MARK: - Save and load

    /// `{"version":1, "provider", "model", "system", "messages":[{role, content, toolCalls?, toolCallId?, toolName?}]}`.
    /// Never keys: only the conversation and which target it was held with.
    func conversationJSON() -> JSONValue {
        .object([
            ("version", 1), ("provider", .string(setup.primary.provider.rawValue)), ("model", .string(setup.primary.model)),
            ("system", JSONValue(system)),
            ("messages", .array(messages.map { m in
                var o: [(String, JSONValue)] = [("role", .string(m.role.rawValue)), ("content", .string(m.content))]
                if !m.toolCalls.isEmpty {
                    o.append(("toolCalls", .array(m.toolCalls.map { .object([("id", .string($0.id)), ("name", .string($0.name)), ("arguments", .string($0.arguments))]) })))
                }
                if let id = m.toolCallId { o.append(("toolCallId", .string(id))) }
                if let n = m.toolName { o.append(("toolName", .string(n))) }
                return .object(o)
            })),
        ])
    }

    func save(path: String) throws {
        let text = conversationJSON().prettyPrinted() + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CoreError(.other, code: "save_failed", String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw CoreError(.other, code: "save_failed", "short write") }
    }

    func load(path: String, announce: Bool) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CoreError(.notFound, code: "not_found", "cannot read \(path)")
        }
        let j: JSONValue
        do { j = try JSONValue.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw CoreError.usage("\(path) is not a saved conversation (invalid JSON)")
        }
        guard j["version"]?.intValue == 1, let list = j["messages"]?.arrayValue else {
            throw CoreError.usage("\(path) is not a saved conversation (expected version 1 and messages)")
        }
        var loaded: [ChatMessage] = []
        for m in list {
            guard let role = m["role"]?.stringValue.flatMap(ChatRole.init(rawValue:)), role != .system else { continue }
            let calls = (m["toolCalls"]?.arrayValue ?? []).map {
                ToolCall(id: $0["id"]?.stringValue ?? "", name: $0["name"]?.stringValue ?? "", arguments: $0["arguments"]?.stringValue ?? "")
            }
            loaded.append(ChatMessage(role: role, content: m["content"]?.stringValue ?? "", toolCalls: calls,
                toolCallId: m["toolCallId"]?.stringValue, toolName: m["toolName"]?.stringValue))
        }
        messages = loaded
        if let s = j["system"]?.stringValue { system = s } else if j["system"] != nil { system = nil }
        lastTurn = nil
        if announce {
            let was = [j["provider"]?.stringValue, j["model"]?.stringValue].compactMap { $0 }.joined(separator: ":")
            sink.print("loaded \(loaded.count) messages\(was.isEmpty ? "" : " (saved with \(was))"); continuing with \(setup.primary.label)")
        }
    }
}
