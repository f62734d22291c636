import Foundation
import LoomCore
import LoomLLM
import LoomKeyspace
import LoomRegistry
import LoomMembership
import LoomHealth

/// Binds `--tools cluster` and `--tools actors` to handlers.
///
/// Cluster tools are read-only inspections: registry list/get/stats, ring lookup (node membership +
/// `ClusterRing`, as `loomctl ring lookup`), and health (the `loomctl health` checks, probe outcomes
/// not recorded).
///
/// Actor tools follow Loom's naming (`actor_{id}`, `-` → `_`, schema from metadata `inputSchema`,
/// description from `aiContext`). Loom has no API to invoke one actor directly (actors run as pipeline
/// stages fed by BullMQ queues `actor-{type}`, loom-wire-contract §5), so the default invoker does
/// not write anything: it returns what would be sent and why it was not. Any invoker that writes must be
/// confirmed by the operator first (`--yes`, or y on a terminal); unconfirmed calls go back to the
/// model as tool errors.
enum LLMTools {
    /// OpenAI and Anthropic accept at most 128 tools per request.
    static let maxTools = 128

    static func registry(_ sets: Set<LLMToolSet>, options: LLMOptions, context: CommandContext,
        invoker: any ActorInvoker = DescribeOnlyInvoker()) throws -> ToolRegistry?
    {
        guard !sets.isEmpty else { return nil }
        var reg = ToolRegistry()
        if sets.contains(.cluster) { bindCluster(&reg, context: context) }
        if sets.contains(.actors) { try bindActors(&reg, options: options, context: context, invoker: invoker) }
        return reg
    }

    static func error(_ message: String) -> String { JSONValue.object([("error", .string(message))]).serialized() }

    // MARK: Cluster

    static func bindCluster(_ reg: inout ToolRegistry, context: CommandContext) {
        reg.register(ClusterTools.actorsList) { args in
            let registry = try context.registry()
            let limit = min(500, max(1, Int(args["limit"]?.intValue ?? 50)))
            let types = args["type"]?.stringValue.map { [$0] } ?? []
            var rows: [JSONValue] = []
            var truncated = false
            try registry.list(filter: ActorFilter(types: types), onAnomaly: { _ in }) { batch in
                for r in batch {
                    if rows.count >= limit {
                        truncated = true
                        return false
                    }
                    rows.append(compact(r))
                }
                return true
            }
            return JSONValue.object([("actors", .array(rows)), ("count", .int(Int64(rows.count))), ("truncated", .bool(truncated))]).serialized()
        }
        reg.register(ClusterTools.actorGet) { args in
            guard let id = args["id"]?.stringValue, !id.isEmpty else { return error("missing required argument 'id'") }
            switch try context.registry().get(id) {
            case .found(let r): return r.json().serialized()
            case .missing: return error("actor '\(id)' is not registered")
            case .collision(let key, let detail): return error("\(key): \(detail)")
            }
        }
        reg.register(ClusterTools.actorStats) { _ in
            try RegistryStats.collect(try context.registry()).json().serialized()
        }
        reg.register(ClusterTools.ringLookup) { args in
            guard let key = args["key"]?.stringValue, !key.isEmpty else { return error("missing required argument 'key'") }
            let redis = try context.redis()
            let cluster = try ClusterRing.load(membership: NodeMembership(redis: redis, keys: context.keyspace), registry: try context.registry())
            let ring = try cluster.requireEligible()
            let order = ring.lookup(key: key, count: 3)
            let hosted = try context.registry().owner(of: key)
            return JSONValue.object([
                ("key", .string(key)), ("hash", .int(Int64(ring.hash(of: key)))), ("owner", JSONValue(order.first)),
                ("fallbacks", .array(order.dropFirst().map { .string($0) })), ("hostedOn", JSONValue(hosted)),
                ("epoch", .int(cluster.state.epoch)), ("nodeSource", .string(cluster.source.rawValue)),
                ("nodes", .array(cluster.nodes.map { .object([("id", .string($0.id)), ("eligible", .bool($0.isEligible))]) })),
            ]).serialized()
        }
        reg.register(ClusterTools.health) { _ in
            // Read-only: probe outcomes are not recorded (loomctl health records them).
            let rules = HealthRules(context.settings.health)
            var checker = HealthChecker(connect: { try context.redis() }, keys: context.keyspace, rules: rules)
            var nodeOptions = NodeHealth.Options(timeoutMs: rules.probeTimeoutMs)
            nodeOptions.record = false
            checker.nodeCheck = NodeChecks.make(context: context, options: nodeOptions)
            return checker.run(Set(HealthCategory.allCases)).json().serialized()
        }
    }

    static func compact(_ r: ActorRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("type", JSONValue(r.type)), ("status", JSONValue(r.status)), ("workerId", JSONValue(r.workerId)),
            ("lastHeartbeat", JSONValue(r.lastHeartbeat)), ("live", .bool(r.isLive)), ("messageCount", JSONValue(r.messageCount)),
        ])
    }

    // MARK: Actors

    static func bindActors(_ reg: inout ToolRegistry, options: LLMOptions, context: CommandContext, invoker: any ActorInvoker) throws {
        let registry = try context.registry()
        var records: [ActorRecord] = []
        var total = 0
        try registry.list(filter: ActorFilter(types: options.actorType), parseMetadata: false, onAnomaly: { _ in }) { batch in
            total += batch.count
            records += batch
            return true
        }
        records.sort { $0.id < $1.id }
        var seen: Set<String> = []
        var bound = 0
        for r in records {
            let def = ActorTools.definition(actorId: r.id, actorType: r.type, metadataJSON: r.metadataRaw ?? "")
            guard seen.insert(def.name).inserted else {
                context.sink.warn("actor '\(r.id)' maps to tool name \(def.name), already taken by another actor; skipped")
                continue
            }
            guard reg.definitions.count < maxTools else { break }
            let record = r
            reg.register(def) { args in
                try await invoke(record, tool: def.name, args: args, invoker: invoker, context: context)
            }
            bound += 1
        }
        if bound < records.count {
            context.sink.warn("\(records.count) actors registered, \(bound) exposed as tools (providers accept \(maxTools) tools); narrow with --actor-type")
        }
        if records.isEmpty { context.sink.warn("--tools actors: no registered actors\(options.actorType.isEmpty ? "" : " of type \(options.actorType.joined(separator: ", "))")") }
    }

    static func invoke(_ r: ActorRecord, tool: String, args: JSONValue, invoker: any ActorInvoker, context: CommandContext)
        async throws -> String
    {
        if invoker.writes {
            do {
                try context.confirm("The model wants to invoke actor \(r.id) (\(tool)) with \(args.serialized()); this may change cluster state. Allow?")
            } catch let e as CoreError where e.kind != .interrupted {
                return error("the operator did not allow invoking actor \(r.id): \(e.message)")
            }
        }
        return try await invoker.invoke(r, input: args)
    }
}

/// What invoking an actor tool does.
protocol ActorInvoker: Sendable {
    /// True when invoking changes cluster state (then the operator must confirm each call).
    var writes: Bool { get }
    func invoke(_ actor: ActorRecord, input: JSONValue) async throws -> String
}

/// The default: Loom has no direct invoke API, so nothing is sent; the model gets the request that would
/// have been made and the reason, and can tell the user how to run it (as a pipeline stage).
struct DescribeOnlyInvoker: ActorInvoker {
    var writes: Bool { false }

    func invoke(_ actor: ActorRecord, input: JSONValue) async throws -> String {
        JSONValue.object([
            ("invoked", .bool(false)),
            ("actorId", .string(actor.id)),
            ("actorType", JSONValue(actor.type)),
            ("queue", actor.type.map { .string("actor-\($0)") } ?? .null),
            ("input", input),
            ("reason", .string(
                "loomctl does not invoke Loom actors: Loom has no direct invoke API; actors run as pipeline stages "
                    + "(BullMQ queue actor-{type}). Describe the input to the user and suggest running it through a pipeline.")),
        ]).serialized()
    }
}
