import Foundation
import LoomCore
import LoomMembership

/// A minimal HTTP/1.1 server on 127.0.0.1 for a dev node's `/health` and `/ready`.
///
/// Hand-written on purpose: two fixed GET routes on loopback, one connection at a time, and the
/// package has no server library (adding swift-nio for this would dwarf the feature).
final class DevHTTPServer: @unchecked Sendable {
    let fd: Int32
    let port: Int
    let handler: @Sendable (String) -> (Int, String)
    private let stopFlag = StopSignal()
    private let done = StopSignal()

    init(port: Int, handler: @escaping @Sendable (String) -> (Int, String)) throws(DevError) {
        switch Loopback.bind(port: port, listening: true) {
        case .success(let bound):
            fd = bound.fd
            self.port = bound.port
        case .failure(let e) where e.inUse:
            throw DevError.conflict("health port \(port) on 127.0.0.1 is already in use", hint: "pick another health port (or base port), or stop what listens there")
        case .failure(let e):
            throw DevError.badData("cannot listen on 127.0.0.1:\(port): \(e.text)")
        }
        self.handler = handler
    }

    func start() {
        let t = Thread { [self] in
            loop()
            done.request()
        }
        t.name = "loomctl-dev-http"
        t.start()
    }

    func stop() {
        stopFlag.request()
        while !done.isRequested { usleep(5_000) }
        close(fd)
    }

    private func loop() {
        while !stopFlag.isRequested {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let c = accept(fd, nil, nil)
            if c < 0 { continue }
            serve(c)
            close(c)
        }
    }

    private func serve(_ c: Int32) {
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buf = [UInt8](repeating: 0, count: 4096)
        var req: [UInt8] = []
        while req.count < 16_384 {
            let n = recv(c, &buf, buf.count, 0)
            if n <= 0 { break }
            req += buf[0..<n]
            if req.count >= 4, req.suffix(4) == [13, 10, 13, 10] || String(decoding: req, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let line = String(decoding: req.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let (status, body): (Int, String)
        if line.count >= 2, line[0] == "GET" || line[0] == "HEAD" {
            let path = String(line[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            (status, body) = handler(path)
        } else {
            (status, body) = (405, #"{"error":"method not allowed"}"#)
        }
        let reason = [200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"][status] ?? "Status"
        let bytes = Array(body.utf8)
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        let out = Array(head.utf8) + (line.first == "HEAD" ? [] : bytes)
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
    }
}
