import LoomCore
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// Runs the requested categories and assembles one report. An unreachable Redis is itself a
/// finding (unhealthy), never an error: `health` always reports.
public struct HealthChecker: Sendable {
    public let connect: @Sendable () throws -> any RedisClient
    public let keys: Keyspace
    public let rules: HealthRules
    /// How the actor registry is read: sampled (the default) or, with `exact`, a full pass.
    public var sampling = SamplingPlan()
    public var exact = false
    /// Node checks (membership, probes, breaker state); set by the caller when available.
    /// Gets the registry census on demand (read at most once per run, shared with the actor and queue checks).
    public var nodeCheck: (@Sendable (any RedisClient, ActorRegistry, () throws -> ActorCensus) throws -> NodeCheckOutcome)?

    public init(connect: @escaping @Sendable () throws -> any RedisClient, keys: Keyspace, rules: HealthRules) {
        self.connect = connect
        self.keys = keys
        self.rules = rules
    }

    public func run(_ categories: Set<HealthCategory>) -> HealthReport {
        var checks: [CheckResult] = []
        let redis: any RedisClient
        do {
            redis = try connect()
            _ = try redis.send(.ping)
        } catch {
            let message = (error as? any LoomError)?.message ?? "\(error)"
            checks.append(CheckResult(.redis, "redis.connection", .unhealthy, "unreachable: \(message)"))
            for c in HealthCategory.allCases where c != .redis && c != .cosmos && categories.contains(c) {
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
        // One read of the registry (a sample, or a full pass with --exact) serves actors, queues and inferred nodes.
        var census: ActorCensus?
        let plan = sampling
        let exact = self.exact
        func readCensus() throws -> ActorCensus {
            if let census { return census }
            let c = try ActorCensus.collect(registry, plan: plan, exact: exact)
            census = c
            return c
        }
        if categories.contains(.actors) || categories.contains(.queues) {
            guarded(.actors) {
                _ = try readCensus()
                return []
            }
        }
        var downNodes: Set<String> = []
        if categories.contains(.nodes) {
            guarded(.nodes) {
                guard let nodeCheck else { return [CheckResult(.nodes, "nodes", .healthy, "node checks are not available")] }
                let outcome = try nodeCheck(redis, registry, readCensus)
                downNodes = outcome.downNodes
                return outcome.checks
            }
        }
        if categories.contains(.actors), let census {
            guarded(.actors) { try ActorHealth(registry: registry, rules: rules).run(census: census, downNodes: downNodes) }
        }
        // A sampled run never walks the keyspace (a SCAN of a million-actor keyspace costs seconds of
        // server time): breakers and queues are those of the sampled types; exact runs also SCAN.
        let sampled = census.map { !$0.exact } ?? false
        if categories.contains(.breakers) {
            guarded(.breakers) { try BreakerHealth(redis: redis, keys: keys).run(knownTypes: sampled ? census?.typeNames : nil) }
        }
        if categories.contains(.queues) {
            guarded(.queues) {
                try QueueHealth(redis: redis, keys: keys, rules: rules).run(registryTypes: census?.typeNames ?? [], scanKeyspace: !sampled)
            }
        }
        return HealthReport(checks: checks, sampling: census?.json(), samplingSummary: census.flatMap { $0.exact ? nil : $0.summaryLine })
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
