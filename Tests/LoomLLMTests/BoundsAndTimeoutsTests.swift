import Foundation
import LoomCore
@testable import LoomHTTP
import LoomTesting
import Testing

@testable import LoomLLM

/// Issue 15 items 4 (bounded memory, prompt cancel), 5 (timeouts) and 13 (HTML 200), against real
/// loopback servers that misbehave the way hostile or broken providers do.
@Suite(.serialized) struct BoundsAndTimeoutsTests {
    static let bigPiece = String(repeating: "all work and no play ", count: 200)  // ~4 KiB per event

    @Test func endlessStreamStopsAtTheReplyCapAsOversizedNotRetried() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream(piece: Self.bigPiece) }
        defer { server.stop() }
        let received = Counter()
        do {
            _ = try await client([settings(.openai, server)]).complete(hello) { e in
                if case .textDelta(let t) = e { received.add(t.utf8.count) }
            }
            Issue.record("an endless stream cannot complete")
        } catch {
            #expect(error.reason == .malformedResponse && error.kind == .other, "\(error)")
            #expect(error.message.contains("oversized response") && error.message.contains("LLMLimits.maxReplyBytes"))
        }
        // Everything up to the cap was delivered, nothing beyond it.
        #expect(received.value <= LLMLimits.maxReplyBytes)
        #expect(received.value > LLMLimits.maxReplyBytes - 2 * Self.bigPiece.utf8.count)
        #expect(server.requests.count == 1)
    }

    @Test func endlessLineIsOversizedExit1NotRetried() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessLine() }
        defer { server.stop() }
        await #expect { try await client([settings(.openai, server)]).complete(hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .malformedResponse && e?.kind == .other && e!.message.contains("line exceeds 1048576 bytes")
        }
        #expect(server.requests.count == 1)
    }

    /// Backpressure: a consumer that reads slowly keeps the transfer from reading ahead without bound.
    @Test func slowConsumerBoundsWhatTheTransportReadsAhead() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream(piece: Self.bigPiece) }
        defer { server.stop() }
        let request = HTTPRequest(url: server.baseURL + "/v1/chat/completions", headers: HTTPHeaders(), body: Array("{}".utf8))
        var consumed = 0
        var parts = 0
        for try await part in HTTPClient().send(request, timeouts: HTTPTimeouts()) {
            guard case .body(let b) = part else { continue }
            consumed += b.count
            parts += 1
            if parts == 100 { break }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        // Unbounded, a loopback server pushes hundreds of MB in the ~0.5 s this takes. Bounded, it is
        // what we consumed + the queue (256 KiB) + kernel socket buffers (a few MiB).
        let ahead = server.bytesSent - consumed
        #expect(ahead < 24 << 20, "the transport read \(ahead >> 20) MiB ahead of its consumer")
        #expect(await waitUntil { server.openConnections == 0 }, "leaving the loop did not end the transfer")
    }

    @Test func cancelDuringAnEndlessStreamStopsAtTheNextPart() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream() }
        defer { server.stop() }
        let received = Counter()
        let c = client([settings(.openai, server)])
        let task = Task { try await c.complete(hello) { e in if case .textDelta(let t) = e { received.add(t.utf8.count) } } }
        #expect(await waitUntil { received.value > 100_000 })
        task.cancel()
        let atCancel = received.value
        switch await task.result {
        case .success: Issue.record("expected cancellation")
        case .failure(let e): #expect(LLMError.from(e)?.reason == .cancelled)
        }
        // At most the queued backlog (256 KiB of SSE) is decoded after the cancel, not the whole stream.
        #expect(received.value - atCancel <= LLMLimits.maxQueuedBodyBytes + (64 << 10))
        #expect(await waitUntil { server.openConnections == 0 })
    }

    // MARK: timeouts (item 5)

    @Test func headersThenStallTimesOutOnceWithExit7() async throws {
        let server = try LoopbackHTTPServer(responses: [.hang])
        defer { server.stop() }
        var opts = LLMClientOptions(random: { 0 })
        opts.timeouts = .operatorTimeout(0.5)
        await #expect { try await client([settings(.openai, server)], options: opts).complete(hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .timeout && e?.kind == .unreachable && e!.message.contains("0.5 s")
        }
        #expect(server.requests.count == 1)  // not retried: the operator's timeout was the wait they accept
    }

    @Test func keepAliveCommentsAloneHitTheFirstByteTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.keepAliveForever(every: 0.05) }
        defer { server.stop() }
        var opts = LLMClientOptions(random: { 0 })
        opts.timeouts = HTTPTimeouts(connect: 5, firstByte: 0.6, idle: 0.6, total: 30)
        await #expect { try await client([settings(.openai, server)], options: opts).complete(hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .timeout && e?.kind == .unreachable && e!.message.contains("first-byte timeout; only keep-alives")
        }
        #expect(server.requests.count == 1)
    }

    @Test func keepAlivesAfterTheFirstTokenHitTheIdleTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.firstTokenThenKeepAlives(every: 0.05) }
        let backup = try LoopbackHTTPServer(responses: [ReliabilityTests.ok])
        defer { server.stop(); backup.stop() }
        var opts = LLMClientOptions(random: { 0 })
        opts.timeouts = HTTPTimeouts(connect: 5, firstByte: 30, idle: 0.6, total: 30)
        var seen: [LLMEvent] = []
        do {
            _ = try await client([settings(.openai, server), settings(.openai, backup, model: "gpt-4.1")], options: opts)
                .complete(hello) { seen.append($0) }
            Issue.record("expected an idle timeout")
        } catch {
            #expect(error.reason == .timeout && error.message.contains("idle timeout; only keep-alives"), "\(error)")
        }
        #expect(text(seen) == "started ")
        #expect(backup.requests.isEmpty)  // content was shown: no fallback splices another answer on
    }

    @Test func totalDeadlineCoversTheWholeRequest() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.firstTokenThenKeepAlives(every: 0.05) }
        defer { server.stop() }
        var opts = LLMClientOptions(random: { 0 })
        opts.timeouts = HTTPTimeouts(connect: 5, firstByte: 30, idle: 30, total: 0.8)
        await #expect { try await client([settings(.openai, server)], options: opts).complete(hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .timeout && e?.kind == .unreachable && e!.message.contains("deadline")
        }
    }

    @Test func operatorTimeoutSetsConnectFirstByteAndIdle() {
        let t = HTTPTimeouts.operatorTimeout(2)
        #expect(t == HTTPTimeouts(connect: 2, firstByte: 2, idle: 2, total: HTTPTimeouts.defaultTotal))
        #expect(HTTPTimeouts.operatorTimeout(900).total == 900)
        #expect(CurlTransfer.milliseconds(.infinity) == Int(Int32.max) && CurlTransfer.milliseconds(-1) == 1)
        #expect(CurlTransfer.milliseconds(.nan) == 1 && CurlTransfer.milliseconds(1e300) == Int(Int32.max))
    }

    // MARK: item 13

    @Test func htmlPageWith200IsMalformedExit1NotRetried() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.htmlPage() }
        let backup = try LoopbackHTTPServer(responses: [ReliabilityTests.ok])
        defer { server.stop(); backup.stop() }
        await #expect { try await client([settings(.openai, server)]).complete(hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .malformedResponse && e?.kind == .other && e!.message.contains("not an event stream")
                && e!.message.contains("text/html")
        }
        #expect(server.requests.count == 1)
        // A page without an HTML content type is recognised by its body: no event-stream field at all.
        let plain = try LoopbackHTTPServer { _ in .text("<html><body>Gateway login</body></html>\n", contentType: "text/plain") }
        defer { plain.stop() }
        await #expect { try await client([settings(.openai, plain)]).complete(hello) } throws: {
            LLMError.from($0)?.reason == .malformedResponse
        }
        #expect(plain.requests.count == 1)
    }

    @Test func jsonErrorWith200OnAStreamIsTheProvidersError() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"error":{"message":"model overloaded","type":"server_error"}}"#) }
        defer { server.stop() }
        var opts = LLMClientOptions(random: { 0 })
        opts.retry.maxRetries = 0
        await #expect { try await client([settings(.openai, server)], options: opts).complete(hello) } throws: {
            let e = LLMError.from($0)
            return e?.reason == .serverError && e!.message.contains("model overloaded")
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add(_ k: Int) { lock.lock(); n += k; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
