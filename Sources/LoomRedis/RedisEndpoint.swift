import LoomCore

/// Where and how to connect, parsed from the URL forms in operator-conventions.md:
/// `redis://[user[:password]@]host[:port][/db]`, `unix:///path/to.sock[?db=N]`, `rediss://…`.
public struct RedisEndpoint: Sendable, Equatable {
    public enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    public var address: Address
    public var username: String?
    public var password: String?
    public var database: Int
    public var tls: Bool

    public init(address: Address, username: String? = nil, password: String? = nil, database: Int = 0, tls: Bool = false) {
        self.address = address
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// The endpoint without credentials, for prompts, logs and errors.
    public var display: String {
        let user = username.map { "\($0)@" } ?? ""
        switch address {
        case .tcp(let host, let port):
            let h = host.contains(":") ? "[\(host)]" : host
            return "\(tls ? "rediss" : "redis")://\(user)\(h):\(port)\(database != 0 ? "/\(database)" : "")"
        case .unix(let path):
            return "unix://\(path)\(database != 0 ? "?db=\(database)" : "")"
        }
    }

    /// Short form for the shell prompt: `127.0.0.1:6379` or the socket path.
    public var shortDisplay: String {
        switch address {
        case .tcp(let host, let port): return "\(host):\(port)\(database != 0 ? "/\(database)" : "")"
        case .unix(let path): return path
        }
    }

    public static func parse(_ url: String) throws(RedisError) -> RedisEndpoint {
        let bad = { (why: String) in
            RedisError(.usage, "invalid Redis URL '\(Redact.url(url))': \(why)",
                hint: "use redis://[user[:password]@]host[:port][/db] or unix:///path/to.sock[?db=N]")
        }
        guard let schemeEnd = url.range(of: "://") else { throw bad("missing scheme") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var rest = String(url[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for part in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = part.split(separator: "=", maxSplits: 1)
                query[String(kv[0])] = kv.count > 1 ? percentDecode(String(kv[1])) : ""
            }
            rest = String(rest[..<q])
        }
        var endpoint: RedisEndpoint
        switch scheme {
        case "unix":
            guard rest.hasPrefix("/"), rest.count > 1 else { throw bad("unix URLs need an absolute socket path") }
            endpoint = RedisEndpoint(address: .unix(path: percentDecode(rest)))
        case "redis", "rediss":
            var userinfo: Substring = ""
            var hostPart = Substring(rest)
            if let at = rest.lastIndex(of: "@") {
                userinfo = rest[..<at]
                hostPart = rest[rest.index(after: at)...]
            }
            var dbPart: Substring = ""
            if let slash = hostPart.firstIndex(of: "/") {
                dbPart = hostPart[hostPart.index(after: slash)...]
                hostPart = hostPart[..<slash]
            }
            var host = "127.0.0.1"
            var port = 6379
            if hostPart.hasPrefix("[") {
                guard let close = hostPart.firstIndex(of: "]") else { throw bad("unterminated IPv6 address") }
                host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
                let after = hostPart[hostPart.index(after: close)...]
                if after.hasPrefix(":") {
                    guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw bad("bad port") }
                    port = p
                }
            } else if !hostPart.isEmpty {
                let pieces = hostPart.split(separator: ":", omittingEmptySubsequences: false)
                guard pieces.count <= 2 else { throw bad("bad host:port") }
                if !pieces[0].isEmpty { host = String(pieces[0]) }
                if pieces.count == 2 {
                    guard let p = Int(pieces[1]), (1...65535).contains(p) else { throw bad("bad port") }
                    port = p
                }
            }
            endpoint = RedisEndpoint(address: .tcp(host: host, port: port), tls: scheme == "rediss")
            if !dbPart.isEmpty {
                guard let db = Int(dbPart), db >= 0 else { throw bad("database must be a number") }
                endpoint.database = db
            }
            if !userinfo.isEmpty {
                if let colon = userinfo.firstIndex(of: ":") {
                    let user = percentDecode(String(userinfo[..<colon]))
                    endpoint.username = user.isEmpty ? nil : user
                    endpoint.password = percentDecode(String(userinfo[userinfo.index(after: colon)...]))
                } else {
                    // redis-cli and ioredis read a lone userinfo as the password.
                    endpoint.password = percentDecode(String(userinfo))
                }
            }
        default:
            throw bad("unsupported scheme '\(scheme)'")
        }
        if let db = query["db"] {
            guard let n = Int(db), n >= 0 else { throw bad("db must be a number") }
            endpoint.database = n
        }
        if let pw = query["password"] { endpoint.password = pw }
        if let user = query["user"] ?? query["username"] { endpoint.username = user }
        return endpoint
    }

    static func percentDecode(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "%"), it.count >= 2,
                let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
