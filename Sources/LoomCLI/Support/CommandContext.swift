import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// Everything a command's `run(in:)` needs, resolved once from the global options, the
/// environment, the config file and (in the shell) the session.
public final class CommandContext: @unchecked Sendable {
    public let settings: Settings
    public let sink: OutputSink
    public let environment: [String: String]
    /// `-o`, `--no-headers` and the sink, resolved once: commands print through it.
    public let printer: Printer
    public var format: OutputFormat { printer.format }
    public var noHeaders: Bool { printer.noHeaders }
    public let assumeYes: Bool
    public let verbose: Bool
    public let invocation: Invocation
    private var connection: (any RedisClient)?

    init(global: GlobalOptions, invocation: Invocation, lenient: Bool = false) throws {
        var flags = global.flagSettings
        if flags[.context] == nil { flags[.context] = invocation.session?.contextOverride }
        let env = invocation.environment
        let colorMode = global.color ?? invocation.session?.colorOverride ?? .auto
        let base = invocation.sink ?? OutputSink.standard(color: colorMode, environment: env)
        sink = global.color != nil || invocation.session?.colorOverride != nil
            ? base.with(color: colorMode.enabled(isTerminal: base.outIsTerminal, environment: env)) : base
        let format = try OutputFormat.resolve(flag: global.output?.rawValue, session: invocation.session?.outputOverride,
            environment: env)
        printer = Printer(format: format, sink: sink, noHeaders: global.noHeaders)
        // Warn about a world-readable config before anything can fail on its contents.
        if invocation.session == nil, let w = ConfigStore.permissionWarning(path: Settings.configPath(flags: flags, environment: env)) {
            sink.warn(w)
        }
        settings = try Settings.resolve(flags: flags, environment: env, lenient: lenient)
        if invocation.session == nil { for w in settings.warnings { sink.warn(w) } }
        environment = env
        self.invocation = invocation
        assumeYes = global.yes || SettingsSchema[.yes].environment.contains { env[$0] == "1" }
        verbose = global.verbose
    }

    public var keyspace: Keyspace { settings.keyspace }

    public var endpoint: RedisEndpoint {
        get throws { try settings.redisEndpoint() }
    }

    /// The Redis client: opened on first use, shared across commands in the shell.
    public func redis() throws -> any RedisClient {
        if let connection { return connection }
        let endpoint = try self.endpoint
        let timeouts = RedisTimeouts.seconds(settings.timeout)
        if verbose { sink.printError("loomctl: connecting to \(endpoint.display) (timeout \(settings.timeout)s)") }
        let c = try invocation.session?.connection(for: endpoint, timeouts: timeouts) ?? RedisConnection(endpoint, timeouts: timeouts)
        connection = c
        return c
    }

    public func registry() throws -> ActorRegistry {
        ActorRegistry(redis: try redis(), keys: keyspace)
    }

    /// A list printer honouring `-o` and `--no-headers`.
    public func listPrinter(headers: [String], wideHeaders: [String] = []) -> ListPrinter {
        printer.list(headers: headers, wideHeaders: wideHeaders)
    }

    /// Progress on stderr, only when stderr is a terminal (conventions: silent otherwise).
    public func progress(_ label: String, total: Int? = nil) -> ProgressReporter {
        ProgressReporter(label: label, total: total, sink: sink, enabled: sink.errIsTerminal && format != .jsonl)
    }

    /// Asks before destroying: `--yes`/`LOOMCTL_YES=1` skip the question; without a terminal the
    /// answer is no, with a hint.
    public func confirm(_ question: String) throws {
        if assumeYes { return }
        guard invocation.stdinIsTerminal else {
            throw CoreError(.usage, code: "confirmation_required", "\(question): refusing without confirmation (no terminal)",
                hint: "pass --yes (or set LOOMCTL_YES=1) to confirm in scripts")
        }
        sink.out.flush()
        sink.err.write("\(question) [y/N] ")
        sink.err.flush()
        let answer = invocation.readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            throw CoreError(.other, code: "aborted", "aborted: not confirmed")
        }
    }
}

/// `\r`-redrawn progress on stderr, throttled to ten updates a second.
public final class ProgressReporter {
    let label: String
    let total: Int?
    let sink: OutputSink
    let enabled: Bool
    private var last = ContinuousClock.now
    private var shown = false

    init(label: String, total: Int?, sink: OutputSink, enabled: Bool) {
        self.label = label
        self.total = total
        self.sink = sink
        self.enabled = enabled
    }

    public func update(_ done: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - last > .milliseconds(100) || (total != nil && done == total) else { return }
        last = now
        shown = true
        if let total, total > 0 {
            sink.err.write("\r\(label) \(done)/\(total) (\(done * 100 / total)%)")
        } else {
            sink.err.write("\r\(label) \(done)")
        }
        sink.err.flush()
    }

    public func finish() {
        guard enabled, shown else { return }
        sink.err.write("\r\u{1B}[K")
        sink.err.flush()
    }
}
