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

    @Test func wholeStream() {
        var p = SSEParser()
        #expect(p.feed(Self.stream) + p.finish() == Self.expected)
        #expect(p.retry == 1500)
        #expect(p.lastEventId == "7")
    }

    @Test func splitAtEveryOffsetGivesSameEvents() {
        for cut in 0...Self.stream.count {
            var p = SSEParser()
            let events = p.feed(Array(Self.stream[..<cut])) + p.feed(Array(Self.stream[cut...])) + p.finish()
            #expect(events == Self.expected, "split at \(cut)")
        }
    }

    @Test func byteAtATime() {
        var p = SSEParser()
        var events: [SSEEvent] = []
        for b in Self.stream { events += p.feed([b]) }
        events += p.finish()
        #expect(events == Self.expected)
    }

    @Test func crlfSplitBetweenCRandLFIsOneLineEnd() {
        var p = SSEParser()
        var events = p.feed(Array("data: a\r".utf8))
        events += p.feed(Array("\n\r".utf8))
        events += p.feed(Array("\ndata: b\r\n\r\n".utf8))
        #expect(events.map(\.data) == ["a", "b"])
    }

    @Test func lastEventWithoutBlankLineFlushedAtEnd() {
        var p = SSEParser()
        #expect(p.feed(Array("data: one\n\ndata: two".utf8)).map(\.data) == ["one"])
        #expect(p.finish().map(\.data) == ["two"])
    }

    @Test func fieldRulesAndEmptyEvents() {
        var p = SSEParser()
        // No space after colon, two spaces (second kept), unknown field ignored, event-only block not dispatched.
        let events = p.feed(Array("data:x\n\ndata:  y\n\nfoo: bar\nevent: lonely\n\nevent:\ndata: z\n\n".utf8))
        #expect(events == [SSEEvent(data: "x"), SSEEvent(data: " y"), SSEEvent(event: "message", data: "z")])
    }

    @Test func multibyteUTF8SplitAcrossFeeds() {
        let bytes = Array("data: héllo wörld ✓\n\n".utf8)
        for cut in 0...bytes.count {
            var p = SSEParser()
            let e = p.feed(Array(bytes[..<cut])) + p.feed(Array(bytes[cut...]))
            #expect(e.map(\.data) == ["héllo wörld ✓"])
        }
    }

    @Test func idWithNulIgnoredAndRetryMustBeDigits() {
        var p = SSEParser()
        let e = p.feed(Array("id: ok\nretry: 12x\ndata: 1\n\nid: a\u{0}b\ndata: 2\n\n".utf8))
        #expect(e.map(\.id) == ["ok", "ok"])
        #expect(p.retry == nil)
    }
}
