import Foundation
import LoomTesting
import Testing

@testable import LoomCLI
import LoomKeyspace
import LoomRegistry

@Suite("Generated completions and man pages")
struct CompletionFilesTests {
    /// `make test` fails when completions/ or man/ no longer match the command tree.
    @Test func committedCompletionsAreUpToDate() {
        let diff = GeneratedFiles.differences(CompletionScripts.files(), in: ShellBinary.root + "/completions",
            isOwned: { ["loomctl.bash", "_loomctl", "loomctl.fish"].contains($0) })
        #expect(diff.isEmpty, "completions/ is out of date (\(diff.joined(separator: ", "))): run `make completions man` and commit")
    }

    @Test func committedManPagesAreUpToDate() {
        let diff = GeneratedFiles.differences(ManPages.files(CommandModel.root), in: ShellBinary.root + "/man", isOwned: { $0.hasSuffix(".1") })
        #expect(diff.isEmpty, "man/ is out of date (\(diff.joined(separator: ", "))): run `make completions man` and commit")
    }

    @Test func manPagesCoverEveryCommand() {
        let pages = ManPages.files(CommandModel.root)
        #expect(pages["loomctl.1"] != nil)
        for node in CommandModel.root.allNodes where !node.hidden && node.name != "help" {
            #expect(pages[node.path.joined(separator: "-") + ".1"] != nil, "\(node.commandLine)")
        }
        let list = pages["loomctl-actors-list.1"] ?? ""
        #expect(list.contains(".SH OPTIONS") && list.contains("\\fB\\-\\-type\\fR"))
        #expect(list.contains(".SH GLOBAL OPTIONS"))
    }

    @Test(.enabled(if: ShellBinary.which("man") != nil || ShellBinary.which("groff") != nil))
    func manPagesRender() {
        guard let groff = ShellBinary.which("groff") else { return }
        let r = runProcess([groff, "-man", "-Tutf8", "-ww", ShellBinary.root + "/man/loomctl-actors-list.1"], env: baseEnvironment(redis: nil))
        #expect(r.code == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }
}

/// The generated scripts loaded into real shells.
@Suite("Completion scripts in bash, zsh and fish", .serialized)
struct CompletionShellTests {
    let redis: RedisServer

    init() throws {
        redis = try RedisServer()
        _ = try Seeder(registry: ActorRegistry(redis: try redis.connect(), keys: Keyspace())).seed(.init(actors: 200, broken: false))
    }

    /// COMPREPLY for a command line, as bash's programmable completion computes it.
    func bash(_ words: [String]) -> [String] {
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = """
            source '\(ShellBinary.root)/completions/loomctl.bash'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            _loomctl_main
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let r = runProcess(["/bin/bash", "--norc", "--noprofile", "-c", script], env: baseEnvironment(redis: redis), timeout: 10)
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: ShellBinary.available)) func bashCompletesCommandsFlagsAndValues() {
        let bin = ShellBinary.loomctl
        #expect(bash([bin, "act"]) == ["actors"])
        #expect(bash([bin, "actors", "li"]) == ["list"])
        #expect(bash([bin, "actors", "list", "--ty"]) == ["--type"])
        #expect(bash([bin, "actors", "list", "--output", "j"]) == ["json", "jsonl"])
        #expect(bash([bin, "--context", "x", "actors", "st"]).sorted() == ["stats", "status"])
        #expect(bash([bin, "actors", "list", "--output", "=", "ya"]) == ["yaml"])
        #expect(bash([bin, "completion", ""]) == ["bash", "zsh", "fish"])
    }

    @Test(.enabled(if: ShellBinary.available)) func bashCompletesLiveNamesThroughLoomctl() {
        let bin = ShellBinary.loomctl
        #expect(bash([bin, "actors", "get", "order-processor-00"]) == ["order-processor-000", "order-processor-005"])
        #expect(bash([bin, "actors", "list", "--type", "pay"]) == ["payment-gateway"])
        #expect(bash([bin, "actors", "list", "--type", "=", "inv"]) == ["inventory-sync"])
        // An unreachable Redis yields nothing, quickly.
        let start = Date()
        #expect(bash([bin, "--redis", "redis://10.255.255.1:6379", "actors", "get", "order"]).isEmpty)
        #expect(Date().timeIntervalSince(start) < 3)
    }

    /// Static completions through `complete -C`; fish 3 runs custom completions (`commandline -C`)
    /// only in an interactive shell, so live names are checked in a terminal below.
    @Test(.enabled(if: ShellBinary.available && ShellBinary.which("fish") != nil))
    func fishCompletes() {
        func fish(_ line: String) -> [String] {
            let script = "source '\(ShellBinary.root)/completions/loomctl.fish'; complete -C '\(line)'"
            var env = baseEnvironment(redis: redis)
            env["PATH"] = (ShellBinary.loomctl as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            let r = runProcess([ShellBinary.which("fish")!, "--no-config", "-c", script], env: env, timeout: 10)
            return r.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        }
        #expect(fish("loomctl act") == ["actors"])
        #expect(fish("loomctl actors list --ty") == ["--type"])
        #expect(fish("loomctl actors list --output js").sorted() == ["json", "jsonl"])
        #expect(fish("loomctl actors list --output=ya") == ["--output=yaml"])
    }

    @Test(.enabled(if: ShellBinary.available && ShellBinary.which("fish") != nil && ShellBinary.pythonWithPexpect != nil))
    func fishCompletesLiveNamesInARealTerminal() {
        let r = runProcess([ShellBinary.pythonWithPexpect!, "-c", PtyScripts.fish, ShellBinary.root, ShellBinary.loomctl],
            env: baseEnvironment(redis: redis), timeout: 60)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("OK"))
    }

    @Test(.enabled(if: ShellBinary.available && ShellBinary.which("zsh") != nil && ShellBinary.pythonWithPexpect != nil))
    func zshCompletesInARealTerminal() {
        let r = runProcess([ShellBinary.pythonWithPexpect!, "-c", PtyScripts.zsh, ShellBinary.root, ShellBinary.loomctl],
            env: baseEnvironment(redis: redis), timeout: 60)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
    }
}

extension PtyScripts {
    /// argv: repository root, loomctl binary. fish's pager shows candidates with their common prefix elided (`…cessor-005`).
    static let fish = prelude + #"""
        root, binary = sys.argv[1], sys.argv[2]
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(binary) + ":" + env.get("PATH", "")
        env["XDG_CONFIG_HOME"] = "/nonexistent"
        f = pexpect.spawn("fish", ["--no-config", "-i"], env=env, encoding="utf-8", timeout=10, dimensions=(50, 200))
        f.logfile_read = sys.stderr
        f.sendline("function fish_prompt; echo -n 'FP> '; end; source %s/completions/loomctl.fish; echo READY" % root)
        f.expect("READY"); f.expect("FP> ")
        f.send("loomctl actors get order-processor-00\t")
        f.expect("cessor-000"); f.expect("cessor-005")
        # The first Ctrl-C may only close the pager; the second clears the line.
        f.sendcontrol("c"); time.sleep(0.3); f.sendcontrol("c"); time.sleep(0.3)
        f.send("loomctl actors route --type=pay\t"); time.sleep(1.0)
        # Print the completed line, rewritten so that it cannot match the line as typed.
        f.sendcontrol("a"); f.send("echo "); f.sendcontrol("e"); f.send(" | string replace -a - _\r")
        f.expect(r"loomctl actors route __type=payment_gateway"); f.expect("FP> ")
        f.sendline("exit"); f.expect(pexpect.EOF)
        print("OK")
        """#
}
