import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomMembership
import LoomDev

extension Dev.Cluster {
    struct Up: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "up", abstract: "Start N dev nodes (and load generators) on loopback; returns once every node is live.",
            discussion: """
                Node i is node-i with /health on 127.0.0.1:(--base-port + i − 1). Refuses (exit 6) when a dev cluster \
                recorded in the state file still runs or a port is taken; a state file whose processes are all gone (a \
                crashed run) is reported and replaced. If start-up fails or is interrupted, every process started so far \
                is stopped and the state file removed.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Number of nodes (1–64).") var nodes = 3
        @Option(name: .long, help: "Actors in the universe.") var actors = 1000
        @Option(name: .long, help: "Actor types.") var types = 5
        @Option(name: .long, help: ArgumentHelp("Load generator, repeatable.", valueName: "TYPE=RATE")) var load: [String] = []
        @Option(name: .long, help: "Jobs per second per node.") var rate: Double = 10
        @Option(name: .long, help: "Failure fraction per node (0–1).") var failFraction: Double = 0
        @Option(name: .long, help: "First health port.") var basePort = 7700
        @Option(name: .long, help: "Node heartbeat interval in seconds.") var interval: Double = 2
        @Option(name: .long, help: "Actor heartbeat TTL in whole seconds.") var ttl = 10
        @Option(name: .long, help: "Node heartbeat TTL in seconds.") var nodeTtl: Double = 6
        @Option(name: .long, help: "Seconds to wait for the nodes to register.") var wait: Double = 60

        func validate() throws {
            if !(1...64).contains(nodes) { throw ValidationError("--nodes must be between 1 and 64") }
            if !(1...65535).contains(basePort) || basePort + nodes + 64 > 65535 { throw ValidationError("--base-port leaves no room for the nodes") }
            if !(wait.isFinite && wait > 0 && wait <= 3600) { throw ValidationError("--wait must be between 0 and 3600 seconds") }
            for l in load {
                let p = l.split(separator: "=", maxSplits: 1)
                guard p.count == 2, let r = Double(p[1]), r.isFinite, r >= 0, r <= 100_000 else { throw ValidationError("--load must be TYPE=RATE, e.g. order-processor=20") }
                do { try DevQueue.validateType(String(p[0])) } catch { throw ValidationError(error.message) }
            }
            if let why = Self.configProblem(actors: actors, types: types, rate: rate, failFraction: failFraction, interval: interval, ttl: ttl,
                nodeTtl: nodeTtl, port: basePort) { throw ValidationError(why) }
        }

        static func configProblem(actors: Int, types: Int, rate: Double, failFraction: Double, interval: Double, ttl: Int, nodeTtl: Double,
            port: Int) -> String?
        {
            do {
                var c = DevNode.Config(nodeId: "node-1", catalog: try DevCatalog(actors: actors, types: types))
                c.rate = rate
                c.failFraction = failFraction
                c.interval = Agent.duration(interval)
                c.actorTTL = ttl
                c.nodeTTL = Agent.duration(nodeTtl)
                c.healthPort = port
                try c.validate()
                return nil
            } catch { return ErrorHints.message(for: error) }
        }

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            if let old = try DevClusterState.load(path) {
                let running = old.processes.filter(DevClusterState.isOurs)
                if !running.isEmpty {
                    throw CLIError.conflict("a dev cluster is already running (\(running.count) processes recorded in \(path))",
                        hint: "`loomctl dev cluster status` shows it; `loomctl dev cluster down` stops it")
                }
                context.sink.printError("loomctl: removing a stale state file from a crashed run (\(path): none of its \(old.processes.count) processes runs)")
                try? FileManager.default.removeItem(atPath: path)
            }
            _ = try context.redis().send(.ping)
            let ports = (0..<nodes).map { basePort + $0 }
            if let taken = ports.first(where: { !DevProcesses.portFree($0) }) {
                throw CLIError.conflict("port \(taken) on 127.0.0.1 is already in use; no node was started",
                    hint: "pick another --base-port, or stop what listens there (ss -ltnp 'sport = :\(taken)')")
            }
            let nodeArgs = ["--actors", String(actors), "--types", String(types), "--rate", String(rate), "--fail-fraction", String(failFraction),
                "--interval", String(interval), "--ttl", String(ttl), "--node-ttl", String(nodeTtl)]
            var state = DevClusterState(redis: try context.endpoint.display, createdAt: Timestamp.iso(millis: Timestamp.nowMillis()),
                nodeArgs: nodeArgs, basePort: basePort)
            let env = DevProcesses.environment(context)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent + "/dev-cluster-logs",
                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // A crash or Ctrl-C during start-up stops whatever was started and removes the state file.
            let interrupted = StopSignal()
            var sources: [any DispatchSourceSignal] = []
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig, SIG_IGN)
                let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                s.setEventHandler { interrupted.request() }
                s.resume()
                sources.append(s)
            }
            defer {
                for s in sources { s.cancel() }
                for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
            }
            do {
                for (i, port) in ports.enumerated() {
                    let id = "node-\(i + 1)"
                    let args = ["dev", "node", "--node-id", id, "--health-port", String(port)] + nodeArgs
                    let pid = try DevProcesses.spawn(args, env: env, log: DevProcesses.logPath(path, id))
                    state.processes.append(.init(kind: "node", id: id, pid: pid, port: port, args: args))
                    try state.save(path)
                }
                try await waitLive(state.processes, context: context, path: path, interrupted: interrupted)
                for l in load {
                    let p = l.split(separator: "=", maxSplits: 1).map(String.init)
                    let args = ["dev", "load", "--type", p[0], "--rate", p[1]]
                    let pid = try DevProcesses.spawn(args, env: env, log: DevProcesses.logPath(path, "load-\(p[0])"))
                    state.processes.append(.init(kind: "load", id: p[0], pid: pid, port: nil, args: args))
                    try state.save(path)
                }
            } catch {
                _ = DevProcesses.stop(state.processes, grace: .seconds(10), ownChildren: true)
                try? FileManager.default.removeItem(atPath: path)
                if interrupted.isRequested { throw CancellationError() }
                throw error
            }
            Status.print(state, context: context)
        }

        func waitLive(_ procs: [DevClusterState.Proc], context: CommandContext, path: String, interrupted: StopSignal) async throws {
            let task = Task.detached { try DevProcesses.waitLive(procs, context: context, statePath: path, timeout: Agent.duration(wait)) }
            while true {
                if interrupted.isRequested {
                    task.cancel()
                    throw CancellationError()
                }
                if let r = await Self.poll(task) { return try r.get() }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }

        static func poll(_ task: Task<Void, any Error>) async -> Result<Void, any Error>? {
            await withTaskGroup(of: Result<Void, any Error>?.self) { g in
                g.addTask { do { try await task.value; return .success(()) } catch { return .failure(error) } }
                g.addTask { try? await Task.sleep(for: .milliseconds(100)); return nil }
                let first = await g.next()!
                g.cancelAll()
                return first
            }
        }
    }
}
