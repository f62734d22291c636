#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemBind = Glibc.bind
#elseif canImport(Darwin)
private let systemBind = Darwin.bind
#endif

/// TCP sockets on 127.0.0.1, the only address loomctl's own servers (dev node health, test
/// peers) ever bind: one place for the sockaddr dance.
public enum Loopback {
    /// Binds a TCP socket to 127.0.0.1:`port` (0 = the kernel picks) and listens when asked.
    /// Returns the socket and its port, or the errno of the failed step (the socket is closed).
    public static func bind(port: Int, listening: Bool, backlog: Int32 = 16) -> Result<(fd: Int32, port: Int), Errno> {
        guard (0...65535).contains(port) else { return .failure(Errno(code: EINVAL)) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(Errno(code: errno)) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemBind(fd, $0, len) } }
        guard bound == 0, !listening || listen(fd, backlog) == 0 else {
            let e = errno
            close(fd)
            return .failure(Errno(code: e))
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return .success((fd, Int(UInt16(bigEndian: addr.sin_port))))
    }

    /// Whether 127.0.0.1:`port` can be bound right now (a hint only: another process may take it next).
    public static func isFree(_ port: Int) -> Bool {
        guard case .success(let s) = bind(port: port, listening: false) else { return false }
        close(s.fd)
        return true
    }

    /// An errno with its text, so callers can tell EADDRINUSE from the rest.
    public struct Errno: Error, Sendable, Equatable {
        public let code: Int32
        public var inUse: Bool { code == EADDRINUSE }
        public var text: String { String(cString: strerror(code)) }
    }
}
