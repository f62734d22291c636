import ArgumentParser
import Foundation
import LoomCore
import LoomLLM
import LoomOutput

extension LLM {
    /// `llm chat`: an interactive conversation with streaming replies and slash commands.
    struct Chat: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "chat",
            abstract: "Interactive chat: streaming replies, history, slash commands, tokens and cost.",
            discussion: """
                End a line with \\ to continue it, or enclose several lines in \"\"\" … \"\"\". Ctrl-C cancels the reply \
                in flight (the chat goes on); Ctrl-D leaves. /help lists the commands (/provider, /model, /system, \
                /tokens, /cost, /retry, /save, /load, /clear, /exit). Entered lines go to \
                $XDG_STATE_HOME/loomctl/chat_history (mode 0600); lines that look like secrets are not written.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup(title: "LLM Options") var llm: LLMOptions

        @Option(name: .long, help: ArgumentHelp("Start from a conversation saved with /save.", valueName: "file"), completion: .file())
        var load: String?

        @Option(name: .long, help: ArgumentHelp("History file (default $XDG_STATE_HOME/loomctl/chat_history); 'none' keeps no history.", valueName: "path"), completion: .file())
        var historyFile: String?

        /// Tests drive the chat with scripted lines through this.
        @TaskLocal static var inputOverride: (any ChatInput)?

        func run(in context: CommandContext) async throws {
            let setup = try LLMSetup(llm, context: context)
            let tools = try LLMTools.registry(llm.toolSets, options: llm, context: context)
            let historyPath = historyFile ?? ChatHistory.defaultPath(environment: context.environment)
            let history = historyPath == "none" ? nil : ChatHistory(path: historyPath, secrets: setup.secrets)
            // readline on a terminal; plain lines from pipes, and inside `loomctl shell` (whose editor owns readline).
            let input: any ChatInput = Self.inputOverride
                ?? (context.invocation.stdinIsTerminal && context.invocation.session == nil && context.environment["LOOMCTL_CHAT_PLAIN"] == nil
                    ? LineEditorChatInput()
                    : PlainChatInput(out: context.sink.out, showPrompt: context.invocation.stdinIsTerminal, read: context.invocation.readLine))
            for line in history?.load() ?? [] { input.addHistory(line) }
            let session = ChatSession(setup: setup, tools: tools, options: llm, context: context, input: input, history: history)
            if let load { try session.load(path: load, announce: false) }
            try await session.run()
        }
    }
}
