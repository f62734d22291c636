import Foundation
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
    private var process: Process?

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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: socketPath), (try? RedisConnection(endpoint, timeouts: .seconds(1))) != nil {
                return
            }
            if !p.isRunning { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
        throw StartError.didNotStart(String(log.suffix(500)))
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
        guard let p = process, p.isRunning else { return }
        Foundation.kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    public func stop() {
        guard let p = process, p.isRunning else { return }
        p.terminate()
        p.waitUntilExit()
    }

    /// Stops and starts again on the same socket (data is not persisted).
    public func restart() throws {
        kill()
        try start()
    }

    public var pid: Int32? { process?.processIdentifier }

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
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
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
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        listen(fd, 16)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
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
