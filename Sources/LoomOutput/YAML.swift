import LoomCore
import Yams

/// JSONValue → YAML through Yams' node model, keeping key order.
public enum YAMLRenderer {
    public static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(d.isFinite ? String(d) : ".nan", Tag(.float))
        case .string(let s): return Node(s, Tag(.str), .plain)
        case .array(let items): return Node.sequence(Node.Sequence(items.map(node)))
        case .object(let members): return Node.mapping(Node.Mapping(members.map { (Node($0.0), node($0.1)) }))
        }
    }

    public static func render(_ value: JSONValue) -> String {
        (try? Yams.serialize(node: node(value), sortKeys: false)) ?? "null\n"
    }

    /// One element of a YAML sequence (`- key: value` with continuation indented), for streaming lists.
    public static func renderListItem(_ value: JSONValue) -> String {
        let body = render(value)
        var out = ""
        for (n, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            out += (n == 0 ? "- " : "  ") + line + "\n"
        }
        return out
    }
}
