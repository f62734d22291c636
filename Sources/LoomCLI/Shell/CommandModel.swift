import ArgumentParser
import Foundation

/// The command tree as data, read from ArgumentParser's own help model (`_dumpHelp()`), so the
/// shell's completion and hints, the bash/zsh/fish scripts and the man pages all follow
/// whatever commands are registered in `Loomctl.commandTree`, with no hand-kept lists.
struct CommandNode: Sendable {
    var name: String
    /// Names from the root down, the root included (`["loomctl", "actors", "list"]`).
    var path: [String]
    var aliases: [String]
    var abstract: String
    var discussion: String
    var hidden: Bool
    var subcommands: [CommandNode]
    var arguments: [ArgumentModel]

    var isLeaf: Bool { subcommands.isEmpty }
    var visibleSubcommands: [CommandNode] { subcommands.filter { !$0.hidden } }
    var positionals: [ArgumentModel] { arguments.filter { $0.kind == .positional } }
    var options: [ArgumentModel] { arguments.filter { $0.kind != .positional } }
    var commandLine: String { path.joined(separator: " ") }

    func subcommand(named word: String) -> CommandNode? {
        subcommands.first { $0.name == word || $0.aliases.contains(word) }
    }

    func option(named name: String) -> ArgumentModel? {
        options.first { $0.names.contains(name) }
    }

    /// Every node, depth first, the root first.
    var allNodes: [CommandNode] { [self] + subcommands.flatMap(\.allNodes) }

    /// The node at a path of names below this one.
    func node(at names: [String]) -> CommandNode? {
        var n = self
        for name in names {
            guard let s = n.subcommand(named: name) else { return nil }
            n = s
        }
        return n
    }
}

/// What the value of an option or positional argument can be completed with.
enum ValueCompletion: Sendable, Equatable {
    case none
    case choices([String])
    case files
    case directories
    /// A `CompletionKind.custom` callback (live names, `CompletionKinds.swift`): asked through
    /// ArgumentParser's `---completion` entry, in-process.
    case custom
}

/// Names that only the cluster (or the config file) knows.
enum LiveNameKind: String, Sendable, CaseIterable {
    case actorTypes = "actor-types"
    case actorIds = "actor-ids"
    case nodes
    case contexts
    case providers
    case models
}

struct ArgumentModel: Sendable {
    enum Kind: String, Sendable { case positional, option, flag }
    var kind: Kind
    /// Dashed names, preferred first: `["--output", "-o"]`; empty for positionals.
    var names: [String]
    var valueName: String
    var abstract: String
    var discussion: String
    var isOptional: Bool
    var isRepeating: Bool
    var hidden: Bool
    var defaultValue: String?
    var section: String?
    var completion: ValueCompletion

    var takesValue: Bool { kind == .option }
    var preferredName: String { names.first ?? valueName }
    var isGlobal: Bool { section == "Global Options" }

    /// `--type <type>`, `[--apply]`, `<ids> ...`.
    var synopsis: String {
        var s: String
        switch kind {
        case .positional: s = "<\(valueName)>"
        case .option: s = "\(preferredName) <\(valueName)>"
        case .flag: s = preferredName
        }
        if isRepeating { s += " ..." }
        return isOptional ? "[\(s)]" : s
    }
}

enum CommandModel {
    /// The tree of `Loomctl`, built once per process (ArgumentParser's dump takes a few ms).
    static let root: CommandNode = build(Loomctl.self)

    static func build(_ command: any ParsableCommand.Type) -> CommandNode {
        let json = command._dumpHelp()
        guard let info = try? JSONDecoder().decode(DumpedTool.self, from: Data(json.utf8)) else {
            return CommandNode(name: command._commandName, path: [command._commandName], aliases: [], abstract: "", discussion: "",
                hidden: false, subcommands: [], arguments: [])
        }
        var root = node(info.command, parentPath: [])
        // Entry moves global options written before the subcommand to the leaf, so they are
        // valid right after `loomctl` too: offer them there.
        if let leafGlobals = root.allNodes.first(where: { $0.arguments.contains { $0.isGlobal } })?.arguments.filter(\.isGlobal) {
            root.arguments.append(contentsOf: leafGlobals.filter { g in !root.arguments.contains { $0.names == g.names } })
        }
        return root
    }

    /// Just the branch of the tree that a command line goes down: the root, then one node per
    /// subcommand named on the line, with only the last one dumped in full. `loomctl __complete`
    /// uses it so that a TAB in bash/zsh/fish does not pay for dumping every command.
    static func branch(for words: [String]) -> CommandNode {
        var types: [any ParsableCommand.Type] = [Loomctl.self]
        var i = words.first == "loomctl" ? 1 : 0
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("-") {
                let name = String(w.split(separator: "=", maxSplits: 1).first ?? "")
                if GlobalOptions.valueOptions.contains(name), !w.contains("=") { i += 1 }
            } else if let sub = types.last!.configuration.subcommands.first(where: {
                $0._commandName == w || $0.configuration.aliases.contains(w)
            }) {
                types.append(sub)
            } else {
                break
            }
            i += 1
        }
        if types.count == 1 { return root }
        let leafType = types.last!
        var leaf = build(leafType)
        // Dumped on its own, a command gets ArgumentParser's root-only `help` subcommand: drop it.
        if !leafType.configuration.subcommands.contains(where: { $0._commandName == "help" }) {
            leaf.subcommands.removeAll { $0.name == "help" }
        }
        let names = types.map { $0._commandName }
        func repath(_ n: inout CommandNode, parent: [String]) {
            n.path = parent + [n.name]
            for j in n.subcommands.indices { repath(&n.subcommands[j], parent: n.path) }
        }
        repath(&leaf, parent: Array(names.dropLast()))
        let globals = leaf.allNodes.first { $0.arguments.contains { $0.isGlobal } }?.arguments.filter(\.isGlobal) ?? []
        var node = leaf
        for (depth, t) in types.enumerated().dropLast().reversed() {
            node = CommandNode(name: t._commandName, path: Array(names.prefix(depth + 1)), aliases: [], abstract: "", discussion: "",
                hidden: false, subcommands: [node], arguments: depth == 0 ? globals : [])
        }
        return node
    }

    private static func node(_ c: DumpedCommand, parentPath: [String]) -> CommandNode {
        let path = parentPath + [c.commandName]
        var subs = (c.subcommands ?? []).map { node($0, parentPath: path) }
        // ArgumentParser's generated `help` command: keep it visible in completion, but last.
        subs.sort { ($0.name == "help" ? 1 : 0) < ($1.name == "help" ? 1 : 0) }
        let args = (c.arguments ?? []).map(argument)
        return CommandNode(name: c.commandName, path: path, aliases: c.aliases ?? [], abstract: c.abstract ?? "",
            discussion: c.discussion ?? "", hidden: !(c.shouldDisplay ?? true) || c.commandName.hasPrefix("__"),
            subcommands: subs, arguments: args)
    }

    private static func argument(_ a: DumpedArgument) -> ArgumentModel {
        let names: [String] = {
            var all = (a.names ?? []).map { n in n.kind == "short" ? "-\(n.name)" : n.kind == "longWithSingleDash" ? "-\(n.name)" : "--\(n.name)" }
            if let p = a.preferredName {
                let pref = p.kind == "short" || p.kind == "longWithSingleDash" ? "-\(p.name)" : "--\(p.name)"
                all.removeAll { $0 == pref }
                // Long names read better first in completions and man pages.
                all.insert(pref, at: 0)
                all.sort { ($0.hasPrefix("--") ? 0 : 1) < ($1.hasPrefix("--") ? 0 : 1) }
            }
            return all
        }()
        let kind = ArgumentModel.Kind(rawValue: a.kind) ?? .option
        var model = ArgumentModel(kind: kind, names: names, valueName: a.valueName ?? names.first?.trimmingCharacters(in: ["-"]) ?? "value",
            abstract: a.abstract ?? "", discussion: a.discussion ?? "", isOptional: a.isOptional ?? true,
            isRepeating: a.isRepeating ?? false, hidden: !(a.shouldDisplay ?? true), defaultValue: a.defaultValue,
            section: a.sectionTitle, completion: .none)
        model.completion = kind == .flag ? .none : DumpedCompletion.value(a.completionKind, allValues: a.allValues)
        return model
    }

    // Mirrors of the parts of ArgumentParser's ToolInfoV0 JSON that loomctl reads.
    private struct DumpedTool: Decodable { var command: DumpedCommand }
    private struct DumpedCommand: Decodable {
        var commandName: String
        var aliases: [String]?
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [DumpedCommand]?
        var arguments: [DumpedArgument]?
    }
    struct DumpedName: Decodable {
        var kind: String
        var name: String
    }
    struct DumpedArgument: Decodable {
        var kind: String
        var shouldDisplay: Bool?
        var sectionTitle: String?
        var isOptional: Bool?
        var isRepeating: Bool?
        var names: [DumpedName]?
        var preferredName: DumpedName?
        var valueName: String?
        var defaultValue: String?
        var allValues: [String]?
        var completionKind: DumpedCompletion?
        var abstract: String?
        var discussion: String?
    }
    /// `{"list":{"values":[…]}}`, `{"file":{"extensions":[…]}}`, `{"directory":{}}`, `{"custom":{}}`…
    struct DumpedCompletion: Decodable {
        var list: [String]?
        var isFile = false
        var isDirectory = false
        var isCustom = false

        /// The declared completion; ArgumentParser's default for enums is their `allValues`.
        static func value(_ d: DumpedCompletion?, allValues: [String]?) -> ValueCompletion {
            if let list = d?.list, !list.isEmpty { return .choices(list) }
            if d?.isDirectory == true { return .directories }
            if d?.isFile == true { return .files }
            if d?.isCustom == true { return .custom }
            if let allValues, !allValues.isEmpty { return .choices(allValues) }
            return .none
        }
        private struct Values: Decodable { var values: [String]? }
        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            for key in c.allKeys {
                switch key.stringValue {
                case "list": list = (try? c.decode(Values.self, forKey: key))?.values ?? []
                case "file": isFile = true
                case "directory": isDirectory = true
                case "custom", "customAsync", "customDeprecated": isCustom = true
                default: break
                }
            }
        }
    }
}
