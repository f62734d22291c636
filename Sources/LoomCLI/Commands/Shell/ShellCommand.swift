import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomShell

/// `loomctl shell`: the interactive shell, or a script runner when stdin is not a terminal.
public struct ShellCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Interactive shell on the current context (also runs scripts from stdin).",
        discussion: """
            Every loomctl command runs without the `loomctl` prefix, in-process, over one Redis connection that \
            reconnects after a failure. TAB completes commands, flags and live names; `use CONTEXT`, `set output json` \
            and `set color never` change the session; Ctrl-C cancels the running command; Ctrl-D leaves. History is \
            kept in $XDG_STATE_HOME/loomctl/history, without lines that carry secrets.

            When stdin is not a terminal (`loomctl shell < script`), lines run one by one (blank lines and # comments \
            are skipped) and the shell stops at the first failure with that command's exit code, unless --keep-going \
            is given: then it runs every line and exits with the last failure's code, or 0.
            """)

    @OptionGroup(title: "Global Options") var global: GlobalOptions

    @Flag(name: .long, help: "In script mode, run every line and exit with the last failure's code.")
    var keepGoing = false

    @Flag(name: .long, help: "Read commands from stdin as a script even on a terminal.")
    var script = false

    @Flag(name: .long, help: "Do not read or write the history file.")
    var noHistory = false

    @Flag(name: .long, help: "Do not show argument hints after the cursor.")
    var noHints = false

    public init() {}

    /// Inside the shell, or through `Entry.run` (tests): run a script from the invocation's input.
    public func run() async throws {
        let invocation = Invocation.current
        if invocation.session != nil {
            throw CoreError.usage("already in the shell (type help for its commands, exit to leave)")
        }
        let shell = try makeSession(environment: invocation.environment, interactive: false, sink: invocation.sink,
            readLine: invocation.readLine)
        let code = await shell.run()
        if code != 0 { throw ExitCode(code) }
    }

    var launch: ShellLaunch {
        var launch = ShellLaunch()
        launch.flags = global.flagSettings
        launch.keepGoing = keepGoing
        launch.noHistory = noHistory
        launch.noHints = noHints
        return launch
    }

    func makeSession(environment: [String: String], interactive: Bool, sink: OutputSink?,
        readLine: @escaping @Sendable () -> String? = { Swift.readLine() }) throws -> ShellSession
    {
        try launch.makeSession(environment: environment, interactive: interactive, sink: sink, readLine: readLine)
    }
}

/// How a shell starts: `loomctl shell`'s flags, or the defaults for plain `loomctl` (which
/// skips argument parsing altogether, to reach the prompt sooner).
struct ShellLaunch {
    var flags = FlagSettings()
    var keepGoing = false
    var noHistory = false
    var noHints = false

    func makeSession(environment: [String: String], interactive: Bool, sink: OutputSink?,
        readLine: @escaping @Sendable () -> String? = { Swift.readLine() }) throws -> ShellSession
    {
        var env = environment
        // The shell's own global flags apply to every line, below flags typed on the line: through
        // the lines' environment (a password file is read once, here) or the session.
        for d in SettingsSchema.all where d.handOff == .environment {
            guard let v = flags[d.key], let name = d.environment.first else { continue }
            env[name] = d.kind == .secretFile ? try Settings.readSecretFile(v) : v
        }
        let history = interactive && !noHistory ? History.defaultPath(environment: env) : nil
        let options = ShellSession.Options(keepGoing: keepGoing, environment: env, interactive: interactive,
            historyPath: history, hints: !noHints)
        let shell = ShellSession(options: options, sink: sink, readScriptLine: readLine)
        shell.session.contextOverride = flags[.context]
        shell.session.outputOverride = flags[.output].flatMap(OutputFormat.init(rawValue:))
        shell.session.colorOverride = flags[.color].flatMap(ColorMode.init(rawValue:))
        return shell
    }
}
