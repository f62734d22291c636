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
            if options.watch, context.sink.outIsTerminal, context.printer.isTable {
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
            context.printer.object(report.json())
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
        var t = TableWriter(headers: context.printer.isWide ? ["CHECK", "STATUS", "REASON", "DETAILS"] : ["CHECK", "STATUS", "REASON"])
        for c in checks {
            var row = [Cell(c.name), Cell(c.status.rawValue, style: style(c.status)), Cell(c.reason)]
            if context.printer.isWide { row.append(Cell(c.details.serialized())) }
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

}
