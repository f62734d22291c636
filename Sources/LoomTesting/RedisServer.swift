import Foundation
import LoomCore
import LoomRedis

/// A real `redis-server` in a temp directory (unix socket, optional TCP port), stopped on deinit.
///
/// Tests never fake Redis: each suite starts its own server, so suites run in parallel without
/// sharing keys, and nothing outlives the test process.
public final class RedisServer: @unchecked Sendable {
    public let directory: String
    public let socketPath: String
    public let port: Int?
    public let password: String?
    public private(set) var pid: pid_t = 0

    public enum StartError: Error, CustomStringConvertible {
        case notInstalled
        case didNotStart(String)
        public var description: String {
            switch self {
            case .notInstalled: return "redis-server is not installed (run `make deps`)"
            case .didNotStart(let log): return "redis-server did not start: \(log)"
            }
        }
    }

    /// - Parameters:
    ///   - tcp: also listen on a free loopback port.
    ///   - password: `requirepass`.
    ///   - config: extra `--name value` pairs (for example `["maxmemory", "1mb"]`).
    public init(tcp: Bool = false, password: String? = nil, config: [String] = []) throws {
        guard let binary = Self.findBinary() else { throw StartError.notInstalled }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loomctl-redis-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        directory = dir
        socketPath = dir + "/redis.sock"
        self.password = password
        port = tcp ? Self.freePort() : nil
        var args = [
            "--port", String(port ?? 0), "--bind", "127.0.0.1", "--unixsocket", socketPath, "--unixsocketperm", "700",
            "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", dir + "/redis.log",
            "--protected-mode", "no",
        ]
        if let password { args += ["--requirepass", password] }
        var i = 0
        while i + 1 < config.count {
            args += ["--" + config[i], config[i + 1]]
            i += 2
        }
        self.binary = binary
        self.arguments = args
        try start()
    }

    private let binary: String
    private let arguments: [String]

    private func start() throws {
        pid = try Self.spawn(binary, arguments)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: socketPath), (try? RedisConnection(endpoint, timeouts: .seconds(1))) != nil {
                return
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { pid = 0; break }
            usleep(20_000)
        }
        let log = (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
        throw StartError.didNotStart(String(log.suffix(500)))
    }

    /// posix_spawn rather than Foundation.Process, whose waitUntilExit can deadlock on Linux.
    static func spawn(_ binary: String, _ arguments: [String]) throws -> pid_t {
        var pid: pid_t = 0
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw StartError.didNotStart("posix_spawn failed: \(String(cString: strerror(rc)))") }
        return pid
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `unix:///tmp/.../redis.sock` (with the password when one is set).
    public var url: String {
        password.map { "unix://\(socketPath)?password=\($0)" } ?? "unix://\(socketPath)"
    }

    /// The socket URL without credentials.
    public var socketURL: String { "unix://\(socketPath)" }

    public var tcpURL: String? {
        guard let port else { return nil }
        return password.map { "redis://:\($0)@127.0.0.1:\(port)" } ?? "redis://127.0.0.1:\(port)"
    }

    public var endpoint: RedisEndpoint {
        RedisEndpoint(address: .unix(path: socketPath), password: password)
    }

    public func connect() throws -> RedisConnection {
        try RedisConnection(endpoint, timeouts: .seconds(5))
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    public func kill() {
        signalAndReap(SIGKILL)
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    public func stop() { signalAndReap(SIGTERM) }

    private func signalAndReap(_ sig: Int32) {
        guard pid > 0 else { return }
        Foundation.kill(pid, sig)
        var status: Int32 = 0
        // Bounded wait, then SIGKILL: a test must never hang on teardown.
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) == pid { pid = 0; return }
            usleep(10_000)
        }
        Foundation.kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        pid = 0
    }

    /// Stops and starts again on the same socket (data is not persisted).
    public func restart() throws {
        kill()
        try start()
    }

    /// Suspends the server (SIGSTOP) so it accepts connections but answers nothing; `resume()` undoes it.
    public func pause() { if pid > 0 { Foundation.kill(pid, SIGSTOP) } }
    public func resume() { if pid > 0 { Foundation.kill(pid, SIGCONT) } }

    static func findBinary() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let candidate = "\(dir)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A free loopback TCP port (bind to 0, read it back, close).
    public static func freePort() -> Int {
        let (fd, port) = bindLoopback(listening: false)
        close(fd)
        return port
    }

    /// A TCP socket bound to 127.0.0.1 on a kernel-chosen port (listening if asked).
    static func bindLoopback(listening: Bool) -> (fd: Int32, port: Int) {
        switch Loopback.bind(port: 0, listening: listening) {
        case .success(let s): return s
        case .failure(let e): fatalError("cannot bind a loopback test socket: \(e.text)")
        }
    }
}

/// A TCP listener on loopback that accepts connections and never answers: the reply-timeout case.
public final class BlackholeServer: @unchecked Sendable {
    public let port: Int
    private let fd: Int32
    private var accepted: [Int32] = []
    private let lock = NSLock()
    private var thread: Thread?
    private var stopped = false

    public init() {
        (fd, port) = RedisServer.bindLoopback(listening: true)
        startAccepting()
    }

    private func startAccepting() {
        let listenFD = fd
        let t = Thread { [weak self] in
            while true {
                let c = accept(listenFD, nil, nil)
                if c < 0 { return }
                guard let self else { close(c); return }
                self.lock.lock()
                self.accepted.append(c)
                self.lock.unlock()
            }
        }
        thread = t
        t.start()
    }

    public var url: String { "redis://127.0.0.1:\(port)" }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        lock.lock()
        for c in accepted { close(c) }
        lock.unlock()
    }
}
