import LoomCore
import LoomOutput

/// How mutating commands report what they did or would do, in every format.
///
/// Table/wide print kubectl-style lines (`actor/a-1 registered`, `actor/a-1 would be registered (dry run)`);
/// json/yaml print an array of change objects; jsonl one object per line; name the ids.
struct ChangeReport {
    /// One change: a record that knows its JSON value, its table line and its name.
    struct Change: OutputRecord {
        var kind: String
        var id: String
        var action: String
        var detail: JSONValue?
        var dryRun: Bool

        var outputRow: Row {
            var json: [(String, JSONValue)] = [("kind", .string(kind)), ("id", .string(id)), ("action", .string(action)),
                ("dryRun", .bool(dryRun))]
            if let detail { json.append(("detail", detail)) }
            let text = "\(kind)/\(id) \(dryRun ? "would be \(action) (dry run)" : action)"
            return Row(json: .object(json), cells: [Cell(text)], name: "\(kind)/\(id)")
        }
    }

    var changes: [Change] = []
    var dryRun: Bool

    mutating func add(_ kind: String, _ id: String, _ action: String, detail: JSONValue? = nil) {
        changes.append(Change(kind: kind, id: id, action: action, detail: detail, dryRun: dryRun))
    }

    func print(_ context: CommandContext) {
        // Headerless and without wide cells: `wide` prints as `table`.
        context.printer.print(changes, headers: [], headerless: true, emptyMessage: dryRun ? "No changes." : "Nothing to do.")
    }

    /// Dry runs exit 5 when anything would change (operator-conventions: plan has changes).
    func finish(_ context: CommandContext) throws {
        print(context)
        if dryRun && !changes.isEmpty { throw CommandExit(.planHasChanges) }
    }
}
