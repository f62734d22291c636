import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput

/// The process edge: parse, run, classify. Returns the exit code; only `main.swift` exits.
public enum Entry {
    /// Runs one command line (without the program name).
    public static func run(_ arguments: [String], invocation: Invocation = Invocation()) async -> Int32 {
        let args = hoistGlobalOptions(arguments)
        let sink = invocation.sink ?? OutputSink.standard(color: .auto, environment: invocation.environment)
        var inv = invocation
        inv.sink = sink
        return await Invocation.$current.withValue(inv) {
            let format = { requestedFormat(args, environment: inv.environment, session: inv.session) }
            var code: Int32 = 0
            do {
                var command = try await Loomctl.asyncParseAsRoot(args)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                sink.flush()
            } catch {
                sink.abandonOpenDocument()
                let report = ExitStatus.classify(error)
                ExitStatus.emit(report, sink: sink, format: format())
                code = report.code
            }
            // Output that could not be written (ENOSPC, EIO) is lost data, never a success.
            sink.out.flush()
            if let errno = sink.out.takeWriteError() {
                ExitStatus.emit(ExitStatus.outputWriteFailed(errno: errno), sink: sink, format: format())
                if code == 0 { code = 1 }
            }
            return code
        }
    }

    /// The real process: SIGINT cancels the running command (exit 130); a second Ctrl-C exits at once.
    public static func main() async -> Int32 {
        // `loomctl actors list | head` must end quietly (EPIPE is handled by the output stream), not die of SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `loomctl` on a terminal, and `loomctl [global options] shell …`, run the shell.
        if let code = await ShellEntry.runIfShell(arguments) { return code }
        let task = Task { await run(arguments) }
        let interrupts = Interrupts.install { task.cancel() }
        defer { interrupts.cancel() }
        return await task.value
    }

    /// Moves global options written before the subcommand path to its end, so they parse in the leaf.
    static func hoistGlobalOptions(_ args: [String]) -> [String] {
        let (leading, rest) = splitLeadingGlobalOptions(args)
        guard !leading.isEmpty, !rest.isEmpty else { return leading + rest }
        if let dd = rest.firstIndex(of: "--") {
            return Array(rest[..<dd]) + leading + Array(rest[dd...])
        }
        return rest + leading
    }

    /// The global options (with their values) written before anything else, and the rest.
    static func splitLeadingGlobalOptions(_ args: [String]) -> (leading: [String], rest: [String]) {
        var leading: [String] = []
        var rest: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
            if GlobalOptions.valueOptions.contains(name) {
                leading.append(a)
                if !a.contains("="), i + 1 < args.count {
                    leading.append(args[i + 1])
                    i += 1
                }
                i += 1
            } else if GlobalOptions.flagOptions.contains(a) {
                leading.append(a)
                i += 1
            } else {
                rest = Array(args[i...])
                break
            }
        }
        return (leading, rest)
    }

    /// The format for error envelopes, by the one rule (`OutputFormat.resolve`), from the `-o` written
    /// on the line: the line may not have parsed. An invalid value means no envelope.
    static func requestedFormat(_ args: [String], environment: [String: String], session: SessionState?) -> OutputFormat? {
        try? OutputFormat.resolve(flag: outputFlag(in: args), session: session?.outputOverride, environment: environment)
    }

    /// The last `-o`/`--output` value written before `--`, as text.
    static func outputFlag(in args: [String]) -> String? {
        let schema = SettingsSchema[.output]
        var i = 0
        var found: String?
        while i < args.count {
            let a = args[i]
            if a == "--" { break }
            if schema.names.contains(a), i + 1 < args.count {
                found = args[i + 1]
                i += 1
            } else if a.hasPrefix(schema.flag + "=") {
                found = String(a.dropFirst(schema.flag.count + 1))
            } else if let short = schema.short, a.hasPrefix(short), a.count > short.count, !a.hasPrefix("--") {
                found = String(a.dropFirst(short.count))
            }
            i += 1
        }
        return found
    }
}

/// SIGINT ownership: one DispatchSource that calls `onInterrupt`; a second SIGINT exits 130.
public final class Interrupts: @unchecked Sendable {
    private let source: any DispatchSourceSignal
    private var count = 0

    private init(source: any DispatchSourceSignal) { self.source = source }

    public static func install(_ onInterrupt: @escaping @Sendable () -> Void) -> Interrupts {
        signal(SIGINT, SIG_IGN)
        let src = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let me = Interrupts(source: src)
        src.setEventHandler {
            if let takeover = Interrupts.takeover {
                takeover()
                return
            }
            me.count += 1
            if me.count > 1 { _exit(130) }
            onInterrupt()
        }
        src.resume()
        return me
    }

    public func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    private static let takeoverLock = NSLock()
    nonisolated(unsafe) private static var _takeover: (@Sendable () -> Void)?

    /// While set, Ctrl-C calls this instead of cancelling the command (and is not counted towards the
    /// second-Ctrl-C exit): `llm chat` cancels the reply in flight and keeps the conversation.
    public static var takeover: (@Sendable () -> Void)? {
        get { takeoverLock.lock(); defer { takeoverLock.unlock() }; return _takeover }
        set { takeoverLock.lock(); _takeover = newValue; takeoverLock.unlock() }
    }
}
