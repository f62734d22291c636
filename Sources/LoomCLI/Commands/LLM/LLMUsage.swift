import ArgumentParser
import Foundation
import LoomCore
import LoomLLM
import LoomOutput

extension LLM {
    /// `llm usage`: the ledger (`loomctl:llm:usage:{day}` in Redis), per day, provider and model.
    struct Usage: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "usage",
            abstract: "Tokens and cost per day, provider and model, from the usage ledger in Redis.",
            discussion: """
                Every loomctl llm request pointed at the same Redis is counted (UTC days). Cache hits cost nothing \
                and are counted separately. SPENT is the budget counter for --budget-usd (it includes requests in flight).
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Days back from today (UTC), today included (default 7).", valueName: "n"))
        var days: Int = 7

        @Option(name: .long, help: ArgumentHelp("One day, YYYY-MM-DD (instead of --days).", valueName: "date"))
        var day: String?

        @Option(name: .long, help: ArgumentHelp("Only this provider.", valueName: "name"), completion: .providers)
        var provider: String?

        func validate() throws {
            if days < 1 || days > 366 { throw ValidationError("--days must be between 1 and 366") }
            if let day, day.count != 10 || day.split(separator: "-").count != 3 || day.split(separator: "-").contains(where: { Int($0) == nil }) {
                throw ValidationError("--day must be YYYY-MM-DD")
            }
        }

        func run(in context: CommandContext) async throws {
            let store = RedisLLMStore(connection: try context.redis(), keys: context.keyspace)
            let now = Date().timeIntervalSince1970
            let dayList = day.map { [$0] } ?? (0..<days).map { LLMKeys.day(now - Double($0) * 86_400) }
            let wantProvider = provider.flatMap(ProviderKind.init(userValue:))?.rawValue ?? provider
            var rows: [(String, UsageRecord)] = []
            var spent: [String: Int64] = [:]
            for d in dayList {
                try Task.checkCancellation()
                for r in try store.usage(day: d) where wantProvider == nil || r.provider == wantProvider {
                    rows.append((d, r))
                }
                spent[d] = try store.spentMicroUSD(day: d)
            }
            let printer = context.listPrinter(
                headers: ["DAY", "PROVIDER", "MODEL", "REQUESTS", "INPUT", "OUTPUT", "CACHE-HITS", "COST"],
                wideHeaders: ["CACHED-INPUT", "TOTAL-TOKENS"])
            var total = UsageRecord(provider: "", model: "")
            for (d, r) in rows {
                total.requests += r.requests
                total.input += r.input
                total.output += r.output
                total.cachedInput += r.cachedInput
                total.cacheHits += r.cacheHits
                total.costMicroUSD += r.costMicroUSD
                printer.add(Row(
                    json: Self.json(day: d, r),
                    cells: [Cell(d), Cell(r.provider), Cell(r.model), Cell(String(r.requests)), Cell(String(r.input)),
                        Cell(String(r.output)), Cell(String(r.cacheHits)), Cell(LLMFormat.usd(r.costMicroUSD))],
                    wideCells: [Cell(String(r.cachedInput)), Cell(String(r.input + r.output))],
                    name: "\(r.provider):\(r.model)"))
            }
            if rows.count > 1 && (context.printer.isTable) {
                printer.add(Row(
                    json: .null,
                    cells: [Cell("TOTAL"), Cell(""), Cell(""), Cell(String(total.requests)), Cell(String(total.input)),
                        Cell(String(total.output)), Cell(String(total.cacheHits)), Cell(LLMFormat.usd(total.costMicroUSD))],
                    wideCells: [Cell(String(total.cachedInput)), Cell(String(total.input + total.output))],
                    name: ""))
            }
            printer.finish(emptyMessage: "No LLM usage recorded \(day.map { "on \($0)" } ?? "in the last \(days) day\(days == 1 ? "" : "s")").")
            if context.printer.isTable, let today = dayList.first, let s = spent[today], s != 0 {
                context.sink.printError("spent today (budget counter): \(LLMFormat.usd(s))")
            }
        }

        static func json(day: String, _ r: UsageRecord) -> JSONValue {
            .object([
                ("day", .string(day)), ("provider", .string(r.provider)), ("model", .string(r.model)),
                ("requests", .int(r.requests)), ("inputTokens", .int(r.input)), ("outputTokens", .int(r.output)),
                ("cachedInputTokens", .int(r.cachedInput)), ("cacheHits", .int(r.cacheHits)),
                ("costUSD", .double(r.costUSD)),
            ])
        }
    }

}
