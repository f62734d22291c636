import ArgumentParser
import LoomShell

/// Completion and hints over the command model: the same engine serves the shell's TAB key and
/// `loomctl __complete` (which the bash/zsh/fish scripts call for live names).
struct Completer: Sendable {
    /// The command tree; built on first use (not at shell start-up: it costs a few milliseconds).
    var root: CommandNode { fixedRoot ?? CommandModel.root }
    private let fixedRoot: CommandNode?
    /// Looks up live names (actor ids, types, nodes, contexts…) for a prefix; bounded in time.
    let live: @Sendable (LiveNameKind, _ prefix: String, _ lineOptions: [String: String]) -> [String]
    /// Words the shell itself understands (`use`, `set`, `exit`…), completed at the start of a line.
    var builtins: [String] = []
    var builtinArguments: @Sendable (_ builtin: String, _ args: [String], _ prefix: String) -> [String]? = { _, _, _ in nil }

    init(root: CommandNode? = nil, live: @escaping @Sendable (LiveNameKind, String, [String: String]) -> [String]) {
        self.fixedRoot = root
        self.live = live
    }

    /// Where a command line stands: which node, which positional comes next, which option awaits a value.
    struct Position {
        var node: CommandNode
        var positionalIndex = 0
        var pendingOption: ArgumentModel?
        var usedOptions: Set<String> = []
        var afterTerminator = false
        /// `--redis`, `--context`… typed on the line, so live names come from the cluster the command will use.
        var lineOptions: [String: String] = [:]
        /// The words read (after `loomctl`), handed to ArgumentParser's custom-completion callbacks.
        var words: [String] = []
    }

    func position(of words: [String]) -> Position {
        var words = words
        if words.first == "loomctl" { words.removeFirst() }
        var pos = Position(node: root)
        pos.words = words
        var i = 0
        while i < words.count {
            let w = words[i]
            if let pending = pos.pendingOption {
                pos.lineOptions[pending.preferredName] = w
                pos.pendingOption = nil
            } else if w == "--", !pos.afterTerminator {
                pos.afterTerminator = true
            } else if w.hasPrefix("-"), w.count > 1, !pos.afterTerminator {
                let name = String(w.split(separator: "=", maxSplits: 1).first ?? "")
                if let opt = pos.node.option(named: name) ?? root.option(named: name) {
                    pos.usedOptions.insert(opt.preferredName)
                    if opt.takesValue {
                        if w.contains("=") {
                            pos.lineOptions[opt.preferredName] = String(w.split(separator: "=", maxSplits: 1).last ?? "")
                        } else {
                            pos.pendingOption = opt
                        }
                    }
                }
            } else if pos.positionalIndex == 0, let sub = pos.node.subcommand(named: w) {
                pos.node = sub
                pos.usedOptions = []
            } else {
                pos.positionalIndex += 1
            }
            i += 1
        }
        return pos
    }

    /// Candidates for `current` given the complete `words` before it.
    func complete(words: [String], current: String) -> CompletionResult {
        let effective = words.first == "loomctl" ? Array(words.dropFirst()) : words
        if effective.isEmpty, !builtins.isEmpty, !current.hasPrefix("-") {
            let fromTree = complete(words: [], current: current, builtinsAllowed: false)
            guard case .words(let tree) = fromTree else { return fromTree }
            return .words(unique(builtins.filter { $0.hasPrefix(current) } + tree))
        }
        if let first = effective.first, builtins.contains(first),
            let values = builtinArguments(first, Array(effective.dropFirst()), current)
        {
            return .words(values.filter { $0.hasPrefix(current) })
        }
        return complete(words: words, current: current, builtinsAllowed: false)
    }

    private func complete(words: [String], current: String, builtinsAllowed: Bool) -> CompletionResult {
        let pos = position(of: words)
        if let opt = pos.pendingOption {
            return values(for: opt, prefix: current, pos: pos)
        }
        if current.hasPrefix("-"), !pos.afterTerminator {
            if current.hasPrefix("--"), let eq = current.firstIndex(of: "=") {
                let name = String(current[..<eq])
                guard let opt = pos.node.option(named: name) ?? root.option(named: name), opt.takesValue else { return .words([]) }
                let prefix = String(current[current.index(after: eq)...])
                guard case .words(let vs) = values(for: opt, prefix: prefix, pos: pos) else { return .files }
                return .words(vs.map { "\(name)=\($0)" })
            }
            return .words(optionNames(pos).filter { $0.hasPrefix(current) })
        }
        if pos.positionalIndex == 0, !pos.node.isLeaf {
            return .words(pos.node.visibleSubcommands.map(\.name).filter { $0.hasPrefix(current) })
        }
        let positionals = pos.node.positionals
        guard !positionals.isEmpty else { return .words([]) }
        let arg = pos.positionalIndex < positionals.count ? positionals[pos.positionalIndex]
            : positionals.last!.isRepeating ? positionals.last! : nil
        guard let arg else { return .words([]) }
        return values(for: arg, prefix: current, pos: pos)
    }

    private func optionNames(_ pos: Position) -> [String] {
        var out: [String] = []
        for o in pos.node.options where !o.hidden {
            if !o.isRepeating, pos.usedOptions.contains(o.preferredName) { continue }
            // Long names only, unless the option has no long name.
            out.append(o.names.first { $0.hasPrefix("--") } ?? o.preferredName)
        }
        return out
    }

    func values(for arg: ArgumentModel, prefix: String, pos: Position) -> CompletionResult {
        switch arg.completion {
        case .none: return .words([])
        case .choices(let c): return .words(c.filter { $0.hasPrefix(prefix) })
        case .files, .directories: return .files
        case .custom: return .words(custom(arg, prefix: prefix, pos: pos).filter { $0.hasPrefix(prefix) })
        }
    }

    /// Asks ArgumentParser for the argument's custom completion (`loomctl ---completion …`, in-process),
    /// with this completer's `live` lookup behind the `CompletionKinds` callbacks.
    private func custom(_ arg: ArgumentModel, prefix: String, pos: Position) -> [String] {
        let name: String
        if arg.kind == .positional {
            guard let i = pos.node.positionals.firstIndex(where: { $0.valueName == arg.valueName }) else { return [] }
            name = "positional@\(i)"
        } else {
            name = arg.preferredName
        }
        let words = ["loomctl"] + pos.words + [prefix]
        let request = ["---completion"] + pos.node.path.dropFirst() + ["--", name, "\(words.count - 1)", "\(prefix.count)"] + words
        return LiveCompletion.$lookup.withValue(live) {
            do {
                _ = try Loomctl.parseAsRoot(request)
                return []
            } catch {
                guard Loomctl.exitCode(for: error) == .success else { return [] }
                return Loomctl.fullMessage(for: error).split(separator: "\n").map(String.init)
            }
        }
    }

    /// redis-cli style hint: what the command still expects, shown after the cursor.
    func hint(for line: String) -> String? {
        guard line.last == " " || line.last == "\t" else { return nil }
        guard let words = Tokenizer.split(line), !words.isEmpty else { return nil }
        let effective = words.first == "loomctl" ? Array(words.dropFirst()) : words
        guard !effective.isEmpty else { return nil }
        if let first = effective.first, builtins.contains(first) { return nil }
        let pos = position(of: words)
        if let opt = pos.pendingOption {
            return "<\(opt.valueName)>" + (opt.abstract.isEmpty ? "" : "  \(opt.abstract)")
        }
        if !pos.node.isLeaf, pos.positionalIndex == 0 {
            let subs = pos.node.visibleSubcommands.map(\.name).filter { $0 != "help" }
            guard !subs.isEmpty else { return nil }
            return subs.joined(separator: "|")
        }
        var parts: [String] = []
        let positionals = pos.node.positionals
        if pos.positionalIndex < positionals.count {
            parts += positionals[pos.positionalIndex...].map(\.synopsis)
        } else if let last = positionals.last, last.isRepeating {
            parts.append("[<\(last.valueName)> ...]")
        }
        let own = pos.node.options.filter {
            !$0.isGlobal && !$0.hidden && !["--help", "--version"].contains($0.preferredName) && !pos.usedOptions.contains($0.preferredName)
        }
        parts += own.filter { !$0.isOptional }.map(\.synopsis)
        parts += own.filter(\.isOptional).prefix(4).map(\.synopsis)
        if own.filter(\.isOptional).count > 4 { parts.append("[options]") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}
