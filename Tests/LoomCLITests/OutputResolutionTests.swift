import Foundation
@testable import LoomCLI
import LoomCore
import LoomOutput
import LoomTesting
import Testing

/// `-o` is resolved by one function (`OutputFormat.resolve`) under one rule: flag, then the
/// shell's `set output` (or `loomctl shell -o`), then LOOMCTL_OUTPUT, then table.
@Suite("-o resolved once")
struct OutputResolutionTests {
    @Test func theRuleInOrder() throws {
        let env = ["LOOMCTL_OUTPUT": "yaml"]
        #expect(try OutputFormat.resolve(flag: "json", session: .name, environment: env) == .json)
        #expect(try OutputFormat.resolve(flag: nil, session: .name, environment: env) == .name)
        #expect(try OutputFormat.resolve(flag: nil, session: nil, environment: env) == .yaml)
        #expect(try OutputFormat.resolve(flag: nil, session: nil, environment: ["LOOMCTL_OUTPUT": ""]) == .table)
        #expect(try OutputFormat.resolve(flag: nil, session: nil, environment: [:]) == .table)
    }

    @Test func badValuesAreUsageErrors() {
        #expect(throws: CoreError.self) { try OutputFormat.resolve(flag: "xml", session: nil, environment: [:]) }
        do {
            _ = try OutputFormat.resolve(flag: nil, session: nil, environment: ["LOOMCTL_OUTPUT": "xml"])
            Issue.record("no error")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message == "LOOMCTL_OUTPUT='xml' is not one of table, wide, json, jsonl, yaml, name")
        }
    }

    @Test func theEnvelopeFormatFollowsTheSameRule() {
        let env = ["LOOMCTL_OUTPUT": "yaml"]
        #expect(Entry.requestedFormat(["actors", "list", "-o", "json"], environment: env, session: nil) == .json)
        #expect(Entry.requestedFormat(["actors", "list", "-ojsonl"], environment: env, session: nil) == .jsonl)
        #expect(Entry.requestedFormat(["actors", "list", "--output=name"], environment: env, session: nil) == .name)
        #expect(Entry.requestedFormat(["actors", "list", "--", "-o", "json"], environment: env, session: nil) == .yaml)
        #expect(Entry.requestedFormat(["actors", "list"], environment: [:], session: nil) == .table)
        // An invalid value is an error by the rule, so there is no envelope format at all.
        #expect(Entry.requestedFormat(["actors", "list", "-o", "xml"], environment: env, session: nil) == nil)
        #expect(Entry.requestedFormat(["actors", "list"], environment: ["LOOMCTL_OUTPUT": "xml"], session: nil) == nil)
    }

    static func env() -> [String: String] {
        ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": TestDirs.configHome]
    }

    @Test func oneShotFlagBeatsTheEnvironment() async throws {
        let flag = await runCLI(["config", "view", "-o", "json"], env: ["LOOMCTL_OUTPUT": "yaml"])
        #expect(flag.code == 0)
        #expect(try JSONValue.parse(flag.stdout)["configFile"] != nil)
        let env = await runCLI(["config", "view"], env: ["LOOMCTL_OUTPUT": "json"])
        #expect(env.stdout == flag.stdout)
        let bad = await runCLI(["config", "view"], env: ["LOOMCTL_OUTPUT": "xml"])
        #expect(bad.code == 2)
        #expect(bad.stderr.contains("LOOMCTL_OUTPUT='xml' is not one of"))
    }

    @Test func inTheShellTheLaunchFlagIsTheDefaultAndTheLineWins() async throws {
        let capture = CapturingSink()
        var launch = ShellLaunch()
        launch.flags[.output] = "json"
        let shell = try launch.makeSession(environment: Self.env().merging(["LOOMCTL_OUTPUT": "name"]) { $1 },
            interactive: false, sink: capture.sink)
        #expect(shell.session.outputOverride == .json)
        #expect(await shell.execute("config view") == .status(0))
        let json = capture.stdout
        #expect(try JSONValue.parse(json)["effective"] != nil)
        #expect(await shell.execute("config view -o yaml") == .status(0))
        #expect(capture.stdout.dropFirst(json.count).hasPrefix("configFile: "))
        // `set output default` falls back to the environment, by the same rule.
        #expect(await shell.execute("set output default") == .status(0))
        let before = capture.stdout.count
        #expect(await shell.execute("config view") == .status(0))
        #expect(capture.stdout.dropFirst(before) == "\n")  // -o name of no context: an empty line
    }
}
