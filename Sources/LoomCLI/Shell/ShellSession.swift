import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomShell

/// The interactive shell and its script mode: one `SessionState` (one Redis connection per
/// endpoint, reconnecting after failures) shared by every line, each line dispatched into the
/// same command tree through `Entry.run`, as redis-cli's REPL does with its one-shot path.
final class ShellSession: @unchecked Sendable {
    struct Options: Sendable {
        var keepGoing = false
        /// Settings given to `loomctl shell` itself, passed to every line as environment variables
        /// (so a flag typed on a line still wins, as flags beat the environment).
        var environment: [String: String]
        var interactive: Bool
        var historyPath: String?
        var hints = true
    }

    let session = SessionState()
    let options: Options
    let sink: OutputSink
    /// Reads one script line (script mode only).
    let readScriptLine: @Sendable () -> String?
    private let running = Locked<Task<Int32, Never>?>(nil)
    private let editor = Locked<LineEditor?>(nil)
    private let interrupted = Locked(false)

    init(options: Options, sink: OutputSink? = nil, readScriptLine: @escaping @Sendable () -> String? = { Swift.readLine() }) {
        self.options = options
        self.sink = sink ?? OutputSink.standard(color: .auto, environment: options.environment)
        self.readScriptLine = readScriptLine
    }

    // MARK: Running

    /// Runs until `exit`, Ctrl-D or the end of the script; returns the exit code.
    func run() async -> Int32 {
        defer { session.closeAll() }
        return options.interactive ? await repl() : await script()
    }

    /// SIGINT's single owner while the shell runs: cancels the running command, or clears the
    /// prompt's line, or (in a script, between commands) ends the script with 130.
    func installSignalSource() -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let src = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        src.setEventHandler { [self] in self.handleInterrupt() }
        src.resume()
        return src
    }

    func handleInterrupt() {
        // A command that owns Ctrl-C itself (`llm chat`: cancel the reply, keep the chat).
        if let takeover = Interrupts.takeover { return takeover() }
        if let task = running.get {
            task.cancel()
        } else if let editor = editor.get {
            editor.interrupt()
        } else {
            interrupted.set(true)
            if !options.interactive { _exit(130) }
        }
    }

    private func repl() async -> Int32 {
        let liveNames = Locked<LiveNames?>(nil)
        let completer = ShellCompleter.make(session: session, environment: options.environment, onLive: { liveNames.set($0) })
        let lineEditor = LineEditor(hooks: LineEditor.Hooks(
            complete: { text in
                let (words, current) = Tokenizer.splitForCompletion(text)
                return completer.complete(words: words, current: current)
            },
            hint: { line in completer.hint(for: line) }), hints: options.hints)
        editor.set(lineEditor)
        defer { editor.set(nil) }
        // Build the command model off the prompt's critical path (the first TAB or hint needs it),
        // after the prompt is up so it does not compete with start-up.
        Task.detached(priority: .utility) {
            try? await Task.sleep(for: .milliseconds(150))
            _ = CommandModel.root
            // Then the actor-id completion cache: rebuilt on a background thread if missing or stale.
            liveNames.get?.warmCache()
        }
        let history = options.historyPath.map { History(path: $0) }
        if let history { for line in history.load() { lineEditor.addHistory(line) } }
        while true {
            let prompt = self.prompt()
            switch await lineEditor.readLine(prompt: prompt) {
            case .eof:
                return 0
            case .line(let line):
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                if !HistoryFilter.isSensitive(trimmed) {
                    lineEditor.addHistory(trimmed)
                    history?.append(trimmed)
                }
                if case .exit(let code) = await execute(trimmed) { return code }
            }
        }
    }

    private func script() async -> Int32 {
        var lastFailure: Int32 = 0
        while let raw = readScriptLine() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            switch await execute(line) {
            case .exit(let code): return code
            case .status(let code):
                guard code != 0 else { continue }
                if code == 130 || !options.keepGoing { return code }
                lastFailure = code
            }
        }
        return lastFailure
    }

    enum Outcome: Equatable {
        case status(Int32)
        case exit(Int32)
    }

    /// One line: shell builtins first (`exit`, `help`, `use`, `set`, `clear`), then the command tree.
    func execute(_ line: String) async -> Outcome {
        guard var words = Tokenizer.split(line) else {
            sink.printError("loomctl: Invalid argument(s)")
            return .status(2)
        }
        if words.first == "loomctl" { words.removeFirst() }
        guard let first = words.first else { return .status(0) }
        switch first {
        case "exit", "quit":
            return .exit(words.count > 1 ? Int32(words[1]) ?? 2 : 0)
        case "help", "?":
            if words.count == 1 {
                sink.print(Self.helpText)
                sink.flush()
                return .status(0)
            }
            return .status(await runCommand(Array(words.dropFirst()) + ["--help"]))
        case "use":
            return .status(use(Array(words.dropFirst())))
        case "set":
            return .status(set(Array(words.dropFirst())))
        case "clear":
            sink.out.write("\u{1B}[H\u{1B}[2J")
            sink.flush()
            return .status(0)
        case "shell":
            sink.printError("loomctl: already in the shell (type help for its commands, exit to leave)")
            return .status(2)
        default:
            return .status(await runCommand(words))
        }
    }

    /// Runs one command of the tree in-process, as a cancellable task (Ctrl-C cancels it).
    func runCommand(_ words: [String]) async -> Int32 {
        let invocation = Invocation(environment: options.environment, sink: sink, stdinIsTerminal: options.interactive,
            session: session)
        let task = Task { await Entry.run(words, invocation: invocation) }
        running.set(task)
        let code = await task.value
        running.set(nil)
        sink.flush()
        return code
    }

    // MARK: Builtins

    static let helpText = """
        Type any loomctl command without the `loomctl` prefix, e.g. `actors list --type order-processor`.
        TAB completes commands, flags and live names (actor types and ids, nodes, contexts, providers, models).

        Shell commands:
          use [CONTEXT]              switch this session to a context of the config file (no argument: show it)
          set output FORMAT          default output for this session: table, wide, json, jsonl, yaml, name (or default)
          set color WHEN             colour for this session: auto, always, never (or default)
          set                        show the session settings
          help [COMMAND...]          this text, or a command's help
          clear                      clear the screen
          exit [CODE] | quit         leave the shell (Ctrl-D too); Ctrl-C cancels a running command
        """

    private func use(_ args: [String]) -> Int32 {
        guard let name = args.first else {
            sink.print(currentSettings().flatMap(\.contextName) ?? "(no context)")
            sink.flush()
            return 0
        }
        guard args.count == 1 else {
            sink.printError("loomctl: usage: use CONTEXT")
            return 2
        }
        var flags = FlagSettings()
        flags[.context] = name
        do {
            let s = try Settings.resolve(flags: flags, environment: options.environment)
            guard s.context != nil else {
                sink.printError("loomctl: no context named '\(name)' in \(s.configPath)")
                return 3
            }
        } catch {
            let report = ExitStatus.classify(error)
            ExitStatus.emit(report, sink: sink, format: nil)
            return report.code
        }
        session.contextOverride = name
        return 0
    }

    private func set(_ args: [String]) -> Int32 {
        if args.isEmpty {
            let s = currentSettings()
            sink.print("context  \(s?.contextName ?? "(none)")")
            sink.print("redis    \(s.flatMap { try? RedisEndpoint.parse($0.redisURL).display } ?? "?")")
            sink.print("output   \(session.outputOverride?.rawValue ?? "default")")
            sink.print("color    \(session.colorOverride?.rawValue ?? "default")")
            sink.flush()
            return 0
        }
        guard args.count == 2 else {
            sink.printError("loomctl: usage: set output FORMAT | set color WHEN")
            return 2
        }
        let value = args[1]
        switch args[0] {
        case "output", "-o":
            if value == "default" { session.outputOverride = nil; return 0 }
            guard let f = OutputFormat(rawValue: value) else {
                sink.printError("loomctl: unknown output '\(value)' (table, wide, json, jsonl, yaml, name, default)")
                return 2
            }
            session.outputOverride = f
        case "color", "colour":
            if value == "default" { session.colorOverride = nil; return 0 }
            guard let c = ColorMode(rawValue: value) else {
                sink.printError("loomctl: unknown color '\(value)' (auto, always, never, default)")
                return 2
            }
            session.colorOverride = c
        default:
            sink.printError("loomctl: unknown setting '\(args[0])' (output, color)")
            return 2
        }
        return 0
    }

    private func currentSettings() -> Settings? {
        var flags = FlagSettings()
        flags[.context] = session.contextOverride
        return try? Settings.resolve(flags: flags, environment: options.environment, lenient: true)
    }

    /// `loomctl (prod) 127.0.0.1:6379> `: the context (or `default`) and the Redis endpoint. No I/O beyond the config file.
    func prompt() -> String {
        let s = currentSettings()
        let endpoint = s.flatMap { try? RedisEndpoint.parse($0.redisURL) }?.shortDisplay ?? "?"
        return "loomctl (\(s?.contextName ?? "default")) \(endpoint)> "
    }
}

/// The completer the shell and `loomctl __complete` share: the command model, live names and
/// the shell's builtins.
enum ShellCompleter {
    static let builtins = ["use", "set", "help", "clear", "exit", "quit"]

    static func make(session: SessionState, environment: [String: String], budget: Duration = .milliseconds(150),
        withBuiltins: Bool = true, root: CommandNode? = nil, cacheRefresh: LiveNames.CacheRefresh = .thread,
        onLive: ((LiveNames) -> Void)? = nil) -> Completer
    {
        let live = LiveNames(session: session, environment: environment, budget: budget, cacheRefresh: cacheRefresh)
        onLive?(live)
        let base = Completer(root: root, live: { kind, prefix, opts in live.lookup(kind, prefix: prefix, lineOptions: opts) })
        guard withBuiltins else { return base }
        var c = base
        c.builtins = builtins
        c.builtinArguments = { builtin, args, prefix in
            switch (builtin, args.count) {
            case ("use", 0): return live.lookup(.contexts, prefix: prefix)
            case ("set", 0): return ["output", "color"]
            case ("set", 1) where args[0] == "output": return OutputFormat.allCases.map(\.rawValue) + ["default"]
            case ("set", 1) where args[0] == "color": return ColorMode.allCases.map(\.rawValue) + ["default"]
            case ("help", _):
                guard case .words(let w) = base.complete(words: args, current: prefix) else { return [] }
                return w
            default: return []
            }
        }
        return c
    }
}
