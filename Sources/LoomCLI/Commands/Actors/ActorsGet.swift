import ArgumentParser
import LoomCore
import LoomOutput
import LoomKeyspace

extension Actors {
    /// `actors get ID...`: exit 3 if any id is not registered.
    struct Get: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show actors by id (exit 3 if any is missing).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions

        @Argument(help: "Actor ids.", completion: .actorIds)
        var ids: [String]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one actor id") }
        }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            let now = Timestamp.nowMillis()
            var found: [ActorRecord] = []
            var missing: [String] = []
            for id in ids {
                switch try registry.get(id) {
                case .found(let r): found.append(r)
                case .missing: missing.append(id)
                case .collision(let key, let detail):
                    context.sink.warn("\(key): \(detail) (the id collides with a registry index key)")
                    missing.append(id)
                }
            }
            if ids.count == 1, let r = found.first {
                context.printer.object(r.json(), name: r.id) {
                    var t = TableWriter(headers: context.printer.isWide ? Actors.headers + Actors.wideHeaders : Actors.headers)
                    let row = Actors.row(r, now: now)
                    t.add(context.printer.isWide ? row.cells + row.wideCells : row.cells)
                    return t.render(noHeaders: context.noHeaders, color: context.sink.color)
                }
            } else if !found.isEmpty || context.format == .json {
                let printer = context.listPrinter(headers: Actors.headers, wideHeaders: Actors.wideHeaders)
                for r in found { printer.add(Actors.row(r, now: now)) }
                printer.finish(emptyMessage: "")
            }
            if !missing.isEmpty {
                throw CLIError.notFound(
                    missing.count == 1 ? "actor '\(missing[0])' not found" : "actors not found: \(missing.joined(separator: ", "))",
                    hint: "list registered ids with: loomctl actors list -o name")
            }
        }
    }
}
