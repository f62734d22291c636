import Foundation
import LoomCore
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// The dev cluster's actor universe: `--actors A --types T` gives ids `{type}-{n}` (n = 0…A−1,
/// type = the seeder's type name for n mod T), the same on every node, so each node can compute
/// on its own which of them the ring gives it.
public struct DevCatalog: Sendable, Equatable {
    public let actors: Int
    public let types: Int
    public static let maxActors = 1_000_000
    public static let maxTypes = 1000

    public init(actors: Int, types: Int) throws(DevError) {
        guard (0...Self.maxActors).contains(actors) else { throw DevError.invalidSetting("actors", "must be between 0 and \(Self.maxActors)") }
        guard (1...Self.maxTypes).contains(types) else { throw DevError.invalidSetting("types", "must be between 1 and \(Self.maxTypes)") }
        self.actors = actors
        self.types = types
    }

    public var typeNames: [String] { (0..<types).map(Seeder.typeName) }
    public func type(of n: Int) -> String { Seeder.typeName(n % types) }
    public func id(_ n: Int) -> String { "\(type(of: n))-\(n)" }
}

/// BullMQ queue `actor-{type}` in Loom's format (contract §5): enqueue (the load generator) and
/// the worker side (take → complete/fail) used by dev nodes.
public struct DevQueue: Sendable {
    public let redis: any RedisClient
    public let keys: Keyspace

    public init(redis: any RedisClient, keys: Keyspace) {
        self.redis = redis
        self.keys = keys
    }

    public static func queueName(type: String) -> String { "actor-\(type)" }

    /// BullMQ forbids ':' in queue names (contract §10 item 12).
    public static func validateType(_ type: String) throws(DevError) {
        guard !type.isEmpty, !type.contains(":") else {
            throw DevError.invalid("actor type '\(type)' cannot name a BullMQ queue (empty or contains ':')")
        }
    }

    /// One PipelineMessage (`type: execute`) as Loom's orchestrator enqueues it, with the job
    /// options of `BullMQMessageQueue.enqueue` as overridden by the orchestrator (`attempts: 1`).
    public static func job(type: String, seq: Int64, nowMillis: Int64) -> (id: String, data: String, opts: String) {
        let id = UUID().uuidString.lowercased()
        let pipelineId = "pipeline:dev-load"
        let data = JSONValue.object([
            ("messageId", .string(id)), ("from", .string(pipelineId)), ("to", .string(type)), ("type", .string("execute")),
            ("payload", .object([
                ("pipelineId", .string(pipelineId)), ("stageName", .string("dev")), ("taskIndex", .int(seq)),
                ("input", .object([("seq", .int(seq))])), ("metadata", .object([])), ("attempt", .int(1)),
                ("retryAttempt", .int(0)), ("retryPolicy", .null), ("leaseId", .string(UUID().uuidString.lowercased())),
                ("leaseTtlMs", .int(300_000)),
            ])),
            ("timestamp", .string(Timestamp.iso(millis: nowMillis))),
        ]).serialized()
        let opts = JSONValue.object([
            ("jobId", .string(id)), ("priority", .int(0)), ("attempts", .int(1)),
            ("backoff", .object([("type", .string("exponential")), ("delay", .int(1000))])),
            ("removeOnComplete", .bool(true)), ("removeOnFail", .bool(false)), ("delay", .int(0)),
        ]).serialized()
        return (id, data, opts)
    }

    /// Enqueues `count` jobs for `type` in one pipeline; returns how many were added.
    @discardableResult
    public func enqueue(type: String, count: Int, firstSeq: Int64 = 0) throws(RedisError) -> Int {
        guard count > 0 else { return 0 }
        let q = Self.queueName(type: type)
        let now = Timestamp.nowMillis()
        var calls: [(keys: [String], args: [String])] = []
        calls.reserveCapacity(count)
        for i in 0..<count {
            let j = Self.job(type: type, seq: firstSeq &+ Int64(i), nowMillis: now)
            calls.append(([keys.bullKey(queue: q, "wait"), keys.bullKey(queue: q, "paused"), keys.bullKey(queue: q, "meta"),
                keys.bullKey(queue: q, "marker"), keys.bullKey(queue: q, "events"), keys.bullKey(queue: q, j.id)],
                [j.id, "message", j.data, j.opts, String(now)]))
        }
        let replies = try redis.evalPipeline(DevScripts.enqueue, calls: calls)
        if let e = replies.first(where: { $0.errorText != nil })?.errorText { throw RedisError(.protocolError, "enqueue failed: \(e)") }
        return replies.filter { $0.int == 1 }.count
    }

    /// Moves the oldest waiting job to active; the actor (if still hosted by `node`) turns busy
    /// and counts the message. Returns the job id, nil when the queue is empty.
    public func take(type: String, actorId: String, node: String, lockMillis: Int64 = 30_000) throws(RedisError) -> String? {
        let q = Self.queueName(type: type)
        let r = try redis.eval(DevScripts.take,
            keys: [keys.bullKey(queue: q, "wait"), keys.bullKey(queue: q, "active"), keys.bullKey(queue: q, "events"), keys.actorHash(actorId)],
            args: [keys.bullKey(queue: q, ""), String(Timestamp.nowMillis()), "dev-\(node)", String(lockMillis), node]).orThrow()
        return r.string
    }

    /// Completes (`ok`) or fails the job; a failure counts on Loom's breaker for `type`.
    public func finish(type: String, jobId: String, actorId: String, node: String, ok: Bool) throws(RedisError) {
        let q = Self.queueName(type: type)
        _ = try redis.eval(DevScripts.finish,
            keys: [keys.bullKey(queue: q, "active"), keys.bullKey(queue: q, jobId), keys.bullKey(queue: q, "completed"),
                keys.bullKey(queue: q, "failed"), keys.bullKey(queue: q, "events"), keys.actorHash(actorId), keys.bullKey(queue: q, "wait"),
                keys.bullKey(queue: q, jobId + ":lock"), keys.circuitKey(type, "config"), keys.circuitKey(type, "failures"),
                keys.circuitKey(type, "lastFailure"), keys.circuitKey(type, "state")],
            args: [jobId, String(Timestamp.nowMillis()), ok ? "1" : "0", node, "simulated failure (dev node \(node))"]).orThrow()
    }
}
