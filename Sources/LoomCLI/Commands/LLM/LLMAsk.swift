import ArgumentParser
import Foundation
import LoomCore
import LoomLLM
import LoomOutput

extension LLM {
    /// `llm ask PROMPT`: one question, the answer streamed to stdout; stdin (when piped) is appended.
    struct Ask: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "ask",
            abstract: "Ask one question; the answer streams to stdout (piped stdin is added to the prompt).",
            discussion: """
                Examples:
                  loomctl llm ask "what is a fencing token?"
                  git diff | loomctl llm ask "review this" --model gpt-4o
                  loomctl llm ask --tools cluster "which actors of type payment-gateway are stale?"
                  loomctl llm ask -o json "hi"    # text, tool calls, usage, cost, provider, model, latency, cacheHit
                Output: table (default) streams the text; wide adds a summary line; json/yaml print one document; \
                jsonl streams one event per line and ends with the document. The summary goes to stderr on a terminal.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup(title: "LLM Options") var llm: LLMOptions

        @Argument(help: "The prompt (words are joined with spaces).")
        var prompt: [String] = []

        func run(in context: CommandContext) async throws {
            var text = prompt.joined(separator: " ")
            if !context.invocation.stdinIsTerminal, let piped = Self.readStdin(context.invocation), !piped.isEmpty {
                text = text.isEmpty ? piped : text + "\n\n" + piped
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CoreError.usage("nothing to ask: give a prompt or pipe text on stdin", hint: "loomctl llm ask \"your question\"")
            }
            let setup = try LLMSetup(llm, context: context)
            let tools = try LLMTools.registry(llm.toolSets, options: llm, context: context)
            var messages: [ChatMessage] = []
            if let s = llm.system { messages.append(.system(s)) }
            messages.append(.user(text))
            let request = ChatRequest(messages: messages, temperature: llm.temperature, maxTokens: llm.maxTokens)
            let meter = TurnMeter(prices: setup.prices)
            let runner = TurnRunner(setup: setup, tools: tools, maxRounds: llm.maxToolRounds)
            let sink = context.sink
            let streaming = context.printer.isTable || context.format == .name
            let jsonl = context.format == .jsonl
            let state = AskOutput()

            // The turn runs in its own task so that a dead stdout can stop it: once a write fails
            // (EPIPE: the reader left; ENOSPC/EIO: output is being lost) there is no point paying for
            // more tokens. Ctrl-C cancels this command's task, which cancels the turn.
            let turn = Task { () async throws -> TurnRunner.Outcome in
                /// Called after each write: stops the turn when stdout can take no more.
                @Sendable func checkOutput() {
                    guard sink.out.isClosed, !state.outputGone else { return }
                    state.outputGone = true
                    withUnsafeCurrentTask { $0?.cancel() }
                }
                return try await runner.run(
                    request, client: setup.client, meter: meter,
                    onEvent: { e in
                        if jsonl, let line = Self.eventJSON(e) {
                            sink.out.write(line.serialized() + "\n")
                            sink.out.flush()
                            checkOutput()
                        }
                        guard streaming, case .textDelta(let t) = e, !t.isEmpty else { return }
                        // A model's text is untrusted: escape control characters, keep its lines and tabs.
                        sink.out.write(TerminalText.escapeKeepingLines(t))
                        sink.out.flush()
                        state.lastChar = t.last ?? state.lastChar
                        state.printed = true
                        checkOutput()
                    },
                    onToolCall: { call in
                        if jsonl {
                            sink.out.write(JSONValue.object([("type", "toolCall"), ("id", .string(call.id)), ("name", .string(call.name)),
                                ("arguments", LLMFormat.jsonArguments(call.arguments))]).serialized() + "\n")
                            sink.out.flush()
                        } else {
                            sink.printError("→ \(call.name) \(call.arguments)")
                        }
                    },
                    onToolResult: { call, result in
                        if jsonl {
                            sink.out.write(JSONValue.object([("type", "toolResult"), ("id", .string(call.id)), ("name", .string(call.name)),
                                ("result", LLMFormat.jsonArguments(result))]).serialized() + "\n")
                            sink.out.flush()
                        } else if context.verbose || sink.errIsTerminal {
                            sink.printError("← \(LLMFormat.preview(result))")
                        }
                    })
            }
            let outcome: TurnRunner.Outcome
            do {
                outcome = try await withTaskCancellationHandler { try await turn.value } onCancel: { turn.cancel() }
            } catch {
                if state.outputGone {
                    // stdout failed: the CLI edge reports a write error as exit 1; a reader that left
                    // (EPIPE) is a normal end.
                    return
                }
                if streaming && state.printed && state.lastChar != "\n" { sink.out.write("\n") }
                sink.out.flush()
                throw error
            }
            if state.outputGone { return }
            let printed = state.printed
            let lastChar = state.lastChar
            let json = TurnRunner.json(response: outcome.response, meter: meter, primary: setup.primary)
            switch context.format {
            case .table, .wide, .name:
                if printed && lastChar != "\n" { sink.out.write("\n") }
                if context.printer.isWide { sink.out.write("# " + meter.summary + "\n") }
                sink.out.flush()
                if context.format == .table && (sink.errIsTerminal || context.verbose) { sink.printError("[\(meter.summary)]") }
            case .json, .yaml:
                context.printer.object(json)
            case .jsonl:
                sink.out.write(json.setting("type", "result").serialized() + "\n")
                sink.out.flush()
            }
        }

        /// What the streamed output looked like, shared with the turn's task.
        final class AskOutput: @unchecked Sendable {
            var lastChar: Character = "\n"
            var printed = false
            /// stdout failed (or its reader left) mid-reply; the turn was stopped.
            var outputGone = false
        }

        /// jsonl events: route, text deltas, usage, finish (tool calls are reported whole by the tool hooks).
        static func eventJSON(_ e: LLMEvent) -> JSONValue? {
            switch e {
            case let .route(p, m, cached):
                return .object([("type", "route"), ("provider", .string(p)), ("model", .string(m)), ("cached", .bool(cached))])
            case .textDelta(let t):
                return .object([("type", "text"), ("delta", .string(t))])
            case let .usage(i, o, c):
                return .object([("type", "usage"), ("inputTokens", .int(Int64(i))), ("outputTokens", .int(Int64(o))), ("cachedInputTokens", .int(Int64(c)))])
            case .finish(let f):
                return .object([("type", "finish"), ("reason", .string(f.kind.rawValue))])
            default:
                return nil
            }
        }

        /// All of stdin (up to 8 MiB), through the invocation so tests can inject it.
        static func readStdin(_ inv: Invocation) -> String? {
            var lines: [String] = []
            var size = 0
            while let line = inv.readLine() {
                lines.append(line)
                size += line.utf8.count + 1
                if size > 8 << 20 { break }
            }
            return lines.isEmpty ? nil : lines.joined(separator: "\n")
        }
    }
}
