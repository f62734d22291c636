import ArgumentParser
import Foundation
import LoomShell

/// `loomctl __complete [--descriptions] -- WORD...`: the completion engine for shell scripts.
///
/// The words are the command line after `loomctl`, the last one being the word under the cursor
/// (possibly empty). Prints one candidate per line; a first line `:files` asks the calling script
/// for file-name completion. Redis lookups are bounded by `--budget-ms` (and a short connect
/// timeout), so a slow Redis never freezes the terminal.
struct CompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__complete", abstract: "Print completion candidates for a command line (used by the completion scripts).",
        shouldDisplay: false)

    @Option(name: .customLong("budget-ms"), help: "Time budget for live names, in milliseconds.")
    var budgetMilliseconds = 150

    @Flag(name: .customLong("refresh-cache"), help: "Rebuild the actor-id completion cache and exit (started in the background by completion).")
    var refreshCache = false

    @Argument(parsing: .captureForPassthrough, help: "The command line after `loomctl`; the last word is being completed.")
    var words: [String] = []

    init() {}

    func run() async throws {
        var ws = words
        if ws.first == "--" { ws.removeFirst() }
        let current = ws.popLast() ?? ""
        let invocation = Invocation.current
        if refreshCache {
            // Detached, stdio on /dev/null: nothing to report; failures leave the old cache in place.
            let live = LiveNames(session: SessionState(), environment: invocation.environment, cacheRefresh: .none)
            _ = try? live.refreshCacheNow(lineOptions: Completer(live: { _, _, _ in [] }).position(of: ws).lineOptions)
            return
        }
        let sink = invocation.sink ?? .standard(color: .never, environment: invocation.environment)
        // The process exits right after answering: a cache refresh goes to a detached process
        // (a thread when hosted in-process, e.g. by the shell or tests).
        let refresh: LiveNames.CacheRefresh = invocation.session == nil
            ? DetachedProcess.loomctlExecutable().map { .spawn(executable: $0) } ?? .thread : .thread
        let completer = ShellCompleter.make(session: invocation.session ?? SessionState(), environment: invocation.environment,
            budget: .milliseconds(max(10, min(budgetMilliseconds, 2000))), withBuiltins: false,
            root: CommandModel.branch(for: ws), cacheRefresh: refresh)
        switch completer.complete(words: ws, current: current) {
        case .files:
            sink.print(":files")
        case .words(let candidates):
            for c in candidates { sink.print(c) }
        }
        sink.flush()
    }
}

/// `loomctl completion bash|zsh|fish`: prints the completion script (the same text as `completions/`).
struct CompletionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion", abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            bash: source <(loomctl completion bash), or install it as /usr/share/bash-completion/completions/loomctl.
            zsh:  loomctl completion zsh > "${fpath[1]}/_loomctl".
            fish: loomctl completion fish > ~/.config/fish/completions/loomctl.fish.
            `make install` installs all three. Live names (actor ids and types, nodes, contexts) are completed by \
            calling `loomctl __complete`, bounded in time.
            """)

    enum Shell: String, ExpressibleByArgument, CaseIterable { case bash, zsh, fish }

    @Argument(help: "The shell.") var shell: Shell

    init() {}

    func run() async throws {
        let invocation = Invocation.current
        let sink = invocation.sink ?? .standard(color: .never, environment: invocation.environment)
        switch shell {
        case .bash: sink.out.write(CompletionScripts.script(.bash))
        case .zsh: sink.out.write(CompletionScripts.script(.zsh))
        case .fish: sink.out.write(CompletionScripts.script(.fish))
        }
        sink.flush()
    }
}

/// `loomctl __generate completions|man DIR`: writes the committed `completions/` and `man/` files.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__generate", abstract: "Regenerate completions/ or man/ from the command tree (make completions man).",
        shouldDisplay: false)

    enum What: String, ExpressibleByArgument, CaseIterable { case completions, man }

    @Argument(help: "What to generate.") var what: What
    @Argument(help: "Output directory.", completion: .directory) var directory: String

    init() {}

    func run() async throws {
        let files = what == .completions ? CompletionScripts.files() : ManPages.files(CommandModel.root)
        try GeneratedFiles.write(files, to: directory, removingStale: what == .man ? { $0.hasSuffix(".1") } : nil)
    }
}

/// Writes generated files, and removes stale ones that the tree no longer produces.
enum GeneratedFiles {
    static func write(_ files: [String: String], to directory: String, removingStale isOwned: ((String) -> Bool)?) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let isOwned {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where isOwned(name) && files[name] == nil {
                try FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + name
            if (try? String(contentsOfFile: path, encoding: .utf8)) == text { continue }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Names of files in `directory` that differ from, are missing from, or are extra to `files`.
    static func differences(_ files: [String: String], in directory: String, isOwned: (String) -> Bool) -> [String] {
        var out: [String] = []
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            if (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) != text { out.append(name) }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where isOwned(name) && files[name] == nil {
            out.append(name + " (stale)")
        }
        return out.sorted()
    }
}
