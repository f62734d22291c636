import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomKeyspace
import LoomMembership
import LoomDev

/// The processes of a local dev cluster, recorded in `$XDG_STATE_HOME/loomctl/dev-cluster.json`
/// (mode 0600) so `down` ends exactly them and nothing else.
struct DevClusterState: Sendable {
    struct Proc: Sendable {
        var kind: String  // node | load
        var id: String
        var pid: Int32
        var port: Int?
        var args: [String]
    }

    var redis: String
    var createdAt: String
    var nodeArgs: [String]
    var basePort: Int
    var processes: [Proc] = []

    static func path(environment env: [String: String]) -> String {
        let base = env["XDG_STATE_HOME"].nonEmpty ?? ((env["HOME"].nonEmpty ?? NSHomeDirectory()) + "/.local/state")
        return base + "/loomctl/dev-cluster.json"
    }

    func json() -> JSONValue {
        .object([
            ("redis", .string(redis)), ("createdAt", .string(createdAt)), ("basePort", .int(Int64(basePort))),
            ("nodeArgs", .array(nodeArgs.map { .string($0) })),
            ("processes", .array(processes.map { p in
                .object([("kind", .string(p.kind)), ("id", .string(p.id)), ("pid", .int(Int64(p.pid))), ("port", JSONValue(p.port.map(Int64.init))),
                    ("args", .array(p.args.map { .string($0) }))])
            })),
        ])
    }

    static func load(_ path: String) throws -> DevClusterState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bad = { (why: String) in CLIError.badData("state file \(path) is unreadable: \(why)", hint: "remove it by hand after checking no dev node runs (pgrep -af 'loomctl dev node')") }
        let v: JSONValue
        do { v = try JSONValue.parse(bytes: Array(data)) } catch { throw bad("\(error)") }
        guard let redis = v["redis"]?.stringValue, let procs = v["processes"]?.arrayValue else { throw bad("missing fields") }
        var s = DevClusterState(redis: redis, createdAt: v["createdAt"]?.stringValue ?? "",
            nodeArgs: v["nodeArgs"]?.arrayValue?.compactMap(\.stringValue) ?? [], basePort: Int(v["basePort"]?.intValue ?? 7700))
        for p in procs {
            guard let kind = p["kind"]?.stringValue, let id = p["id"]?.stringValue, let pid = p["pid"]?.intValue, let pid32 = Int32(exactly: pid), pid32 > 1 else {
                throw bad("a process entry lacks kind, id or a valid pid")
            }
            s.processes.append(Proc(kind: kind, id: id, pid: pid32, port: p["port"]?.intValue.flatMap { Int(exactly: $0) },
                args: p["args"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        return s
    }

    func save(_ path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var bytes: [UInt8] = []
        json().write(to: &bytes, indent: 2, level: 0)
        bytes.append(0x0A)
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CLIError.badData("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        fchmod(fd, 0o600)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard rename(tmp, path) == 0 else { throw CLIError.badData("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Whether `p` still runs AND is the process we started (its command line names it), so a
    /// recycled PID is never signalled.
    static func isOurs(_ p: Proc) -> Bool {
        guard kill(p.pid, 0) == 0 || errno == EPERM else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(p.pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
        {
            return false
        }
        guard let data = FileManager.default.contents(atPath: "/proc/\(p.pid)/cmdline") else { return false }
        let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard argv.contains("dev") else { return false }
        return p.kind == "node" ? zip(argv, argv.dropFirst()).contains { $0 == "--node-id" && $1 == p.id }
            : zip(argv, argv.dropFirst()).contains { $0 == "--type" && $1 == p.id }
    }

    /// Whether `pid` runs (not a zombie). For our own unreaped children only: their PID cannot be
    /// recycled, and right after posix_spawn their cmdline may still be ours (before exec).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Whether the process is stopped (SIGSTOP).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("T")
    }
}

extension Dev {
    struct Cluster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster", abstract: "Run a live local Loom cluster of `dev node` processes (up, status, add-node, kill, down).",
            discussion: """
                Node processes run on loopback against the configured Redis; their PIDs are recorded in \
                $XDG_STATE_HOME/loomctl/dev-cluster.json (mode 0600). `down` ends exactly the recorded processes and \
                removes the file. See docs/dev-cluster.md.
                """,
            subcommands: [Up.self, Status.self, AddNode.self, Kill.self, Down.self])
    }
}

/// Spawning and stopping dev processes (shared by the cluster verbs).
enum DevProcesses {
    static var selfExe: String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] }

    /// The environment for children: ours plus the resolved Redis URL, password and prefixes (via
    /// the environment, never argv, so a password does not show in `ps`).
    static func environment(_ context: CommandContext) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in context.environment { env[k] = v }
        env["LOOMCTL_REDIS_URL"] = context.settings.redisURL
        if let pw = context.settings.redisPassword { env["LOOMCTL_REDIS_PASSWORD"] = pw }
        let k = context.keyspace
        env["LOOMCTL_KEY_PREFIX"] = k.keyPrefix
        env["LOOMCTL_ACTOR_PREFIX"] = k.actorPrefix
        env["LOOMCTL_BULL_PREFIX"] = k.bullPrefix
        env["LOOMCTL_NODE_PREFIX"] = k.nodePrefix
        env["LOOMCTL_TIMEOUT"] = String(context.settings.timeout)
        env["LOOMCTL_OUTPUT"] = nil
        return env
    }

    /// Starts `loomctl <args>` in its own session (a Ctrl-C in the terminal does not reach it),
    /// output appended to `log`.
    static func spawn(_ args: [String], env: [String: String], log: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(0x80 /* POSIX_SPAWN_SETSID (glibc) */ | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        let argv = [selfExe] + args
        let cargs = argv.map { strdup($0) } + [nil]
        let cenv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for a in cargs { free(a) }
            for e in cenv { free(e) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, cenv)
        guard rc == 0 else { throw CLIError.badData("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Reaps `pid` if it is our child (non-blocking); harmless otherwise.
    static func reap(_ pid: Int32) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// SIGTERM (SIGCONT first, so a stopped node can drain), wait up to `grace`, then SIGKILL.
    /// Only processes that are still ours are signalled. Returns the ids that needed SIGKILL.
    static func stop(_ procs: [DevClusterState.Proc], grace: Duration, ownChildren: Bool = false) -> [String] {
        func alive(_ p: DevClusterState.Proc) -> Bool {
            guard ownChildren else { return DevClusterState.isOurs(p) }
            reap(p.pid)
            return DevClusterState.isRunning(p.pid)
        }
        let live = procs.filter(alive)
        for p in live {
            kill(p.pid, SIGCONT)
            kill(p.pid, SIGTERM)
        }
        let deadline = ContinuousClock.now + grace
        var remaining = live
        while !remaining.isEmpty && ContinuousClock.now < deadline {
            for p in remaining { reap(p.pid) }
            remaining = remaining.filter(alive)
            if !remaining.isEmpty { usleep(50_000) }
        }
        for p in remaining { kill(p.pid, SIGKILL) }
        let killDeadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < killDeadline && remaining.contains(where: alive) {
            for p in remaining { reap(p.pid) }
            usleep(20_000)
        }
        return remaining.map(\.id)
    }

    static func portFree(_ port: Int) -> Bool {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { return false }
        defer { close(s) }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }

    static func logPath(_ statePath: String, _ id: String) -> String {
        (statePath as NSString).deletingLastPathComponent + "/dev-cluster-logs/\(id).log"
    }

    static func tail(_ path: String) -> String {
        guard let d = FileManager.default.contents(atPath: path) else { return "" }
        return TerminalText.escapeKeepingLines(String(decoding: d.suffix(600), as: UTF8.self))
    }

    /// Waits until every node in `ids` is live in the membership table; fails early when a node
    /// process exits (its log tail is quoted).
    static func waitLive(_ procs: [DevClusterState.Proc], context: CommandContext, statePath: String, timeout: Duration) throws {
        let membership = NodeMembership(redis: try context.redis(), keys: context.keyspace)
        let deadline = ContinuousClock.now + timeout
        while true {
            for p in procs {
                reap(p.pid)
                if !DevClusterState.isRunning(p.pid) {
                    throw CLIError.badData("dev node \(p.id) (pid \(p.pid)) exited during start-up; its log ends with:\n\(tail(logPath(statePath, p.id)))")
                }
            }
            let snap = try membership.read()
            if procs.allSatisfy({ p in snap.node(p.id)?.isLive == true }) { return }
            if ContinuousClock.now >= deadline {
                throw CLIError(.unreachable, code: "timeout", "dev nodes did not register within \(timeout.formatted()): "
                    + procs.filter { snap.node($0.id)?.isLive != true }.map(\.id).joined(separator: ", "),
                    hint: "see their logs in \((statePath as NSString).deletingLastPathComponent)/dev-cluster-logs/")
            }
            usleep(100_000)
        }
    }
}

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
            } catch { return error.message }
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

    struct Status: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the recorded dev cluster processes and their node state.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard let state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "start one with `loomctl dev cluster up`")
            }
            Self.print(state, context: context)
        }

        static func print(_ state: DevClusterState, context: CommandContext) {
            let snap = try? NodeMembership(redis: try context.redis(), keys: context.keyspace).read()
            let printer = context.listPrinter(headers: ["ID", "KIND", "PID", "PROCESS", "PORT", "NODE", "ACTORS"])
            for p in state.processes {
                let proc = !DevClusterState.isOurs(p) ? "exited" : DevClusterState.isStopped(p.pid) ? "stopped" : "running"
                let rec = p.kind == "node" ? snap?.node(p.id) : nil
                let nodeState = p.kind != "node" ? "-" : rec.map { $0.isLive ? $0.status.rawValue : "down" } ?? "absent"
                let json = JSONValue.object([("id", .string(p.id)), ("kind", .string(p.kind)), ("pid", .int(Int64(p.pid))),
                    ("process", .string(proc)), ("port", JSONValue(p.port.map(Int64.init))), ("node", .string(nodeState)),
                    ("actors", JSONValue(rec?.actorCount.map(Int64.init)))])
                printer.add(Row(json: json, cells: [Cell(p.id), Cell(p.kind), Cell(String(p.pid)), Cell(proc), Cell(p.port.map(String.init) ?? "-"),
                    Cell(nodeState), Cell(rec?.actorCount.map(String.init) ?? "-")], name: p.id))
            }
            printer.finish()
        }
    }

    struct AddNode: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "add-node", abstract: "Start one more dev node with the cluster's settings.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Node id (default node-<next>).", completion: .nodes) var nodeId: String?
        @Option(name: .long, help: "Seconds to wait for it to register.") var wait: Double = 60

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard var state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "start one with `loomctl dev cluster up`")
            }
            let nodes = state.processes.filter { $0.kind == "node" }
            let id = nodeId ?? "node-\((nodes.compactMap { Int($0.id.dropFirst(5)) }.max() ?? 0) + 1)"
            do { try NodeRecord.validateID(id) } catch { throw CLIError.invalid(error.message) }
            if nodes.contains(where: { $0.id == id }) { throw CLIError.conflict("node \(id) is already part of the dev cluster") }
            var port = max(state.basePort, (nodes.compactMap(\.port).max() ?? state.basePort - 1) + 1)
            while !DevProcesses.portFree(port) && port < 65535 { port += 1 }
            let args = ["dev", "node", "--node-id", id, "--health-port", String(port)] + state.nodeArgs
            let pid = try DevProcesses.spawn(args, env: DevProcesses.environment(context), log: DevProcesses.logPath(path, id))
            let proc = DevClusterState.Proc(kind: "node", id: id, pid: pid, port: port, args: args)
            state.processes.append(proc)
            try state.save(path)
            try DevProcesses.waitLive([proc], context: context, statePath: path, timeout: Agent.duration(wait))
            context.sink.print("started \(id) (pid \(pid), health 127.0.0.1:\(port))\n")
        }
    }

    struct Kill: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to one recorded dev node (KILL, STOP, CONT or TERM).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Node id (e.g. node-2).", completion: .nodes) var node: String
        @Option(name: .long, help: "KILL, STOP, CONT or TERM.") var signal = "KILL"

        func validate() throws {
            if Self.signals[signal.uppercased()] == nil { throw ValidationError("--signal must be KILL, STOP, CONT or TERM") }
        }

        static let signals: [String: Int32] = ["KILL": SIGKILL, "STOP": SIGSTOP, "CONT": SIGCONT, "TERM": SIGTERM]

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard let state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "start one with `loomctl dev cluster up`")
            }
            guard let p = state.processes.first(where: { $0.id == node && $0.kind == "node" }) else {
                throw CLIError.notFound("no dev node '\(node)' in the cluster", hint: "`loomctl dev cluster status` lists them")
            }
            guard DevClusterState.isOurs(p) else { throw CLIError.notFound("dev node \(node) (pid \(p.pid)) is not running") }
            guard Foundation.kill(p.pid, Self.signals[signal.uppercased()]!) == 0 else {
                throw CLIError.badData("kill \(p.pid): \(String(cString: strerror(errno)))")
            }
            context.sink.print("sent SIG\(signal.uppercased()) to \(node) (pid \(p.pid))\n")
        }
    }

    struct Down: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop every recorded dev process (SIGTERM, then SIGKILL) and remove the state file.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Seconds each process gets to drain before SIGKILL.") var grace: Double = 20

        func validate() throws {
            if !(grace.isFinite && grace >= 0 && grace <= 3600) { throw ValidationError("--grace must be between 0 and 3600 seconds") }
        }

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard let state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "nothing to stop")
            }
            let running = state.processes.filter(DevClusterState.isOurs)
            // Load generators first, so the nodes drain queues that no longer grow.
            let killed = DevProcesses.stop(running.filter { $0.kind == "load" }, grace: Agent.duration(grace))
                + DevProcesses.stop(running.filter { $0.kind == "node" }, grace: Agent.duration(grace))
            try FileManager.default.removeItem(atPath: path)
            var msg = "stopped \(running.count) of \(state.processes.count) recorded processes"
            if running.count < state.processes.count { msg += " (\(state.processes.count - running.count) had already exited)" }
            if !killed.isEmpty { msg += "; SIGKILL needed for \(killed.joined(separator: ", "))" }
            context.sink.print(msg + "\n")
        }
    }
}
