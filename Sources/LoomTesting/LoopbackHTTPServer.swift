import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small real HTTP/1.1 server on 127.0.0.1 (random port) for tests and benchmarks.
///
/// Real sockets, so clients under test run their production code path (libcurl included). Each
/// response is a script: status, headers, then steps (write bytes, wait, hang until stopped, close the
/// connection abruptly). That lets a test split SSE events at any byte, stall a stream, or cut it.
/// Every request is recorded (method, path, query, headers, body). One thread accepts; each connection
/// gets its own thread so a hanging response does not block others. Responses carry
/// `Connection: close`. Reusable for any HTTP endpoint (Loom `/health` probes included).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Path without the query.
        public var path: String
        /// Raw query string (after `?`), empty if none.
        public var query: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.last(where: { $0.name.lowercased() == name.lowercased() })?.value
        }
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
        /// Query parameters in order (values not percent-decoded).
        public var queryItems: [(String, String)] {
            query.split(separator: "&").map { item in
                let kv = item.split(separator: "=", maxSplits: 1)
                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
            }
        }
    }

    public enum Step: Sendable {
        case write([UInt8])
        case delay(Double)
        /// Keep the connection open, sending nothing, until the client leaves or the server stops.
        case hang
        /// Close the socket now (mid-body if the body is not finished).
        case close
        /// Write these bytes again and again (`every` seconds apart, 0 = as fast as the client reads)
        /// until the client leaves or the server stops: an endless stream, or endless keep-alives.
        case repeatForever([UInt8], every: Double)
    }

    public enum Framing: Sendable {
        /// `Content-Length` of all written bytes (computed; fails to mean anything with `.close`).
        case contentLength
        /// `Transfer-Encoding: chunked`, one chunk per write; ending without the last chunk is detectable.
        case chunked
        /// No length; the body ends when the connection closes.
        case untilClose
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var steps: [Step]
        public var framing: Framing

        public init(status: Int = 200, headers: [(String, String)] = [], steps: [Step] = [], framing: Framing? = nil) {
            self.status = status
            self.headers = headers
            self.steps = steps
            let writes = steps.filter { if case .write = $0 { return true } else { return false } }.count
            let plain = steps.allSatisfy { if case .write = $0 { return true } else { return false } }
            self.framing = framing ?? (plain && writes <= 1 ? .contentLength : .chunked)
        }

        public static func text(_ body: String, status: Int = 200, contentType: String = "text/plain", headers: [(String, String)] = [])
            -> Response
        {
            Response(status: status, headers: [("Content-Type", contentType)] + headers, steps: [.write(Array(body.utf8))])
        }

        public static func json(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> Response {
            text(body, status: status, contentType: "application/json", headers: headers)
        }

        /// A streamed body split into `chunks` (each a separate write, `delay` seconds apart).
        public static func stream(
            _ chunks: [[UInt8]], status: Int = 200, contentType: String = "text/event-stream", delay: Double = 0,
            headers: [(String, String)] = [], then last: Step? = nil
        ) -> Response {
            var steps: [Step] = []
            for (i, c) in chunks.enumerated() {
                if i > 0 && delay > 0 { steps.append(.delay(delay)) }
                steps.append(.write(c))
            }
            if let last { steps.append(last) }
            return Response(
                status: status, headers: [("Content-Type", contentType), ("Cache-Control", "no-cache")] + headers, steps: steps,
                framing: .chunked)
        }

        /// Splits `bytes` into pieces of the given sizes (cycled), for byte-boundary tests.
        public static func split(_ bytes: [UInt8], sizes: [Int]) -> [[UInt8]] {
            var out: [[UInt8]] = []
            var i = 0
            var k = 0
            while i < bytes.count {
                let n = max(1, sizes.isEmpty ? bytes.count : sizes[k % sizes.count])
                out.append(Array(bytes[i..<min(bytes.count, i + n)]))
                i += n
                k += 1
            }
            return out
        }

        public static let hang = Response(status: 200, headers: [("Content-Type", "text/event-stream")], steps: [.hang], framing: .chunked)
    }

    public typealias Handler = @Sendable (Request) -> Response

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let listenFD: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var _requests: [Request] = []
    private var _stopped = false
    private var clientFDs: Set<Int32> = []
    private var _bytesSent = 0
    private let acceptDone = DispatchSemaphore(value: 0)

    /// All requests received so far, in arrival order.
    public var requests: [Request] { locked { _requests } }
    /// Response bytes written to clients so far (heads and chunk framing included).
    public var bytesSent: Int { locked { _bytesSent } }
    /// Connections currently open (a client that went away is no longer counted).
    public var openConnections: Int { locked { clientFDs.count } }
    private var stopped: Bool { locked { _stopped } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Serves every request with `handler`.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let e = errno
            close(fd)
            throw POSIXError(.init(rawValue: e) ?? .EIO)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.listenFD = fd
        self.port = Int(UInt16(bigEndian: addr.sin_port))
        let t = Thread { [self] in acceptLoop() }
        t.name = "loopback-http-accept"
        t.start()
    }

    /// Serves scripted responses in order; the last one repeats.
    public convenience init(responses: [Response]) throws {
        let queue = ResponseQueue(responses)
        try self.init(handler: { _ in queue.next() })
    }

    deinit { stop() }

    /// Stops accepting, releases hanging responses and closes open connections.
    public func stop() {
        // Shut connections down under the lock: connection threads close their fd under the same lock,
        // so a descriptor number can never be reused by an unrelated socket between snapshot and shutdown.
        let first: Bool = locked {
            if _stopped { return false }
            _stopped = true
            for fd in clientFDs { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        guard first else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        acceptDone.wait()
        close(listenFD)
    }

    private func acceptLoop() {
        defer { acceptDone.signal() }
        while !stopped {
            var pfd = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 50) <= 0 { continue }
            let client = accept(listenFD, nil, nil)
            if client < 0 { continue }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let admitted = locked { () -> Bool in
                if _stopped { return false }
                clientFDs.insert(client)
                return true
            }
            if !admitted {
                close(client)
                break
            }
            let t = Thread { [self] in
                serve(client)
                locked {
                    _ = clientFDs.remove(client)
                    close(client)
                }
            }
            t.start()
        }
    }

    private func serve(_ fd: Int32) {
        guard let request = readRequest(fd) else { return }
        locked { _requests.append(request) }
        let response = handler(request)
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        var hasType = false
        for (n, v) in response.headers {
            head += "\(n): \(v)\r\n"
            if n.lowercased() == "content-type" { hasType = true }
        }
        if !hasType { head += "Content-Type: application/octet-stream\r\n" }
        switch response.framing {
        case .contentLength:
            let total = response.steps.reduce(0) { if case .write(let b) = $1 { return $0 + b.count } else { return $0 } }
            head += "Content-Length: \(total)\r\n"
        case .chunked:
            head += "Transfer-Encoding: chunked\r\n"
        case .untilClose:
            break
        }
        head += "Connection: close\r\n\r\n"
        guard sendAll(fd, Array(head.utf8)) else { return }
        for step in response.steps {
            switch step {
            case .write(let bytes):
                if bytes.isEmpty { continue }
                let frame: [UInt8] =
                    response.framing == .chunked
                    ? Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + Array("\r\n".utf8) : bytes
                guard sendAll(fd, frame) else { return }
            case .delay(let s):
                Thread.sleep(forTimeInterval: s)
            case .hang:
                while !stopped {
                    var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if poll(&pfd, 1, 20) > 0 {
                        var b: UInt8 = 0
                        if recv(fd, &b, 1, 0) <= 0 { return }  // client went away
                    }
                }
                return
            case .close:
                return
            case .repeatForever(let bytes, let every):
                let frame: [UInt8] =
                    response.framing == .chunked
                    ? Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + Array("\r\n".utf8) : bytes
                while !stopped {
                    guard !bytes.isEmpty, sendAll(fd, frame) else { return }
                    if every > 0 { Thread.sleep(forTimeInterval: every) }
                }
                return
            }
        }
        if response.framing == .chunked { _ = sendAll(fd, Array("0\r\n\r\n".utf8)) }
        shutdown(fd, Int32(SHUT_WR))
        // Drain until the client closes, so it sees a clean end rather than a reset.
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var scratch = [UInt8](repeating: 0, count: 512)
        while poll(&pfd, 1, 200) > 0 && recv(fd, &scratch, scratch.count, 0) > 0 {}
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
            #else
                let flags: Int32 = 0
            #endif
            let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
            if n <= 0 { return false }
            off += n
            locked { _bytesSent += n }
        }
        return true
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var buf: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 16384)
        var headerEnd: Int?
        while headerEnd == nil {
            let n = recv(fd, &scratch, scratch.count, 0)
            if n <= 0 { return nil }
            buf += scratch[0..<n]
            headerEnd = Self.find(buf, Array("\r\n\r\n".utf8))
            if buf.count > 1 << 20 { return nil }
        }
        let headText = String(decoding: buf[0..<headerEnd!], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let target = String(requestLine[1])
        let (path, query): (String, String) =
            target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) } ?? (target, "")
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let c = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<c]), line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(buf[(headerEnd! + 4)...])
        let length = headers.last(where: { $0.name.lowercased() == "content-length" }).flatMap { Int($0.value) } ?? 0
        while body.count < length {
            let n = recv(fd, &scratch, min(scratch.count, length - body.count), 0)
            if n <= 0 { return nil }
            body += scratch[0..<n]
        }
        return Request(method: String(requestLine[0]), path: path, query: query, headers: headers, body: body)
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 529: return "Overloaded"
        default: return "Status"
        }
    }
}

/// Hands out scripted responses in order, repeating the last.
final class ResponseQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var responses: [LoopbackHTTPServer.Response]
    init(_ r: [LoopbackHTTPServer.Response]) { responses = r }
    func next() -> LoopbackHTTPServer.Response {
        lock.lock()
        defer { lock.unlock() }
        if responses.count > 1 { return responses.removeFirst() }
        return responses.first ?? LoopbackHTTPServer.Response.text("no response scripted", status: 500)
    }
}
