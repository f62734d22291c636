import Foundation
import LoomShell
import Testing

@testable import LoomCLI

@Suite("Shell tokenizer, history filter, completion engine")
struct ShellUnitTests {
    @Test func tokenizerSplitsLikeRedisCli() {
        #expect(Tokenizer.split("actors list  --type order") == ["actors", "list", "--type", "order"])
        #expect(Tokenizer.split(#"actors get "a b" 'c d' "x\ty" "\x41""#) == ["actors", "get", "a b", "c d", "x\ty", "A"])
        #expect(Tokenizer.split(#"a 'it\'s'"#) == ["a", "it's"])
        #expect(Tokenizer.split("") == [])
        #expect(Tokenizer.split("   ") == [])
    }

    @Test func tokenizerRejectsBadQuoting() {
        #expect(Tokenizer.split(#"actors get "open"#) == nil)
        #expect(Tokenizer.split("actors get 'open") == nil)
        #expect(Tokenizer.split(#"actors get "a"b"#) == nil)
    }

    @Test func tokenizerForCompletion() {
        #expect(Tokenizer.splitForCompletion("actors li") == (["actors"], "li") as ([String], String) ? true : false)
        let a = Tokenizer.splitForCompletion("actors list ")
        #expect(a.words == ["actors", "list"] && a.current == "")
        let b = Tokenizer.splitForCompletion(#"actors get "order-"#)
        #expect(b.words == ["actors", "get"] && b.current == "order-")
    }

    @Test(arguments: [
        "actors list --redis redis://user:hunter2@10.0.0.1:6379",
        "actors list --redis rediss://:hunter2@redis.internal",
        "actors list --password hunter2",
        "actors list --password=hunter2",
        "LOOMCTL_REDIS_PASSWORD=hunter2 actors list",
        "llm chat --api-key sk-proj-abcdefghijklmnop",
        "llm chat --provider openai sk-abcdefghijklmnopqrstuv",
        "config set-context prod --set-redis redis://default:pw@prod:6379",
        "OPENAI_API_KEY=abc llm chat",
        "llm chat --token Abcdefghijklmnopqrstuvwxyz0123456789",
        "agent run Abcdefghijklmnopqrstuvwxyz0123456789XYZ",
        "AUTH hunter2",
    ])
    func sensitiveLinesStayOutOfHistory(_ line: String) {
        #expect(HistoryFilter.isSensitive(line), "\(line)")
    }

    @Test(arguments: [
        "actors list --type order-processor",
        "actors list --password-file /run/secrets/redis",
        "actors get 123e4567-e89b-12d3-a456-426614174000",
        "actors list --redis redis://127.0.0.1:6379/2",
        "actors list --redis unix:///tmp/redis.sock",
        "use prod",
        "set output json",
        "actors get order-processor-000012",
        "actors list --key-prefix tenant-a:",
    ])
    func ordinaryLinesAreKept(_ line: String) {
        #expect(!HistoryFilter.isSensitive(line), "\(line)")
    }

    @Test func historyFileIsPrivateAndFiltered() throws {
        let dir = TestDirs.fresh()
        let path = History.defaultPath(environment: ["XDG_STATE_HOME": dir])
        #expect(path == dir + "/loomctl/history")
        #expect(History.defaultPath(environment: ["HOME": "/home/op"]) == "/home/op/.local/state/loomctl/history")
        let h = History(path: path)
        #expect(h.append("actors list"))
        #expect(!h.append("actors list --password x"))
        #expect(!h.append("   "))
        #expect(h.load() == ["actors list"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    static let completer = Completer(root: CommandModel.root, live: { kind, prefix, _ in
        switch kind {
        case .actorIds: return ["order-processor-0001", "order-processor-0002", "payment-gateway-0003"].filter { $0.hasPrefix(prefix) }
        case .actorTypes: return ["order-processor", "payment-gateway"].filter { $0.hasPrefix(prefix) }
        case .contexts: return ["prod", "staging"]
        default: return []
        }
    })

    func words(_ line: String) -> [String] {
        let (w, cur) = Tokenizer.splitForCompletion(line)
        guard case .words(let r) = Self.completer.complete(words: w, current: cur) else { return [":files"] }
        return r
    }

    @Test func completesFromTheCommandTree() {
        #expect(words("act") == ["actors"])
        #expect(words("loomctl act") == ["actors"])
        #expect(words("actors li") == ["list"])
        #expect(words("actors list --ty") == ["--type"])
        #expect(words("actors list --output j") == ["json", "jsonl"])
        #expect(words("actors list --output=ya") == ["--output=yaml"])
        #expect(words("actors list -o ") == ["table", "wide", "json", "jsonl", "yaml", "name"])
        #expect(words("--redis x act") == ["actors"])
        #expect(words("actors list --config ") == [":files"])
        // every registered group is offered: the list comes from Loomctl.commandTree
        let top = words("")
        for c in Loomctl.commandTree.map({ $0._commandName }) where !c.hasPrefix("__") { #expect(top.contains(c), "\(c)") }
        #expect(!top.contains("__complete"))
    }

    @Test func completesLiveNames() {
        #expect(words("actors get order") == ["order-processor-0001", "order-processor-0002"])
        #expect(words("actors get order-processor-0001 pay") == ["payment-gateway-0003"])
        #expect(words("actors list --type pay") == ["payment-gateway"])
        #expect(words("actors route --type=or") == ["--type=order-processor"])
        #expect(words("config use-context ") == ["prod", "staging"])
        #expect(words("actors list --context ") == ["prod", "staging"])
    }

    @Test func hintsShowWhatTheCommandStillNeeds() {
        #expect(Self.completer.hint(for: "actors ")?.hasPrefix("list|get|stats") == true)
        #expect(Self.completer.hint(for: "actors route ") == "--type <type> [--strategy <strategy>] [--zone <zone>] [--near <z1,z2>] [--name <name>] [options]")
        #expect(Self.completer.hint(for: "actors get ") == "<ids> ...")
        #expect(Self.completer.hint(for: "actors list --type ")?.hasPrefix("<type>") == true)
        #expect(Self.completer.hint(for: "actors route") == nil)
    }

    @Test func shellRejectsItselfAndBadQuoting() async {
        let s = ShellSession(options: .init(environment: ["XDG_CONFIG_HOME": TestDirs.configHome], interactive: false),
            sink: CapturingSinkBox.shared.sink)
        #expect(await s.execute("shell") == .status(2))
        #expect(await s.execute(#"actors get "x"#) == .status(2))
        #expect(await s.execute("exit 3") == .exit(3))
        #expect(await s.execute("set output json") == .status(0))
        #expect(s.session.outputOverride == .json)
        #expect(await s.execute("set color never") == .status(0))
        #expect(s.session.colorOverride == .never)
        #expect(await s.execute("set output bogus") == .status(2))
        #expect(await s.execute("use nope") == .status(3))
        #expect(s.prompt() == "loomctl (default) 127.0.0.1:6379> ")
    }
}

import LoomTesting

enum CapturingSinkBox {
    static let shared = CapturingSink()
}

@Suite("Completion over a branch of the tree (loomctl __complete)")
struct CompletionBranchTests {
    @Test func branchCompletesLikeTheFullTree() {
        let live: @Sendable (LiveNameKind, String, [String: String]) -> [String] = { kind, prefix, _ in
            kind == .actorIds ? ["order-1", "order-2"].filter { $0.hasPrefix(prefix) } : kind == .contexts ? ["prod"] : []
        }
        for (words, current) in [
            (["actors", "get"], "order"), (["config", "use-context"], ""), (["actors", "list", "--output"], "j"),
            (["actors"], "li"), (["--redis", "x", "actors", "get"], "o"), (["actors", "list"], "--ty"),
        ] {
            let full = Completer(root: CommandModel.root, live: live).complete(words: words, current: current)
            let branch = Completer(root: CommandModel.branch(for: words), live: live).complete(words: words, current: current)
            #expect(full == branch, "\(words) \(current)")
        }
    }
}
