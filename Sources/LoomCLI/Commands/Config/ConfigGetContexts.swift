import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

extension Config {
    struct GetContexts: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "get-contexts", abstract: "List contexts.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let cfg = context.settings.config
            let printer = context.listPrinter(headers: ["CURRENT", "NAME", "REDIS", "ACTOR-PREFIX", "BULL-PREFIX"])
            for c in cfg.contexts {
                let current = c.name == cfg.currentContext
                printer.add(Row(
                    json: .object([("name", .string(c.name)), ("current", .bool(current)), ("redis", JSONValue(c[.redis].map(Redact.url))),
                        ("actorPrefix", JSONValue(c[.actorPrefix])), ("bullPrefix", JSONValue(c[.bullPrefix]))]),
                    cells: [Cell(current ? "*" : ""), Cell(c.name), Cell(c[.redis].map(Redact.url) ?? "<default>"),
                        Cell(c[.actorPrefix] ?? "<default>"), Cell(c[.bullPrefix] ?? "<default>")],
                    name: c.name))
            }
            printer.finish(emptyMessage: "No contexts in \(context.settings.configPath).")
        }
    }
}
