import LoomCore
import LoomOutput

/// How mutating commands report what they did or would do, in every format.
///
/// Table/wide print kubectl-style lines (`actor/a-1 registered`, `actor/a-1 would be registered (dry run)`);
/// json/yaml print an array of change objects; jsonl one object per line; name the ids.
struct ChangeReport {
    struct Change {
        var kind: String
        var id: String
        var action: String
        var detail: JSONValue?
    }

    var changes: [Change] = []
    var dryRun: Bool

    mutating func add(_ kind: String, _ id: String, _ action: String, detail: JSONValue? = nil) {
        changes.append(Change(kind: kind, id: id, action: action, detail: detail))
    }

    func print(_ context: CommandContext) {
        // Headerless and without wide cells: `wide` prints as `table`.
        let printer = context.printer.list(headers: [], headerless: true)
        for c in changes {
            var json: [(String, JSONValue)] = [("kind", .string(c.kind)), ("id", .string(c.id)), ("action", .string(c.action)),
                ("dryRun", .bool(dryRun))]
            if let d = c.detail { json.append(("detail", d)) }
            let text = "\(c.kind)/\(c.id) \(dryRun ? "would be \(c.action) (dry run)" : c.action)"
            printer.add(Row(json: .object(json), cells: [Cell(text)], name: "\(c.kind)/\(c.id)"))
        }
        printer.finish(emptyMessage: dryRun ? "No changes." : "Nothing to do.")
    }

    /// Dry runs exit 5 when anything would change (operator-conventions: plan has changes).
    func finish(_ context: CommandContext) throws {
        print(context)
        if dryRun && !changes.isEmpty { throw CommandExit(.planHasChanges) }
    }
}
