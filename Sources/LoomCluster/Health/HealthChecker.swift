import LoomCore
import LoomRedis

/// Runs the requested categories and assembles one report. An unreachable Redis is itself a
/// finding (unhealthy), never an error: `health` always reports.
public struct HealthChecker: Sendable {
    public let connect: @Sendable () throws -> RedisConnection
    public let keys: Keyspace
    public let rules: HealthRules
    /// Node checks (membership, probes, breaker state); set by the caller when available.
    /// Receives the registry stats when another category already read them (nil otherwise).
    public var nodeCheck: (@Sendable (RedisConnection, ActorRegistry, RegistryStats?) throws -> NodeCheckOutcome)?

    public init(connect: @escaping @Sendable () throws -> RedisConnection, keys: Keyspace, rules: HealthRules) {
        self.connect = connect
        self.keys = keys
        self.rules = rules
    }

    public func run(_ categories: Set<HealthCategory>) -> HealthReport {
        var checks: [CheckResult] = []
        let redis: RedisConnection
        do {
            redis = try connect()
            _ = try redis.command(["PING"])
        } catch {
            let message = (error as? any LoomError)?.message ?? "\(error)"
            checks.append(CheckResult(.redis, "redis.connection", .unhealthy, "unreachable: \(message)"))
            for c in HealthCategory.allCases where c != .redis && categories.contains(c) {
                checks.append(CheckResult(c, c.rawValue, .unhealthy, "not checked: Redis is unreachable"))
            }
            return HealthReport(checks: checks)
        }
        let registry = ActorRegistry(redis: redis, keys: keys)
        func guarded(_ category: HealthCategory, _ body: () throws -> [CheckResult]) {
            do {
                checks += try body()
            } catch {
                let message = (error as? any LoomError)?.message ?? "\(error)"
                checks.append(CheckResult(category, category.rawValue, .unhealthy, "check failed: \(message)"))
            }
        }
        if categories.contains(.redis) { guarded(.redis) { try RedisHealth(redis: redis, rules: rules).run() } }
        // One registry pass serves actors, queues and inferred nodes.
        var stats: RegistryStats?
        if categories.contains(.actors) || categories.contains(.queues) {
            guarded(.actors) {
                stats = try RegistryStats.collect(registry)
                return []
            }
        }
        var downNodes: Set<String> = []
        if categories.contains(.nodes) {
            guarded(.nodes) {
                guard let nodeCheck else { return [CheckResult(.nodes, "nodes", .healthy, "node checks are not available")] }
                let outcome = try nodeCheck(redis, registry, stats)
                downNodes = outcome.downNodes
                return outcome.checks
            }
        }
        if categories.contains(.actors), let stats {
            guarded(.actors) { try ActorHealth(registry: registry, rules: rules).run(stats: stats, downNodes: downNodes) }
        }
        if categories.contains(.breakers) { guarded(.breakers) { try BreakerHealth(redis: redis, keys: keys).run() } }
        if categories.contains(.queues) {
            guarded(.queues) {
                let types = stats.map { Array($0.byType.keys).filter { $0 != RegistryStats.missingField } } ?? []
                return try QueueHealth(redis: redis, keys: keys, rules: rules).run(registryTypes: types)
            }
        }
        return HealthReport(checks: checks)
    }
}

/// What the node checks found, including which nodes are down (for the actors check).
public struct NodeCheckOutcome: Sendable {
    public var checks: [CheckResult]
    public var downNodes: Set<String>

    public init(checks: [CheckResult], downNodes: Set<String>) {
        self.checks = checks
        self.downNodes = downNodes
    }
}
