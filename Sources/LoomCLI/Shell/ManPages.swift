/// man(7) pages generated from the command model: `loomctl.1` plus one page per command group
/// and per command (`loomctl-actors.1`, `loomctl-actors-list.1`). Deterministic (no dates), so
/// the committed pages can be compared with a fresh generation.
enum ManPages {
    static func files(_ root: CommandNode) -> [String: String] {
        var out: [String: String] = [:]
        for node in root.allNodes where !node.hidden && node.name != "help" {
            out[pageName(node) + ".1"] = page(node, root: root)
        }
        return out
    }

    static let header = "Generated from loomctl's command tree by `loomctl __generate completions` (make completions); do not edit."

    static func oneLine(_ s: String) -> String {
        var t = s.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    static func pageName(_ node: CommandNode) -> String { node.path.joined(separator: "-") }

    /// Escapes text for roff: backslashes, leading control characters, hyphens in option names.
    static func esc(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\\", with: "\\e")
        t = t.replacingOccurrences(of: "-", with: "\\-")
        return t.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : String(line)
        }.joined(separator: "\n")
    }

    static func page(_ node: CommandNode, root: CommandNode) -> String {
        let name = pageName(node)
        var s = """
            .\\" \(header)
            .TH \(name.uppercased().replacingOccurrences(of: "-", with: "\\-")) 1 "" "loomctl \(Loomctl.version)" "loomctl manual"
            .SH NAME
            \(esc(name)) \\- \(esc(oneLine(node.abstract.isEmpty ? "loomctl \(node.name)" : node.abstract)))
            .SH SYNOPSIS

            """
        if node.isLeaf {
            s += ".B \(esc(node.commandLine))\n"
            for a in node.positionals + node.options where !a.hidden && !a.isGlobal {
                s += synopsisLine(a) + "\n"
            }
            if node.options.contains(where: \.isGlobal) { s += ".RI [ global\\ options ]\n" }
        } else {
            s += ".B \(esc(node.commandLine))\n.I command\n.RI [ options ]\n"
        }
        s += ".SH DESCRIPTION\n"
        s += paragraphs(node.abstract)
        if !node.discussion.isEmpty { s += ".PP\n" + paragraphs(node.discussion) }
        if node.path.count == 1 {
            s += ".PP\nRun without arguments on a terminal, \\fBloomctl\\fR opens an interactive shell (see \\fBloomctl\\-shell\\fR(1)).\n"
        }
        let subs = node.visibleSubcommands.filter { $0.name != "help" }
        if !subs.isEmpty {
            s += ".SH COMMANDS\n"
            for sub in subs {
                s += ".TP\n.B \(esc(sub.name))\n\(esc(sub.abstract))" + (sub.isLeaf ? "" : " See \\fB\(esc(pageName(sub)))\\fR(1).") + "\n"
            }
        }
        let own = node.arguments.filter { !$0.hidden && !$0.isGlobal }
        let positionals = own.filter { $0.kind == .positional }
        let options = own.filter { $0.kind != .positional }
        if !positionals.isEmpty {
            s += ".SH ARGUMENTS\n"
            for a in positionals { s += item(a) }
        }
        if !options.isEmpty {
            s += ".SH OPTIONS\n"
            for a in options { s += item(a) }
        }
        let globals = node.arguments.filter { !$0.hidden && $0.isGlobal }
        if !globals.isEmpty {
            s += ".SH GLOBAL OPTIONS\nAccepted by every command, before or after the command name.\n"
            for a in globals { s += item(a) }
        }
        if node.path.count == 1 {
            s += Self.rootSections
        } else {
            s += ".SH EXIT STATUS\n0 success, 1 error, 2 usage, 3 not found, 4 unhealthy, 5 plan has changes, 6 conflict, "
                + "7 unreachable, 130 interrupted; see \\fBloomctl\\fR(1).\n"
        }
        var seeAlso: [String] = []
        if node.path.count > 1 { seeAlso.append(node.path.dropLast().joined(separator: "-")) }
        seeAlso += subs.map(pageName)
        if node.path.count == 1 { seeAlso.append("loomctl-shell") }
        let unique = seeAlso.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        s += ".SH SEE ALSO\n" + unique.map { "\\fB\(esc($0))\\fR(1)" }.joined(separator: ",\n") + "\n"
        return s
    }

    static func synopsisLine(_ a: ArgumentModel) -> String {
        let core: String
        switch a.kind {
        case .positional: core = "\\fI\(esc(a.valueName))\\fR"
        case .option: core = "\\fB\(esc(a.preferredName))\\fR \\fI\(esc(a.valueName))\\fR"
        case .flag: core = "\\fB\(esc(a.preferredName))\\fR"
        }
        let rep = a.isRepeating ? " ..." : ""
        return a.isOptional ? "[\(core)\(rep)]" : core + rep
    }

    static func item(_ a: ArgumentModel) -> String {
        var head: String
        switch a.kind {
        case .positional: head = "\\fI\(esc(a.valueName))\\fR"
        case .option: head = a.names.map { "\\fB\(esc($0))\\fR" }.joined(separator: ", ") + " \\fI\(esc(a.valueName))\\fR"
        case .flag: head = a.names.map { "\\fB\(esc($0))\\fR" }.joined(separator: ", ")
        }
        if a.isRepeating { head += " ..." }
        var body = esc(a.abstract.isEmpty ? "(no description)" : a.abstract)
        if case .choices(let c) = a.completion, a.kind != .flag { body += " One of: \(esc(c.joined(separator: ", ")))." }
        if let d = a.defaultValue, a.kind != .flag, !d.isEmpty { body += " Default: \(esc(d))." }
        if !a.discussion.isEmpty { body += "\n" + esc(a.discussion) }
        return ".TP\n\(head)\n\(body)\n"
    }

    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { esc($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.isEmpty }.joined(separator: "\n.PP\n") + "\n"
    }

    static let rootSections = """
        .SH ENVIRONMENT
        .TP
        .B LOOMCTL_REDIS_URL, REDIS_URL
        Redis endpoint (default redis://127.0.0.1:6379).
        .TP
        .B LOOMCTL_REDIS_PASSWORD
        Redis password.
        .TP
        .B LOOMCTL_CONTEXT, LOOMCTL_CONFIG
        Context and config file.
        .TP
        .B LOOMCTL_ACTOR_PREFIX, LOOMCTL_KEY_PREFIX, LOOMCTL_BULL_PREFIX, LOOMCTL_NODE_PREFIX
        Key prefixes.
        .TP
        .B LOOMCTL_OUTPUT, NO_COLOR, LOOMCTL_YES, LOOMCTL_TIMEOUT
        Output format, colour, confirmations and timeouts.
        .TP
        .B XDG_CONFIG_HOME, XDG_STATE_HOME
        Where the config file and the shell history live.
        .SH FILES
        .TP
        .I $XDG_CONFIG_HOME/loomctl/config.yaml
        Contexts (default ~/.config/loomctl/config.yaml).
        .TP
        .I $XDG_STATE_HOME/loomctl/history
        Interactive shell history, mode 0600, without lines that carry secrets (default ~/.local/state/loomctl/history).
        .SH EXIT STATUS
        .TP
        .B 0
        success
        .TP
        .B 1
        other error
        .TP
        .B 2
        usage error
        .TP
        .B 3
        not found
        .TP
        .B 4
        unhealthy
        .TP
        .B 5
        plan has changes (dry run)
        .TP
        .B 6
        conflict
        .TP
        .B 7
        unreachable
        .TP
        .B 130
        interrupted

        """
}
