import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomShell

/// Decides whether a command line starts the interactive shell.
enum ShellEntry {
    /// Returns an exit code when the arguments asked for the shell, nil to run them as a command.
    ///
    /// `loomctl` alone opens the shell when stdin and stdout are terminals (otherwise it prints
    /// the help, as before); `loomctl [global options] shell [options]` always runs the shell,
    /// interactively on a terminal and line by line from a script otherwise.
    static func runIfShell(_ arguments: [String]) async -> Int32? {
        let environment = ProcessInfo.processInfo.environment
        if arguments.isEmpty {
            guard isatty(0) == 1, isatty(1) == 1 else { return nil }
            return await run(launch: ShellLaunch(), script: false, environment: environment)
        }
        // Global options and nothing else (`loomctl --redis URL`): the shell on that server, as
        // `redis-cli -h host` does; without a terminal, a usage error (a script forgot its command).
        if Entry.splitLeadingGlobalOptions(arguments).rest.isEmpty {
            guard isatty(0) == 1, isatty(1) == 1 else {
                let sink = OutputSink.standard(color: .never, environment: environment)
                sink.printError("loomctl: global options were given but no command (\(Redact.url(arguments.joined(separator: " "))))\n"
                    + Loomctl.helpMessage() + "\n  hint: name a command (loomctl --help lists them), or run it on a terminal to open the shell")
                return 2
            }
            guard let parsed = try? await Loomctl.asyncParseAsRoot(["shell"] + arguments), let command = parsed as? ShellCommand else {
                return nil  // a bad value: Entry.run reports it as usual
            }
            return await run(launch: command.launch, script: false, environment: environment)
        }
        let hoisted = Entry.hoistGlobalOptions(arguments)
        guard hoisted.first == "shell" else { return nil }
        // Help and usage errors go through the normal path (Entry.run prints them).
        guard let parsed = try? await Loomctl.asyncParseAsRoot(hoisted), let command = parsed as? ShellCommand else { return nil }
        return await run(launch: command.launch, script: command.script, environment: environment)
    }

    static func run(launch: ShellLaunch, script: Bool, environment: [String: String]) async -> Int32 {
        let interactive = isatty(0) == 1 && !script
        let shell: ShellSession
        do {
            shell = try launch.makeSession(environment: environment, interactive: interactive, sink: nil)
        } catch {
            let report = ExitStatus.classify(error)
            ExitStatus.emit(report, sink: .standard(color: .auto, environment: environment), format: nil)
            return report.code
        }
        let source = shell.installSignalSource()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return await shell.run()
    }
}
