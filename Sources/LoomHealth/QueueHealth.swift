import LoomCore
import LoomRedis
import LoomKeyspace

/// BullMQ depth per actor type, read from BullMQ's own keys under its prefix (contract §5.4).
public struct QueueDepth: Sendable {
    public var queue: String
    public var wait: Int64 = 0
    public var paused: Int64 = 0
    public var prioritized: Int64 = 0
    public var delayed: Int64 = 0
    public var active: Int64 = 0
    public var failed: Int64 = 0
    public var completed: Int64 = 0

    /// BullMQ's waiting count plus prioritized jobs.
    public var backlog: Int64 { wait + paused + prioritized }
    public var isEmpty: Bool { backlog + delayed + active + failed == 0 }

    public func json() -> JSONValue {
        .object([("queue", .string(queue)), ("backlog", .int(backlog)), ("wait", .int(wait)), ("paused", .int(paused)),
            ("prioritized", .int(prioritized)), ("delayed", .int(delayed)), ("active", .int(active)), ("failed", .int(failed)),
            ("completed", .int(completed))])
    }
}

public struct QueueHealth: Sendable {
    public let redis: any RedisClient
    public let keys: Keyspace
    public let rules: HealthRules

    public init(redis: any RedisClient, keys: Keyspace, rules: HealthRules) {
        self.redis = redis
        self.keys = keys
        self.rules = rules
    }

    /// Loom's DLQ name for a type: `actor-{type}:dlq` with runs of ':' and whitespace turned into '-'.
    public static func dlqName(type: String) -> String { sanitize("actor-\(type):dlq") }

    static func sanitize(_ s: String) -> String {
        var out = ""
        var inRun = false
        for c in s {
            if c == ":" || c.isWhitespace {
                if !inRun { out.append("-") }
                inRun = true
            } else {
                out.append(c)
                inRun = false
            }
        }
        return out
    }

    /// Queues named `actor-*` under the BullMQ prefix (found by their `meta`/`id`/`wait` keys), plus one per registered type.
    public func queueNames(registryTypes: [String]) throws(RedisError) -> [String] {
        var names = Set(registryTypes.map { "actor-\($0)" })
        let prefix = keys.bullPrefix + ":"
        // COUNT 10000: MATCH filters on the server; a registry of 1M actors is 2M keys to walk, 200 round trips instead of 2000.
        try redis.scan(match: keys.bullActorQueueScanPattern, count: 10_000) { batch in
            for k in batch {
                let rest = k.dropFirst(prefix.count)
                guard let colon = rest.firstIndex(of: ":") else { continue }
                names.insert(String(rest[..<colon]))
            }
            return true
        }
        return names.sorted()
    }

    public func depth(_ queues: [String]) throws(RedisError) -> [QueueDepth] {
        var cmds: [RedisCommand] = []
        for q in queues {
            cmds += [("LLEN", "wait"), ("LLEN", "paused"), ("ZCARD", "prioritized"), ("ZCARD", "delayed"), ("LLEN", "active"),
                ("ZCARD", "failed"), ("ZCARD", "completed")].map { RedisCommand($0.0, key: keys.bullKey(queue: q, $0.1)) }
        }
        let r = try redis.pipeline(cmds)
        return queues.enumerated().map { i, q in
            func v(_ k: Int) -> Int64 { r[i * 7 + k].int ?? 0 }  // a WRONGTYPE key counts as 0 and is not a queue
            return QueueDepth(queue: q, wait: v(0), paused: v(1), prioritized: v(2), delayed: v(3), active: v(4), failed: v(5), completed: v(6))
        }
    }

    /// `scanKeyspace` false (a sampled run): only the registry types' queues and dead-letter queues,
    /// read directly; a SCAN walk of a million-actor keyspace costs seconds of server time.
    public func run(registryTypes: [String], scanKeyspace: Bool = true) throws(RedisError) -> [CheckResult] {
        let names = scanKeyspace ? try queueNames(registryTypes: registryTypes)
            : Set(registryTypes.flatMap { ["actor-\($0)", Self.dlqName(type: $0)] }).sorted()
        let depths = try depth(names)
        var out: [CheckResult] = []
        for d in depths {
            let isDLQ = d.queue.hasSuffix("-dlq")
            if isDLQ {
                let n = d.backlog + d.failed + d.delayed
                if n == 0 { continue }
                out.append(CheckResult(.queues, "dlq/\(d.queue)", .degraded, "dead-letter queue holds \(n) jobs", details: d.json()))
                continue
            }
            var problems: [String] = []
            if d.backlog > Int64(rules.backlogDegraded) { problems.append("backlog \(d.backlog) > \(rules.backlogDegraded)") }
            if d.failed > 0 { problems.append("\(d.failed) failed") }
            let reason = "backlog \(d.backlog), delayed \(d.delayed), active \(d.active), failed \(d.failed)"
            out.append(CheckResult(.queues, "queue/\(d.queue)", problems.isEmpty ? .healthy : .degraded,
                problems.isEmpty ? reason : problems.joined(separator: ", ") + " (" + reason + ")", details: d.json()))
        }
        if out.isEmpty {
            out.append(CheckResult(.queues, "queues", .healthy, scanKeyspace ? "no BullMQ actor queues under prefix '\(keys.bullPrefix)'"
                : "no BullMQ queues for the sampled actor types under prefix '\(keys.bullPrefix)' (--exact also scans for others)"))
        }
        return out
    }
}
