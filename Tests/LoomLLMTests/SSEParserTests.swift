import Testing

@testable import LoomLLM

@Suite struct SSEParserTests {
    static let stream = Array(
        "\u{FEFF}: keep-alive comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\nid: 7\ndata: line one\ndata:line two\n\n:another\rdata: cr only\r\rretry: 1500\nevent: ping\ndata\n\ndata: [DONE]\n\n"
            .utf8)
    static let expected = [
        SSEEvent(event: "message_start", data: "{\"a\":1}", id: ""),
        SSEEvent(event: "message", data: "line one\nline two", id: "7"),
        SSEEvent(event: "message", data: "cr only", id: "7"),
        SSEEvent(event: "ping", data: "", id: "7", retry: 1500),
        SSEEvent(event: "message", data: "[DONE]", id: "7"),
    ]

    @Test func wholeStream() throws {
        var p = SSEParser()
        #expect(try p.feed(Self.stream) + p.finish() == Self.expected)
        #expect(p.retry == 1500)
        #expect(p.lastEventId == "7")
    }

    @Test func splitAtEveryOffsetGivesSameEvents() throws {
        for cut in 0...Self.stream.count {
            var p = SSEParser()
            let events = try p.feed(Array(Self.stream[..<cut])) + p.feed(Array(Self.stream[cut...])) + p.finish()
            #expect(events == Self.expected, "split at \(cut)")
        }
    }

    @Test func byteAtATime() throws {
        var p = SSEParser()
        var events: [SSEEvent] = []
        for b in Self.stream { events += try p.feed([b]) }
        events += try p.finish()
        #expect(events == Self.expected)
    }

    @Test func crlfSplitBetweenCRandLFIsOneLineEnd() throws {
        var p = SSEParser()
        var events = try p.feed(Array("data: a\r".utf8))
        events += try p.feed(Array("\n\r".utf8))
        events += try p.feed(Array("\ndata: b\r\n\r\n".utf8))
        #expect(events.map(\.data) == ["a", "b"])
    }

    @Test func lastEventWithoutBlankLineFlushedAtEnd() throws {
        var p = SSEParser()
        #expect(try p.feed(Array("data: one\n\ndata: two".utf8)).map(\.data) == ["one"])
        #expect(try p.finish().map(\.data) == ["two"])
    }

    @Test func fieldRulesAndEmptyEvents() throws {
        var p = SSEParser()
        // No space after colon, two spaces (second kept), unknown field ignored, event-only block not dispatched.
        let events = try p.feed(Array("data:x\n\ndata:  y\n\nfoo: bar\nevent: lonely\n\nevent:\ndata: z\n\n".utf8))
        #expect(events == [SSEEvent(data: "x"), SSEEvent(data: " y"), SSEEvent(event: "message", data: "z")])
    }

    @Test func multibyteUTF8SplitAcrossFeeds() throws {
        let bytes = Array("data: héllo wörld ✓\n\n".utf8)
        for cut in 0...bytes.count {
            var p = SSEParser()
            let e = try p.feed(Array(bytes[..<cut])) + p.feed(Array(bytes[cut...]))
            #expect(e.map(\.data) == ["héllo wörld ✓"])
        }
    }

    @Test func idWithNulIgnoredAndRetryMustBeDigits() throws {
        var p = SSEParser()
        let e = try p.feed(Array("id: ok\nretry: 12x\ndata: 1\n\nid: a\u{0}b\ndata: 2\n\n".utf8))
        #expect(e.map(\.id) == ["ok", "ok"])
        #expect(p.retry == nil)
    }

    // MARK: limits (issue 15 item 4: an SSE line with no newline reached 3.1 GB)

    @Test func endlessLineIsRefusedAtTheLimitWithoutHoldingIt() throws {
        var p = SSEParser(limits: .init(maxLineBytes: 1000, maxEventBytes: 4000))
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 300)
        var thrown: SSELimitError?
        var fed = 0
        do {
            while fed < 100_000 {  // an endless line, 300 bytes at a time
                _ = try p.feed(chunk)
                fed += chunk.count
                #expect(p.bufferedBytes <= 1000)
            }
        } catch {
            thrown = error
        }
        #expect(thrown == SSELimitError(what: .line, limit: 1000))
        #expect(fed == 900)  // the fourth chunk would pass 1000 bytes
        #expect(p.bufferedBytes == 0)
        // Sticky: the parser refuses everything afterwards.
        #expect(throws: SSELimitError.self) { try p.feed(Array("\n\ndata: x\n\n".utf8)) }
        #expect(throws: SSELimitError.self) { try p.finish() }
    }

    @Test func eventOfManyShortDataLinesIsRefusedAtTheEventLimit() throws {
        var p = SSEParser(limits: .init(maxLineBytes: 100, maxEventBytes: 250))
        var events: [SSEEvent] = []
        let before = Array("data: first\n\n".utf8)
        let line = Array("data: \(String(repeating: "x", count: 60))\n".utf8)
        var input = before
        for _ in 0..<5 { input += line }  // 5 × 60 bytes + 4 joining LFs = 304 > 250
        #expect(throws: SSELimitError(what: .event, limit: 250)) { try p.feed(input) { events.append($0) } }
        #expect(events.map(\.data) == ["first"])  // the callback form still delivers what came before
        // Exactly at the limit is accepted: 4 lines of 60 + 3 LFs = 243; one of 6 more → 250.
        var q = SSEParser(limits: .init(maxLineBytes: 100, maxEventBytes: 250))
        let exact = Array((String(repeating: "data: \(String(repeating: "y", count: 60))\n", count: 4) + "data: zzzzzz\n\n").utf8)
        #expect(try q.feed(exact).map(\.data.utf8.count) == [250])
    }

    @Test func defaultLimitsAreTheDocumentedConstants() {
        let p = SSEParser()
        #expect(p.limits.maxLineBytes == SSEParser.maxLineBytes && SSEParser.maxLineBytes == 1 << 20)
        #expect(p.limits.maxEventBytes == SSEParser.maxEventBytes && SSEParser.maxEventBytes == 2 << 20)
    }

    @Test func recognizedFieldsTellsAnEventStreamFromAPage() throws {
        var page = SSEParser()
        _ = try page.feed(Array("<!DOCTYPE html>\n<html><body>Sign in: proxy.example</body></html>\n".utf8))
        _ = try page.finish()
        #expect(page.recognizedFields == 0)
        var sse = SSEParser()
        _ = try sse.feed(Array(": hi\n\ndata: 1\n\n".utf8))
        #expect(sse.recognizedFields == 1)
    }
}
