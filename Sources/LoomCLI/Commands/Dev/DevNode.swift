import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomRedis
import Logging
import LoomMembership
import LoomDev

extension Dev {
    /// `loomctl dev node`: one simulated Loom worker node (docs/dev-cluster.md).
    struct Node: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "node", abstract: "Run one simulated Loom worker node (hosts ring-assigned actors, consumes BullMQ jobs).",
            discussion: """
                Registers and heartbeats its node record like `loomctl agent`, hosts the actors of the --actors/--types \
                universe that the ring assigns to it (registry writes compare workerId, so no actor is ever hosted by two \
                live nodes; hand-over protocol in docs/keyspace.md), consumes jobs of its actors' BullMQ queues \
                (actor-{type}) at --rate, fails --fail-fraction of them (Loom's circuit-breaker keys count them) and serves \
                /health and /ready on 127.0.0.1:--health-port. SIGTERM drains (stop work, release actors, deregister); \
                kill -9 just vanishes; SIGSTOP/SIGCONT pause it. Logs are JSON lines on stderr.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Node id (the workerId of its actors).", completion: .nodes) var nodeId: String
        @Option(name: .long, help: "Capacity (ring weight).") var capacity: Double = 1
        @Option(name: .long, help: "Zone of the node record (ring fallbacks, zone routing).") var zone = ""
        @Option(name: .long, help: "Fraction (0–1) of each job's time spent burning CPU rather than sleeping, so cpuPercent follows the work.")
        var cpuWork: Double = 0
        @Option(name: .long, help: "Jobs per second this node processes (0 = none).") var rate: Double = 10
        @Option(name: .long, help: "Fraction of jobs that fail (0–1).") var failFraction: Double = 0
        @Option(name: .long, help: "Serve /health and /ready on 127.0.0.1:PORT (0 = any free port).") var healthPort: Int?
        @Option(name: .long, help: "Size of the actor universe shared by all dev nodes.") var actors = 1000
        @Option(name: .long, help: "Number of actor types in the universe.") var types = 5
        @Option(name: .long, help: "Seconds between heartbeat rounds (0.05–3600).") var interval: Double = 2
        @Option(name: .long, help: "Actor heartbeat TTL in whole seconds (at least 2 × --interval).") var ttl = 10
        @Option(name: .long, help: "Node heartbeat TTL in seconds (longer than --interval).") var nodeTtl: Double = 6
        @Option(name: .long, help: "Seconds the drain may wait for the registry to show no actors.") var drainTimeout: Double = 10
        @Option(name: .long, help: "debug, info, warning or error.") var logLevel = "info"

        func validate() throws {
            for (flag, v) in [("--interval", interval), ("--node-ttl", nodeTtl), ("--drain-timeout", drainTimeout)]
            where !(v.isFinite && v >= 0 && v <= 86_400) {
                throw ValidationError("\(flag) must be between 0 and 86400 seconds")
            }
            if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be debug, info, warning or error") }
            do { try config().validate() } catch { throw ValidationError(ErrorHints.message(for: error)) }
        }

        func config() throws(DevError) -> DevNode.Config {
            var c = DevNode.Config(nodeId: nodeId, catalog: try DevCatalog(actors: actors, types: types))
            c.capacity = capacity
            c.zone = zone
            c.cpuWork = cpuWork
            c.rate = rate
            c.failFraction = failFraction
            c.interval = Agent.duration(interval)
            c.actorTTL = ttl
            c.nodeTTL = Agent.duration(nodeTtl)
            c.drainTimeout = Agent.duration(drainTimeout)
            c.healthPort = healthPort
            return c
        }

        func run(in context: CommandContext) async throws {
            let log = Agent.jsonLog(label: "loomctl.dev.node", nodeId: nodeId, level: logLevel, sink: context.sink)
            let endpoint = try context.endpoint
            let timeouts = RedisTimeouts(connect: .seconds(2), reply: .seconds(2))
            let node = try DevNode(config: try config(), keys: context.keyspace, connect: { try RedisConnection(endpoint, timeouts: timeouts) }, log: log)
            signal(SIGPIPE, SIG_IGN)
            let stop = StopSignal()
            var sources: [any DispatchSourceSignal] = []
            for sig in [SIGTERM, SIGINT] {
                signal(sig, SIG_IGN)
                let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                s.setEventHandler {
                    log(.info, sig == SIGTERM ? "SIGTERM received" : "SIGINT received", [])
                    stop.request()
                }
                s.resume()
                sources.append(s)
            }
            defer { for s in sources { s.cancel() } }
            log(.info, "starting", [("redis", .string(endpoint.display)), ("actors", .int(Int64(actors))), ("types", .int(Int64(types))),
                ("rate", .double(rate)), ("interval", .double(interval)), ("ttl", .int(Int64(ttl)))])
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let t = Thread {
                    do {
                        try node.run(stop: stop)
                        c.resume()
                    } catch { c.resume(throwing: error) }
                }
                t.name = "loomctl-dev-control"
                t.start()
            }
            log(.info, "stopped", [])
        }
    }
}
