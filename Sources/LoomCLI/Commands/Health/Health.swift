import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomHealth

/// `loomctl health`: is the cluster healthy, and if not, what exactly is wrong.
public struct Health: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check Redis, nodes, actors, circuit breakers and queues (exit 4 when unhealthy).",
        discussion: """
            Exit 0 when healthy (or only degraded), 4 when unhealthy; --fail-on degraded makes degraded count. \
            An unreachable Redis is reported as unhealthy (exit 4), not as an error. Actor checks are estimated \
            from a uniform random sample of the registry (±1 percentage point at 99% confidence; thresholds are \
            judged on the interval, so a registry at a threshold does not flap); --exact reads every actor. \
            When the context has a `cosmos:` block, the Cosmos DB account read is folded in (`health cosmos` \
            alone checks only that). Thresholds and sampling: docs/health.md.
            """,
        subcommands: [Summary.self, RedisCheck.self, Nodes.self, ActorsCheck.self, Breakers.self, Queues.self, CosmosCheck.self],
        defaultSubcommand: Summary.self)

    public init() {}
}

/// Flags shared by every health view.
struct HealthOptions: ParsableArguments {
    enum FailOn: String, ExpressibleByArgument, CaseIterable { case unhealthy, degraded }

    @Option(name: .long, help: "Exit 4 on 'unhealthy' (default) or also on 'degraded'.")
    var failOn: FailOn = .unhealthy

    @Flag(name: [.short, .long], help: "Keep checking: redraw on a terminal, append JSON lines otherwise.")
    var watch = false

    @Option(name: .long, help: "Seconds between checks with --watch.")
    var interval: Double = 5

    @Option(name: .long, help: "PING samples for the latency percentiles.")
    var pingSamples: Int = 10

    @Option(name: .long, help: "Per-probe HTTP timeout in milliseconds (default 2000 or the config file's).")
    var probeTimeoutMs: Int?

    @Flag(name: .long, help: "Read every actor (a full registry pass) instead of estimating from a random sample.")
    var exact = false

    @Option(name: .long, help: ArgumentHelp(
        "Actors to sample (default: enough for ±1 percentage point at 99% confidence, about 16,600).",
        discussion: "Registries no bigger than this are read whole. Ignored with --exact."))
    var sampleSize: Int?

    var samplingPlan: SamplingPlan { SamplingPlan(fixedSize: sampleSize) }

    func validate() throws {
        if let n = sampleSize, n < 1 || n > 10_000_000 { throw ValidationError("--sample-size must be between 1 and 10000000") }
        if interval <= 0 { throw ValidationError("--interval must be positive") }
        if pingSamples < 1 || pingSamples > 10_000 { throw ValidationError("--ping-samples must be between 1 and 10000") }
        if let t = probeTimeoutMs, t < 1 { throw ValidationError("--probe-timeout-ms must be positive") }
    }

    func rules(_ context: CommandContext) -> HealthRules {
        var r = HealthRules(context.settings.health)
        r.pingSamples = pingSamples
        if let t = probeTimeoutMs { r.probeTimeoutMs = t }
        return r
    }
}

extension Health {
    /// Runs the checks once or, with --watch, until Ctrl-C; exits 4 per --fail-on.
    static func execute(_ categories: Set<HealthCategory>, options: HealthOptions, context: CommandContext,
        nodeOptions: NodeHealth.Options? = nil, summary: Bool) async throws
    {
        let rules = options.rules(context)
        var checker = HealthChecker(connect: { try context.redis() }, keys: context.keyspace, rules: rules)
        checker.sampling = options.samplingPlan
        checker.exact = options.exact
        checker.nodeCheck = NodeChecks.make(context: context, options: nodeOptions ?? NodeHealth.Options(timeoutMs: rules.probeTimeoutMs))
        var last: HealthReport
        let redisCategories = categories.subtracting([.cosmos])
        let cosmos = categories.contains(.cosmos) ? try CosmosCheck.probe(context, required: redisCategories.isEmpty, timeoutMs: rules.probeTimeoutMs) : nil
        repeat {
            last = redisCategories.isEmpty ? HealthReport(checks: []) : checker.run(redisCategories)
            if let cosmos { last.checks.append(await cosmos.run()) }
            if options.watch, context.sink.outIsTerminal, context.format == .table || context.format == .wide {
                context.sink.out.write("\u{1B}[H\u{1B}[2J")
            }
            render(last, context: context, summary: summary, streaming: options.watch)
            if options.watch {
                do { try await Task.sleep(for: .milliseconds(Int64(options.interval * 1000))) } catch { throw CancellationError() }
            }
        } while options.watch && !Task.isCancelled
        if Task.isCancelled { throw CancellationError() }
        let failing = options.failOn == .degraded ? last.status >= .degraded : last.status == .unhealthy
        if failing { throw CommandExit(.unhealthy) }
    }

    static func render(_ report: HealthReport, context: CommandContext, summary: Bool, streaming: Bool) {
        let sink = context.sink
        switch context.format {
        case .json where streaming, .jsonl:
            sink.out.write(report.json().serialized() + "\n")
            sink.out.flush()
        case .json, .yaml:
            ObjectPrinter.print(report.json(), format: context.format, sink: sink)
        case .name:
            for c in report.checks where c.status != .healthy { sink.out.write(TerminalText.escape(c.name) + "\n") }
            sink.out.flush()
        case .table, .wide:
            var text = ""
            if summary {
                var t = TableWriter(headers: ["CATEGORY", "STATUS", "CHECKS", "FAILING"])
                for cat in HealthCategory.allCases {
                    let checks = report.checks.filter { $0.category == cat }
                    guard !checks.isEmpty else { continue }
                    let failing = checks.filter { $0.status != .healthy }.count
                    let s = report.status(of: cat)
                    t.add([Cell(cat.rawValue), Cell(s.rawValue, style: style(s)), Cell(String(checks.count)), Cell(failing == 0 ? "-" : String(failing))])
                }
                text += t.render(noHeaders: context.noHeaders, color: sink.color)
                let failing = report.checks.filter { $0.status != .healthy }
                if !failing.isEmpty {
                    text += "\n" + checkTable(failing, context: context)
                }
            } else {
                text += checkTable(report.checks, context: context)
            }
            if let line = report.samplingSummary, !report.checks.allSatisfy({ $0.category != .actors && $0.category != .nodes }) {
                text += "\n" + line + "\n"
            }
            let counts = HealthStatus.allCases.map { s in "\(report.checks.filter { $0.status == s }.count) \(s.rawValue)" }.joined(separator: ", ")
            text += "\nSTATUS: \(style(report.status).apply(report.status.rawValue.uppercased(), enabled: sink.color)) (\(counts)) at \(report.timestamp)\n"
            sink.out.write(text)
            sink.out.flush()
        }
    }

    static func checkTable(_ checks: [CheckResult], context: CommandContext) -> String {
        var t = TableWriter(headers: context.format == .wide ? ["CHECK", "STATUS", "REASON", "DETAILS"] : ["CHECK", "STATUS", "REASON"])
        for c in checks {
            var row = [Cell(c.name), Cell(c.status.rawValue, style: style(c.status)), Cell(c.reason)]
            if context.format == .wide { row.append(Cell(c.details.serialized())) }
            t.add(row)
        }
        return t.render(noHeaders: context.noHeaders, color: context.sink.color)
    }

    static func style(_ s: HealthStatus) -> Style {
        switch s {
        case .healthy: return .green
        case .degraded: return .yellow
        case .unhealthy: return .red
        }
    }

    struct Summary: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "all", abstract: "Every check, summarised (the default).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute(Set(HealthCategory.allCases), options: options, context: context, summary: true)
        }
    }

    struct RedisCheck: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "redis", abstract: "Latency percentiles, memory, evictions, persistence, replication.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.redis], options: options, context: context, summary: false)
        }
    }

    struct ActorsCheck: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "actors", abstract: "Live vs stale actors per type, registry anomalies, actors on down nodes.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.actors, .nodes], options: options, context: context, summary: false)
        }
    }

    struct Queues: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "queues", abstract: "BullMQ backlog, delayed, active and failed jobs per actor type; dead-letter queues.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.queues], options: options, context: context, summary: false)
        }
    }

    /// `health cosmos`: the Cosmos DB account read (getDatabaseAccount) with Loom's 500 ms rule.
    struct CosmosCheck: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "cosmos", abstract: "Cosmos DB account read (getDatabaseAccount): latency, auth, throttling.",
            discussion: """
                Needs a `cosmos:` block in the current context: `endpoint` plus `key-file` (the base64 master key, \
                signed with HMAC-SHA256 as Cosmos documents; the key never appears in any output) or `token-env` (the \
                name of an environment variable holding a Microsoft Entra token). Loom's rule: a 200 under 500 ms is \
                healthy, slower is degraded; 401 (bad key), 403, 429 (with its retry-after), other statuses and an \
                unreachable endpoint are unhealthy (exit 4). Without a `cosmos:` block this is a usage error (exit 2); \
                plain `health` then skips Cosmos.
                """)
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.cosmos], options: options, context: context, summary: false)
        }

        /// The configured probe; nil when nothing is configured and the check is optional.
        static func probe(_ context: CommandContext, required: Bool, timeoutMs: Int) throws -> CosmosHealth? {
            guard let c = context.settings.cosmos else {
                if required {
                    throw CLIError.invalid("the current context has no cosmos: block",
                        hint: "add cosmos: {endpoint: https://ACCOUNT.documents.azure.com:443/, key-file: PATH} to the context (docs/health.md)")
                }
                return nil
            }
            guard c.endpoint.hasPrefix("https://") || c.endpoint.hasPrefix("http://") else {
                throw CLIError.invalid("cosmos.endpoint must be an http(s) URL, got '\(Redact.url(c.endpoint))'")
            }
            let credential: CosmosHealth.Credential
            if let file = c.keyFile {
                let text = try Settings.readSecretFile(file)
                guard let key = CosmosAuth.decodeKey(text) else {
                    throw CLIError.invalid("cosmos key file \(file) does not hold a base64 master key")
                }
                credential = .masterKey(key)
            } else if let name = c.tokenEnv {
                guard let token = context.environment[name], !token.isEmpty else {
                    throw CLIError.invalid("cosmos.token-env names $\(name), which is not set")
                }
                credential = .entraToken(token)
            } else {
                throw CLIError.invalid("cosmos: needs key-file or token-env")
            }
            return CosmosHealth(endpoint: c.endpoint, credential: credential, timeoutMillis: timeoutMs)
        }
    }
}
