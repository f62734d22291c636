import Foundation
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// The interactive shell driven through a real pseudo-terminal (pexpect): completion, hints,
/// Ctrl-C at the prompt and during `actors watch`, reconnection after a Redis restart, history
/// without secrets, Ctrl-D.
@Suite("Interactive shell in a pseudo-terminal", .serialized)
struct ShellPtyTests {
    static var runnable: Bool { ShellBinary.available && ShellBinary.pythonWithPexpect != nil }

    @Test(.enabled(if: runnable)) func interactiveSession() throws {
        let redis = try RedisServer()
        func seed() throws {
            _ = try Seeder(registry: ActorRegistry(redis: try redis.connect(), keys: Keyspace())).seed(.init(actors: 200, broken: false))
        }
        try seed()
        let markers = TestDirs.fresh()
        var env = baseEnvironment(redis: redis)
        let state = env["XDG_STATE_HOME"]!
        guard let p = SpawnedProcess([ShellBinary.pythonWithPexpect!, "-c", PtyScripts.shell, ShellBinary.loomctl, markers], env: env)
        else { Issue.record("cannot start python3"); return }
        var restarted = false
        let r = p.wait(timeout: 90) {
            if !restarted, FileManager.default.fileExists(atPath: markers + "/restart") {
                restarted = true
                try? redis.restart()
                try? seed()
                FileManager.default.createFile(atPath: markers + "/restarted", contents: Data())
            }
        }
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("OK"))
        #expect(restarted)
        let history = (try? String(contentsOfFile: state + "/loomctl/history", encoding: .utf8)) ?? ""
        #expect(!history.contains("hunter2"))
        #expect(history.contains("actors stats -o json"))
        if let ready = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix("READY_MS") }) { print(ready) }
    }
}

/// `loomctl --redis URL` with no command: the shell on that server on a terminal, a usage error in a script.
@Suite("Global options without a command")
struct BareGlobalOptionsTests {
    @Test(.enabled(if: ShellPtyTests.runnable)) func opensTheShellOnThatServerOnATerminal() throws {
        let redis = try RedisServer(tcp: true)
        var env = baseEnvironment(redis: nil)
        env["LOOMCTL_REDIS_URL"] = "redis://127.0.0.1:1"  // the flag must win over this
        let url = "redis://127.0.0.1:\(redis.port!)"
        guard let p = SpawnedProcess([ShellBinary.pythonWithPexpect!, "-c", PtyScripts.bareFlags, ShellBinary.loomctl, url,
            "127.0.0.1:\(redis.port!)"], env: env)
        else { Issue.record("cannot start python3"); return }
        let r = p.wait(timeout: 60) {}
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("OK"))
    }

    @Test(.enabled(if: ShellBinary.available)) func isAUsageErrorWithoutATerminal() throws {
        let r = runProcess([ShellBinary.loomctl, "--redis", "redis://:hunter2secret@127.0.0.1:1", "--timeout", "1"], env: baseEnvironment(redis: nil))
        #expect(r.code == 2)
        #expect(r.stderr.contains("global options were given but no command"))
        #expect(r.stderr.contains("USAGE"))
        #expect(!r.stderr.contains("hunter2secret"))
        #expect(r.stdout.isEmpty)
    }
}

enum PtyScripts {
    /// argv: loomctl binary, Redis URL, the prompt's expected address.
    static let bareFlags = prelude + #"""
        binary, url, address = sys.argv[1], sys.argv[2], sys.argv[3]
        p = pexpect.spawn(binary, ["--redis", url, "--timeout", "5"], env=dict(os.environ), encoding="utf-8", timeout=15,
                          dimensions=(50, 200))
        p.logfile_read = sys.stderr
        p.expect(r"loomctl \(default\) " + address.replace(".", r"\.") + "> ")
        p.sendline("actors stats -o json"); p.expect('"totalActors": 0')
        p.sendline("exit"); p.expect(pexpect.EOF); p.close()
        if p.exitstatus != 0:
            print("exit status", p.exitstatus); sys.exit(1)
        print("OK")
        """#

    static let prelude = """
        import os, sys, time
        try:
            import pexpect
        except ImportError:
            print("SKIP: no pexpect")
            sys.exit(0)

        """

    /// argv: loomctl binary, marker directory.
    static let shell = prelude + #"""
        binary, markers = sys.argv[1], sys.argv[2]
        env = dict(os.environ)
        PROMPT = r"loomctl \(default\) [^\r\n]*> "
        t0 = time.monotonic()
        p = pexpect.spawn(binary, [], env=env, encoding="utf-8", timeout=8, dimensions=(50, 200))
        p.logfile_read = sys.stderr
        p.expect(PROMPT)
        print("READY_MS %.1f" % ((time.monotonic() - t0) * 1000), flush=True)

        # Subcommand, subcommand, flag and live type completion, then run the completed line.
        p.send("act\t"); time.sleep(0.2)
        p.send("stats -o json\r")
        p.expect('"totalActors"'); p.expect(PROMPT)
        p.send("actors li\t"); time.sleep(0.2)
        p.send("--ty\t"); time.sleep(0.2)
        p.send("pay\t"); time.sleep(0.3)
        p.send("-o name --limit 1\r")
        p.expect(r"payment-gateway-\d+"); p.expect(PROMPT)

        # Live actor ids: two matches, TAB TAB lists them.
        p.send("actors get order-processor-19\t\t")
        p.expect("order-processor-190"); p.expect("order-processor-195")
        # Ctrl-C at the prompt drops the line: the next command runs cleanly.
        p.sendcontrol("c"); p.expect(PROMPT)
        p.sendline("actors get order-processor-195 -o name")
        p.expect("\r\norder-processor-195\r\n"); p.expect(PROMPT)

        # Hint after the cursor, from the command's arguments.
        p.send("actors route "); p.expect("--type <type>")
        p.sendcontrol("c"); p.expect(PROMPT)

        # A failing command prints its error and the shell goes on; the secret stays out of history.
        p.sendline("actors stats --redis redis://u:hunter2@127.0.0.1:1 --timeout 1")
        p.expect("loomctl: "); p.expect(PROMPT)
        p.sendline("actors stats -o json"); p.expect('"totalActors"'); p.expect(PROMPT)

        # Ctrl-C during a watch returns to the prompt.
        p.sendline("actors watch"); time.sleep(0.8)
        p.sendcontrol("c"); p.expect("interrupted"); p.expect(PROMPT, timeout=8)

        # Session settings.
        p.sendline("set output name"); p.expect(PROMPT)
        p.sendline("actors get order-processor-000"); p.expect("\r\norder-processor-000\r\n"); p.expect(PROMPT)
        p.sendline("set output default"); p.expect(PROMPT)

        # Redis restarts under the shell: the next commands reconnect.
        open(os.path.join(markers, "restart"), "w").close()
        deadline = time.monotonic() + 30
        while not os.path.exists(os.path.join(markers, "restarted")):
            if time.monotonic() > deadline:
                print("restart marker never came"); sys.exit(1)
            time.sleep(0.05)
        # Not even the first command after the restart may fail (only a command in flight may be lost).
        p.sendline("actors stats -o json"); p.expect('"totalActors": 200'); p.expect(PROMPT)
        p.sendline("actors stats -o json"); p.expect('"totalActors": 200'); p.expect(PROMPT)

        # Ctrl-D on an empty line leaves with 0.
        p.sendcontrol("d"); p.expect(pexpect.EOF); p.close()
        if p.exitstatus != 0:
            print("exit status", p.exitstatus, p.signalstatus); sys.exit(1)
        hist = os.path.join(env["XDG_STATE_HOME"], "loomctl", "history")
        mode = os.stat(hist).st_mode & 0o777
        if mode != 0o600:
            print("history mode %o" % mode); sys.exit(1)
        print("OK")
        """#

    /// argv: package root, loomctl binary. zsh with compinit and the generated `_loomctl`.
    static let zsh = prelude + #"""
        root, binary = sys.argv[1], sys.argv[2]
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(binary) + ":" + env.get("PATH", "")
        env["ZDOTDIR"] = "/nonexistent"
        z = pexpect.spawn("zsh", ["-f", "-i"], env=env, encoding="utf-8", timeout=10, dimensions=(50, 200))
        z.logfile_read = sys.stderr
        z.sendline("PS1='ZP> '; autoload -U compinit; compinit -u -D; source %s/completions/_loomctl; echo READY" % root)
        z.expect("READY\r\n"); z.expect("ZP> ")
        z.send("loomctl act\t"); time.sleep(0.4)
        z.send("li\t"); time.sleep(0.4)
        z.send("--out\t"); time.sleep(0.4)
        z.send("nam\t"); time.sleep(0.4)
        z.send("--limit 1 --type pay\t"); time.sleep(0.8)
        z.send("\r")
        z.expect(r"payment-gateway-\d+\r\n"); z.expect("ZP> ")
        z.send("loomctl actors get order-processor-19\t"); time.sleep(0.8)
        z.send("\t"); z.expect("order-processor-195")
        z.sendcontrol("u"); time.sleep(0.2)
        z.sendline(" exit"); z.expect(pexpect.EOF)
        print("OK")
        """#
}
