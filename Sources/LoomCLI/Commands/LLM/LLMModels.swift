import ArgumentParser
import Foundation
import LoomCore
import LoomLLM
import LoomOutput

extension LLM {
    /// `llm models`: the price table (bundled list prices, merged with --prices / the context's file).
    struct Models: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "models",
            abstract: "Known models and their prices (USD per 1M tokens).",
            discussion: """
                The bundled list prices say when they were taken (stderr). Override or add models with a JSON file \
                (--prices FILE, or prices: in the context's llm block):
                  {"models": {"my-finetune": {"provider": "openai", "input": 1.0, "output": 2.0, "cachedInput": 0.5}}}
                Model names match by longest prefix, so dated snapshots use their family's price. DEFAULT marks each \
                provider's default model.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Only this provider's models.", valueName: "name"), completion: .providers)
        var provider: String?

        @Option(name: .long, help: ArgumentHelp("Price file merged over the bundled prices.", valueName: "path"), completion: .file())
        var prices: String?

        func validate() throws {
            if let provider, ProviderKind(userValue: provider) == nil {
                throw ValidationError("--provider must be one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run(in context: CommandContext) async throws {
            let table = try PriceTable.load(overrideFile: prices ?? context.settings.llm.prices)
            let want = provider.flatMap(ProviderKind.init(userValue:))
            // The table entry each provider's default model is priced by (longest prefix, as for costs).
            let defaults = Set([ProviderKind.openai, .anthropic, .gemini].compactMap { k in
                table.prices.keys.filter { k.defaultModel.hasPrefix($0) }.max { $0.count < $1.count }
            })
            let printer = context.listPrinter(
                headers: ["MODEL", "PROVIDER", "INPUT", "OUTPUT", "CACHED-INPUT", "DEFAULT"], wideHeaders: ["OUTPUT-PER-1K-REPLIES"])
            for (name, p) in table.prices.sorted(by: { ($0.value.provider ?? "", $0.key) < ($1.value.provider ?? "", $1.key) }) {
                if let want, ProviderKind(userValue: p.provider ?? "") != want
                    && !(want == .azureOpenAI && p.provider == "openai")
                {
                    continue
                }
                let isDefault = defaults.contains(name)
                printer.add(Row(
                    json: .object([
                        ("model", .string(name)), ("provider", JSONValue(p.provider)), ("inputUSDPer1M", .double(p.input)),
                        ("outputUSDPer1M", .double(p.output)), ("cachedInputUSDPer1M", .double(p.cachedInput)),
                        ("default", .bool(isDefault)),
                    ]),
                    cells: [Cell(name), Cell(p.provider ?? "-"), Cell(Self.price(p.input)), Cell(Self.price(p.output)),
                        Cell(Self.price(p.cachedInput)), Cell(isDefault ? "*" : "")],
                    // What 1000 replies of 500 output tokens cost: a feel for the scale.
                    wideCells: [Cell("$" + String(format: "%.2f", p.output * 0.5))],
                    name: name))
            }
            printer.finish(emptyMessage: "No models known.")
            if context.printer.isTable {
                context.sink.printError("USD per 1M tokens\(table.takenOn.map { "; list prices as of \($0)" } ?? ""). Override with --prices FILE.")
            }
        }

        static func price(_ v: Double) -> String {
            v == v.rounded() ? String(format: "%.2f", v) : String(format: v < 0.1 ? "%.3f" : "%.2f", v)
        }
    }
}
