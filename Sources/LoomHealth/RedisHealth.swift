import Histogram
import LoomCore
import LoomRedis

/// Redis checks: latency (Loom's rule: PING under 100 ms is healthy), memory, evictions,
/// rejected connections, persistence and replication.
public struct RedisHealth: Sendable {
    public let redis: any RedisClient
    public let rules: HealthRules

    public init(redis: any RedisClient, rules: HealthRules) {
        self.redis = redis
        self.rules = rules
    }

    public func run() throws(RedisError) -> [CheckResult] {
        var out = [try ping()]
        let info = try redis.info()
        out.append(memory(info))
        out.append(evictions(info))
        out.append(connections(info))
        out.append(persistence(info))
        out.append(replication(info))
        return out
    }

    /// PING `pingSamples` times; percentiles from an HdrHistogram in microseconds.
    public func ping() throws(RedisError) -> CheckResult {
        var h = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for _ in 0..<max(1, rules.pingSamples) {
            let start = ContinuousClock.now
            _ = try redis.send(.ping)
            let d = ContinuousClock.now - start
            _ = h.record(UInt64(max(1, d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000)))
        }
        func ms(_ p: Double) -> Double { Double(h.valueAtPercentile(p)) / 1000 }
        let p50 = ms(50), p90 = ms(90), p99 = ms(99), max = Double(h.maxRecorded) / 1000
        let status: HealthStatus = p90 < rules.pingDegradedMs ? .healthy : .degraded
        return CheckResult(.redis, "redis.ping", status,
            String(format: "PING p50 %.2f ms, p90 %.2f ms, p99 %.2f ms over %d samples (degraded at %.0f ms)", p50, p90, p99,
                Int(h.totalCount), rules.pingDegradedMs),
            details: .object([("samples", .int(Int64(h.totalCount))), ("p50Ms", .double(p50)), ("p90Ms", .double(p90)),
                ("p99Ms", .double(p99)), ("maxMs", .double(max)), ("thresholdMs", .double(rules.pingDegradedMs))]))
    }

    func memory(_ info: RedisInfo) -> CheckResult {
        let used = info.int("used_memory") ?? 0
        let max = info.int("maxmemory") ?? 0
        let policy = info["maxmemory_policy"] ?? "unknown"
        var details: [(String, JSONValue)] = [("usedBytes", .int(used)), ("maxBytes", .int(max)), ("policy", .string(policy))]
        guard max > 0 else {
            return CheckResult(.redis, "redis.memory", .healthy, "used \(Self.bytes(used)), no maxmemory limit", details: .object(details))
        }
        let pct = Double(used) / Double(max) * 100
        details.append(("percent", .double((pct * 10).rounded() / 10)))
        let status: HealthStatus = pct >= 100 ? .unhealthy : pct > rules.memoryDegradedPercent ? .degraded : .healthy
        return CheckResult(.redis, "redis.memory", status,
            String(format: "used %@ of %@ (%.1f%%, policy %@; degraded above %.0f%%)", Self.bytes(used), Self.bytes(max), pct, policy,
                rules.memoryDegradedPercent),
            details: .object(details))
    }

    /// Registry hashes never expire, so any eviction may have dropped actors.
    func evictions(_ info: RedisInfo) -> CheckResult {
        let evicted = info.int("evicted_keys") ?? 0
        return CheckResult(.redis, "redis.evictions", evicted > 0 ? .degraded : .healthy,
            evicted > 0 ? "\(evicted) keys evicted since start (registry entries may be lost)" : "no evictions",
            details: .object([("evictedKeys", .int(evicted))]))
    }

    func connections(_ info: RedisInfo) -> CheckResult {
        let rejected = info.int("rejected_connections") ?? 0
        let clients = info.int("connected_clients") ?? 0
        let maxClients = (try? redis.send(.configGet("maxclients")).pairs?.first.flatMap { Int64($0.1) }) ?? nil
        return CheckResult(.redis, "redis.connections", rejected > 0 ? .degraded : .healthy,
            "\(clients) clients\(maxClients.map { " of \($0)" } ?? "")\(rejected > 0 ? ", \(rejected) connections rejected since start" : "")",
            details: .object([("connectedClients", .int(clients)), ("maxClients", JSONValue(maxClients)), ("rejectedConnections", .int(rejected))]))
    }

    func persistence(_ info: RedisInfo) -> CheckResult {
        let rdb = info["rdb_last_bgsave_status"] ?? "ok"
        let aofOn = info["aof_enabled"] == "1"
        let aof = info["aof_last_write_status"] ?? "ok"
        var problems: [String] = []
        if rdb != "ok" { problems.append("last RDB save \(rdb)") }
        if aofOn && aof != "ok" { problems.append("last AOF write \(aof)") }
        return CheckResult(.redis, "redis.persistence", problems.isEmpty ? .healthy : .degraded,
            problems.isEmpty ? "RDB \(rdb), AOF \(aofOn ? aof : "off")" : problems.joined(separator: ", "),
            details: .object([("rdbLastBgsaveStatus", .string(rdb)), ("aofEnabled", .bool(aofOn)), ("aofLastWriteStatus", .string(aof))]))
    }

    func replication(_ info: RedisInfo) -> CheckResult {
        let role = info["role"] ?? "unknown"
        if role == "slave" {
            let link = info["master_link_status"] ?? "unknown"
            let lag = info.int("master_last_io_seconds_ago") ?? -1
            let status: HealthStatus = link != "up" ? .unhealthy : lag > Int64(rules.replicationLagDegradedSeconds) ? .degraded : .healthy
            return CheckResult(.redis, "redis.replication", status, "replica, link \(link), last master I/O \(lag)s ago",
                details: .object([("role", .string("replica")), ("masterLinkStatus", .string(link)), ("lagSeconds", .int(lag))]))
        }
        let replicas = info.int("connected_slaves") ?? 0
        var lags: [JSONValue] = []
        // INFO is data from the server: a negative or absurd count must not trap or loop for ever.
        for i in 0..<Int(clamping: min(max(replicas, 0), 10_000)) {
            // slaveN:ip=…,port=…,state=online,offset=…,lag=0
            let fields = (info["slave\(i)"] ?? "").split(separator: ",").map { $0.split(separator: "=", maxSplits: 1) }
            let lag = fields.first { $0.first == "lag" }.flatMap { $0.count > 1 ? Int64($0[1]) : nil } ?? -1
            lags.append(.int(lag))
        }
        let maxLag = lags.compactMap(\.intValue).max() ?? 0
        return CheckResult(.redis, "redis.replication", maxLag > Int64(rules.replicationLagDegradedSeconds) ? .degraded : .healthy,
            "\(role), \(replicas) replicas\(replicas > 0 ? ", max lag \(maxLag)s" : "")",
            details: .object([("role", .string(role)), ("replicas", .int(replicas)), ("replicaLagSeconds", .array(lags))]))
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n)
        var u = 0
        while v >= 1024 && u < units.count - 1 {
            v /= 1024
            u += 1
        }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
    }
}
