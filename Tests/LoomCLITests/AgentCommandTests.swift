import Foundation
import LoomCLI
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomMembership

@Suite("loomctl agent against a real redis-server")
struct AgentCommandTests {
    let redis: RedisServer
    let membership: NodeMembership

    init() throws {
        signal(SIGPIPE, SIG_IGN)
        redis = try RedisServer()
        membership = NodeMembership(redis: try redis.connect(), keys: Keyspace())
    }

    @Test func onceRegistersAndHeartbeats() async throws {
        let r = await runCLI(["agent", "--node-id", "n1", "--address", "http://n1:8080", "--capacity", "2", "--zone", "eu-1", "--once",
            "--ttl", "60", "--label", "pool=a"], redis: redis)
        #expect(r.code == 0, "\(r.stderr)")
        let n = try #require(try membership.read().node("n1"))
        #expect(n.isEligible && n.capacity == 2 && n.zone == "eu-1" && n.actorCount == 0)
        #expect((n.heartbeatTTLMillis ?? 0) > 50_000)
        // Logs are JSON lines on stderr, stdout stays empty.
        #expect(r.stdout.isEmpty)
        let logs = try jsonLines(r.stderr)
        #expect(logs.contains { $0["msg"]?.stringValue == "registered" && $0["nodeId"]?.stringValue == "n1" && $0["level"]?.stringValue == "info" })
        #expect(logs.allSatisfy { $0["ts"]?.stringValue != nil })
        // Shown as a live agent node.
        let show = try JSONValue.parse(await runCLI(["ring", "show", "-o", "json", "--no-actors"], redis: redis).stdout)
        #expect(show["source"]?.stringValue == "agent")
    }

    @Test func inProcessStopHookDrainsAndDeregisters() async throws {
        let stop = StopSignal()
        defer { stop.request() }
        let server = redis
        let task = Task {
            await Agent.$stopSignal.withValue(stop) {
                await runCLI(["agent", "--node-id", "n2", "--address", "http://n2:8080", "--interval", "0.1", "--ttl", "30",
                    "--drain-timeout", "2", "--log-level", "debug"], redis: server)
            }
        }
        // A generous TTL: on a loaded 2-core CI box the agent's heartbeat thread can be starved for seconds.
        let end = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < end, try membership.read().node("n2")?.isEligible != true { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try membership.read().node("n2")?.isEligible == true)
        stop.request()
        let r = await task.value
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try membership.read().node("n2") == nil)
        let msgs = try jsonLines(r.stderr).compactMap { $0["msg"]?.stringValue }
        #expect(msgs.contains("stopping: draining"))
        #expect(msgs.contains("deregistered"))
        #expect(msgs.contains("status"))
    }

    /// Ctrl-C (task cancellation) drains and deregisters too, then exits 130.
    @Test func ctrlCDrainsThenExits130() async throws {
        let server = redis
        let task = Task {
            await runCLI(["agent", "--node-id", "n3", "--address", "http://n3:8080", "--interval", "0.1", "--ttl", "30", "--drain-timeout", "1"],
                redis: server)
        }
        let end = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < end, try membership.read().node("n3") == nil { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        let r = await task.value
        #expect(r.code == 130, "\(r.stderr)")
        #expect(try membership.read().node("n3") == nil)
    }

    @Test func usageErrors() async {
        #expect(await runCLI(["agent", "--node-id", "n", "--address", "x", "--interval", "5", "--ttl", "5"], redis: redis).code == 2)
        #expect(await runCLI(["agent", "--node-id", "all", "--address", "x", "--once"], redis: redis).code == 2)
        #expect(await runCLI(["agent", "--address", "x"], redis: redis).code == 2)
        #expect(await runCLI(["agent", "--node-id", "n", "--address", "x", "--once", "--redis", "redis://127.0.0.1:1", "--timeout", "1"]).code == 7)
    }

    /// The real binary, a real SIGTERM: drain, deregister, exit 0.
    @Test func sigtermToTheSpawnedBinaryDrainsAndExits0() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/loomctl").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build loomctl first (swift build)")
        let log = NSTemporaryDirectory() + "agent-\(UUID().uuidString.prefix(8)).log"
        let pid = try spawn(binary, ["agent", "--node-id", "spawned", "--address", "http://s:8080", "--interval", "0.2", "--ttl", "3",
            "--drain-timeout", "2"], env: ["LOOMCTL_REDIS_URL=\(redis.url)", "XDG_CONFIG_HOME=\(TestDirs.configHome)", "HOME=\(NSTemporaryDirectory())"],
            stderrPath: log)
        var status: Int32 = 0
        defer { if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) } }
        let end = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < end, try membership.read().node("spawned") == nil { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try membership.read().node("spawned") != nil)
        kill(pid, SIGTERM)
        var exited = false
        for _ in 0..<300 {
            if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(exited)
        #expect(exited && (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0)
        #expect(try membership.read().node("spawned") == nil)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("\"msg\":\"SIGTERM received\""))
        #expect(text.contains("\"msg\":\"deregistered\""))
    }

    func spawn(_ binary: String, _ args: [String], env: [String], stderrPath: String) throws -> pid_t {
        var pid: pid_t = 0
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { for a in argv + envp { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard rc == 0 else { throw CocoaError(.fileNoSuchFile) }
        return pid
    }
}
