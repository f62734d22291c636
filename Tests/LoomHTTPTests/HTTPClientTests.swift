import Foundation
import LoomCore
import LoomHTTP
import LoomTesting
import Testing

/// Waits until `count` handler calls are inside the handler at once (or 10 s pass): a server-side
/// proof that requests were in flight together.
final class Barrier: @unchecked Sendable {
    private let cond = NSCondition()
    private var arrived = 0
    let count: Int

    init(_ count: Int) { self.count = count }

    /// True when all `count` arrived.
    func arriveAndWait() -> Bool {
        cond.lock()
        defer { cond.unlock() }
        arrived += 1
        cond.broadcast()
        let deadline = Date().addingTimeInterval(10)
        while arrived < count && cond.wait(until: deadline) {}
        return arrived >= count
    }
}

/// Collects trace lines.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var _all: [String] = []
    var all: [String] { lock.withLock { _all } }
    var trace: HTTPTrace { { line in self.lock.withLock { self._all.append(line) } } }
}

func get(_ url: String, _ headers: [(String, String)] = []) -> HTTPRequest {
    HTTPRequest(method: "GET", url: url, headers: HTTPHeaders(headers), body: [])
}

@Suite struct HTTPClientTests {
    @Test func streamsTheBodyAsItArrives() async throws {
        let chunks = ["alpha-", "beta-", "gamma"].map { Array($0.utf8) }
        let server = try LoopbackHTTPServer(responses: [
            .init(status: 200, headers: [("Content-Type", "text/plain")], steps: [.write(chunks[0]), .delay(0.05), .write(chunks[1]), .delay(0.05), .write(chunks[2])],
                framing: .chunked)
        ])
        defer { server.stop() }
        var parts: [HTTPStreamPart] = []
        for try await part in HTTPClient().send(get(server.baseURL + "/s"), timeouts: HTTPTimeouts()) { parts.append(part) }
        guard case .head(let head)? = parts.first else { Issue.record("no head first"); return }
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "text/plain")
        let bodies = parts.dropFirst().compactMap { if case .body(let b) = $0 { b } else { nil } }
        #expect(bodies.count >= 2, "the body arrived in one piece: not streamed")
        #expect(bodies.flatMap { $0 } == chunks.flatMap { $0 })
    }

    /// Five requests, one multi handle: the server holds each until all five are in, which only
    /// happens if they are in flight together.
    @Test func performRunsRequestsInParallel() throws {
        let barrier = Barrier(5)
        let server = try LoopbackHTTPServer { r in
            barrier.arriveAndWait() ? .text("together \(r.path)") : .text("alone", status: 500)
        }
        defer { server.stop() }
        let urls = (0..<5).map { server.baseURL + "/p\($0)" }
        let out = HTTPClient().perform(urls.map { get($0) }, timeouts: HTTPTimeouts(connect: 5, total: 20))
        #expect(out.map(\.url) == urls, "results keep the input order")
        #expect(out.map(\.status) == Array(repeating: 200, count: 5))
        #expect(out.map(\.bodyText) == (0..<5).map { "together /p\($0)" })
    }

    /// A hanging peer costs its own deadline; the others answer.
    @Test func aHangingRequestTimesOutAlone() throws {
        let fast = try LoopbackHTTPServer(responses: [.text("ok")])
        let hung = try LoopbackHTTPServer(responses: [.hang])
        defer { fast.stop(); hung.stop() }
        let out = HTTPClient().perform(
            [get(fast.baseURL + "/a"), get(hung.baseURL + "/b"), get(fast.baseURL + "/c")],
            timeouts: HTTPTimeouts(connect: 5, firstByte: .infinity, idle: .infinity, total: 0.5))
        #expect(out[0].status == 200 && out[2].status == 200)
        #expect(out[0].error == nil && out[2].error == nil)
        #expect(out[1].status == 0)
        #expect(out[1].error?.reason == .timeout)
        #expect(out[1].error?.curlText == "Timeout was reached")
    }

    @Test func streamingIdleTimeoutIsAnHTTPError() async throws {
        let server = try LoopbackHTTPServer(responses: [.hang])
        defer { server.stop() }
        do {
            for try await _ in HTTPClient().send(get(server.baseURL), timeouts: HTTPTimeouts(connect: 5, firstByte: 5, idle: 0.3, total: 30)) {}
            Issue.record("no timeout")
        } catch let e as HTTPError {
            #expect(e.reason == .timeout)
            #expect(e.message.contains("idle timeout"))
            #expect(e.kind == .unreachable)
        }
    }

    @Test func bufferedBodyIsCappedAndMarkedTruncated() throws {
        let big = String(repeating: "x", count: 100_000)
        let server = try LoopbackHTTPServer(responses: [.text(big), .text("small")])
        defer { server.stop() }
        let client = HTTPClient()
        let capped = client.perform([get(server.baseURL)], timeouts: HTTPTimeouts(), maxBodyBytes: 1000)[0]
        #expect(capped.status == 200 && capped.error == nil)
        #expect(capped.body.count == 1000)
        #expect(capped.truncated)
        let whole = client.perform([get(server.baseURL)], timeouts: HTTPTimeouts(), maxBodyBytes: 1000)[0]
        #expect(whole.bodyText == "small" && !whole.truncated)
    }

    @Test func refusedConnectionIsUnreachable() throws {
        let server = try LoopbackHTTPServer(responses: [.text("x")])
        let url = server.baseURL
        server.stop()
        let r = HTTPClient().perform([get(url)], timeouts: HTTPTimeouts(connect: 2, total: 5))[0]
        #expect(r.status == 0)
        #expect(r.error?.reason == .unreachable)
    }

    @Test func bearerAndStaticHeadersReachTheServer() throws {
        let server = try LoopbackHTTPServer(responses: [.text("ok")])
        defer { server.stop() }
        let auth = HTTPAuth(headers: HTTPHeaders([("X-Loom-Token", "static-secret-123456")]), bearer: "bearer-secret-abcdef")
        let r = HTTPClient(auth: auth).perform([get(server.baseURL + "/a", [("Authorization", "Basic old")])], timeouts: HTTPTimeouts())[0]
        #expect(r.status == 200)
        let seen = try #require(server.requests.first)
        #expect(seen.header("authorization") == "Bearer bearer-secret-abcdef", "the bearer replaces a caller's Authorization")
        #expect(seen.header("x-loom-token") == "static-secret-123456")
        #expect(seen.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
    }

    struct PathSigner: HTTPRequestSigner {
        let key: String
        func sign(_ request: inout HTTPRequest) throws {
            // A stand-in for an HMAC: what matters is that it sees the final request and can add headers.
            request.headers.set("X-Signature", "sig(\(request.method) \(request.url) \(key))")
            request.headers.set("X-Date", "now")
        }
    }

    struct FailingSigner: HTTPRequestSigner {
        struct Oops: Error { let key = "never-shown-key-987654" }
        func sign(_ request: inout HTTPRequest) throws { throw Oops() }
    }

    @Test func signerHookSignsEveryRequest() async throws {
        let server = try LoopbackHTTPServer(responses: [.text("ok")])
        defer { server.stop() }
        let client = HTTPClient(auth: HTTPAuth(signer: PathSigner(key: "k-secret-000111")))
        let url = server.baseURL + "/signed"
        _ = await client.perform([get(url)], timeouts: HTTPTimeouts())
        for try await _ in client.send(get(url), timeouts: HTTPTimeouts()) {}
        #expect(server.requests.count == 2)
        for r in server.requests {
            #expect(r.header("x-signature") == "sig(GET \(url) k-secret-000111)")
            #expect(r.header("x-date") == "now")
        }
    }

    @Test func aFailingSignerFailsThatRequestWithoutItsSecret() async throws {
        let server = try LoopbackHTTPServer(responses: [.text("ok")])
        defer { server.stop() }
        let client = HTTPClient(auth: HTTPAuth(signer: FailingSigner()))
        let r = await client.perform([get(server.baseURL)], timeouts: HTTPTimeouts())[0]
        #expect(r.error?.reason == .configuration)
        #expect(r.error?.message.contains("cannot sign") == true)
        #expect(r.error?.message.contains("never-shown") == false)
        await #expect(throws: HTTPError.self) { for try await _ in client.send(get(server.baseURL), timeouts: HTTPTimeouts()) {} }
        #expect(server.requests.isEmpty, "an unsigned request was sent")
    }

    /// No bearer token, static auth header, signer output or key passphrase appears in a trace line or
    /// an error, whatever the header's name.
    @Test func secretsNeverReachTracesOrErrors() async throws {
        let secrets = ["bearer-secret-abcdef", "static-secret-123456", "k-secret-000111", "key-passphrase-42"]
        let server = try LoopbackHTTPServer(responses: [.text("ok", headers: [("Set-Cookie", "session=cookie-secret-999888")])])
        let refused = try LoopbackHTTPServer(responses: [.text("x")])
        let refusedURL = refused.baseURL
        refused.stop()
        defer { server.stop() }
        let lines = Lines()
        let client = HTTPClient(
            trace: lines.trace, tls: HTTPTLS(clientKeyPassword: "key-passphrase-42"),
            auth: HTTPAuth(headers: HTTPHeaders([("X-Loom-Token", "static-secret-123456")]), bearer: "bearer-secret-abcdef",
                signer: PathSigner(key: "k-secret-000111")))
        let out = await client.perform([get(server.baseURL), get(refusedURL)], timeouts: HTTPTimeouts(connect: 2, total: 5))
        do { for try await _ in client.send(get(refusedURL), timeouts: HTTPTimeouts(connect: 2, total: 5)) {} } catch let e as HTTPError {
            #expect(!secrets.contains { e.message.contains($0) })
        }
        #expect(out[0].status == 200 && out[1].error != nil)
        let trace = lines.all.joined(separator: "\n")
        #expect(trace.contains("> X-Loom-Token:"), "the trace shows the header name")
        #expect(trace.contains("> X-Signature:"))
        #expect(trace.contains("< Set-Cookie:"))
        for s in secrets + ["cookie-secret-999888"] { #expect(!trace.contains(s), "\(s) leaked into the trace") }
        for o in out { #expect(!secrets.contains { (o.error?.message ?? "").contains($0) }) }
    }

    @Test func userAgentReachesTheServer() throws {
        let server = try LoopbackHTTPServer(responses: [.text("ok")])
        defer { server.stop() }
        _ = HTTPClient(userAgent: "loomctl-test").perform([get(server.baseURL)], timeouts: HTTPTimeouts())
        #expect(server.requests.first?.header("user-agent") == "loomctl-test")
    }
}
