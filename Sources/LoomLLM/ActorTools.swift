import LoomCore

/// Loom actors and cluster inspections exposed to the model as tools.
///
/// Only definitions and plumbing live here; the CLI binds handlers (registry reads, ring lookups,
/// health probes) through `ToolRegistry`.
public enum ActorTools {
    /// `actor_{id with '-' → '_'}` as Loom names them (src/ai/tools). Characters that providers reject in
    /// tool names (anything outside `[A-Za-z0-9_-]`, e.g. `:` or `.`) also become `_`, and the name is
    /// cut to 64 characters (the OpenAI and Anthropic limit).
    public static func toolName(forActorId id: String) -> String {
        var out = "actor_"
        for u in id.unicodeScalars {
            let ok = (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_"
            out.unicodeScalars.append(ok ? u : "_")
        }
        return String(out.prefix(64))
    }

    /// A tool definition from an actor's registry entry. `metadataJSON` is the hash's `metadata` field,
    /// which may be `""` or any JSON (§10.8): description comes from `aiContext.purpose`, then
    /// `description`; parameters from `inputSchema` when it is an object schema, else a free object.
    public static func definition(actorId: String, actorType: String? = nil, metadataJSON: String) -> ToolDefinition {
        let meta = (try? JSONValue.parse(metadataJSON)) ?? .null
        var description =
            meta["aiContext"]?["purpose"]?.stringValue ?? meta["description"]?.stringValue
            ?? "Invoke the Loom actor \(actorId)\(actorType.map { " (type \($0))" } ?? "")."
        if let guidelines = meta["aiContext"]?["usageGuidelines"]?.stringValue, !guidelines.isEmpty {
            description += " " + guidelines
        }
        var parameters: JSONValue = .obj([("type", "object"), ("properties", .object([]))])
        if let schema = meta["inputSchema"], case .object = schema, schema["type"] != nil {
            parameters = schema["type"]?.stringValue == "object" ? schema : .obj([("type", "object"), ("properties", .obj([("input", schema)])), ("required", ["input"])])
        }
        return ToolDefinition(name: toolName(forActorId: actorId), description: description, parameters: parameters)
    }
}

/// Read-only cluster inspection tools for `loomctl llm chat --tools cluster`.
public enum ClusterTools {
    public static let actorsList = ToolDefinition(
        name: "cluster_actors_list",
        description: "List registered Loom actors, optionally only one actor type. Returns id, type, status, worker and last heartbeat.",
        parameters: .obj([
            ("type", "object"),
            ("properties", .obj([
                ("type", .obj([("type", "string"), ("description", "Only actors of this actorType.")])),
                ("limit", .obj([("type", "integer"), ("description", "Maximum number of actors (default 50)."), ("minimum", 1)])),
            ])),
        ]))
    public static let actorGet = ToolDefinition(
        name: "cluster_actor_get",
        description: "Get one actor's registry entry and metadata by actor id.",
        parameters: .obj([
            ("type", "object"),
            ("properties", .obj([("id", .obj([("type", "string"), ("description", "The actor id.")]))])),
            ("required", ["id"]),
        ]))
    public static let actorStats = ToolDefinition(
        name: "cluster_actor_stats",
        description: "Actor counts by type, status and worker, plus stale (no heartbeat) actors.",
        parameters: .obj([("type", "object"), ("properties", .object([]))]))
    public static let ringLookup = ToolDefinition(
        name: "cluster_ring_lookup",
        description: "Which node owns a key (an actor id) on the consistent-hash ring, with the key's hash.",
        parameters: .obj([
            ("type", "object"),
            ("properties", .obj([("key", .obj([("type", "string"), ("description", "Actor id or key to place.")]))])),
            ("required", ["key"]),
        ]))
    public static let health = ToolDefinition(
        name: "cluster_health",
        description: "Cluster health: Redis reachability and each Loom service's /health result.",
        parameters: .obj([("type", "object"), ("properties", .object([]))]))

    public static let all: [ToolDefinition] = [actorsList, actorGet, actorStats, ringLookup, health]
}

/// Binds tool definitions to handlers, and dispatches model tool calls to them.
public struct ToolRegistry: Sendable {
    public typealias Handler = @Sendable (JSONValue) async throws -> String

    public private(set) var definitions: [ToolDefinition] = []
    private var handlers: [String: Handler] = [:]

    public init() {}

    public mutating func register(_ definition: ToolDefinition, handler: @escaping Handler) {
        definitions.removeAll { $0.name == definition.name }
        definitions.append(definition)
        handlers[definition.name] = handler
    }

    /// Runs a call. Unknown tools and unparsable arguments are reported back to the model as errors.
    public func handle(_ call: ToolCall) async throws -> String {
        guard let handler = handlers[call.name] else {
            return JSONValue.obj([("error", .string("unknown tool '\(call.name)'"))]).serialized()
        }
        guard let args = call.parsedArguments else {
            return JSONValue.obj([("error", .string("arguments are not valid JSON: \(String(call.arguments.prefix(200)))"))]).serialized()
        }
        return try await handler(args)
    }
}
