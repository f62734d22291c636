import LoomCore
import Testing

@Suite struct JSONTests {
    @Test func roundTripKeepsKeyOrderAndEscapes() throws {
        let text = #"{"z":1,"a":[true,false,null],"s":"q\"\\\n\t\u0001é日🙂","n":-12.5,"e":1e3,"big":9007199254740993}"#
        let v = try JSONValue.parse(text)
        #expect(v.objectValue?.map(\.0) == ["z", "a", "s", "n", "e", "big"])
        #expect(v["s"]?.stringValue == "q\"\\\n\t\u{1}é日🙂")
        #expect(v["big"]?.intValue == 9_007_199_254_740_993)
        #expect(v["e"]?.doubleValue == 1000)
        let again = try JSONValue.parse(v.serialized())
        #expect(again == v)
        #expect(try JSONValue.parse(v.prettyPrinted()) == v)
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude42""#).stringValue == "🙂")
        #expect(try JSONValue.parse(#""\ud83d""#).stringValue == "\u{FFFD}")
    }

    @Test(arguments: ["", "{", "{\"a\"}", "[1,]", "01", "tru", "\"\u{1}\"", "{\"a\":1}x", "1.", "-", "[1 2]", "\"\\x\""])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}

@Suite struct TimestampTests {
    @Test func isoRoundTrip() {
        for ms: Int64 in [0, 1_768_731_630_123, 951_782_400_000, -1, 4_102_444_800_999] {
            #expect(Timestamp.parseISO(Timestamp.iso(millis: ms)) == ms)
        }
        #expect(Timestamp.iso(millis: 1_768_731_630_123) == "2026-01-18T10:20:30.123Z")
    }

    @Test func parsesOffsetsAndRejectsGarbage() {
        #expect(Timestamp.parseISO("2026-01-18T12:20:30+02:00") == 1_768_731_630_000)
        #expect(Timestamp.parseISO("2026-01-18T10:20:30.5Z") == 1_768_731_630_500)
        #expect(Timestamp.parseISO("2026-01-18") == nil)
        #expect(Timestamp.parseISO("1768731630123") == nil)
        #expect(Timestamp.parseISO("2026-13-18T10:20:30Z") == nil)
    }
}

@Suite struct RedactionTests {
    @Test func secretsKeepOnlyAShortTail() {
        #expect(Redact.secret("sk-proj-abcdefghijklmnop") == "sk-…mnop")
        #expect(Redact.secret("AIzaSyA1234567890abcd") == "…abcd")
        #expect(Redact.secret("short") == "***")
    }

    @Test func urlsLoseTheirPasswords() {
        #expect(Redact.url("redis://ops:hunter2@host:6379/0") == "redis://ops:***@host:6379/0")
        #expect(Redact.url("redis://hunter2@host") == "redis://***@host")
        #expect(Redact.url("unix:///s.sock?db=1&password=hunter2") == "unix:///s.sock?db=1&password=***")
        #expect(!Redact.url("https://x/y?key=AIzaSecret&alt=sse").contains("AIzaSecret"))
    }

    @Test func headersAreRedactedByName() {
        #expect(Redact.header(name: "Authorization", value: "Bearer sk-abcdefghijklmnopqrst") == "Bearer sk-…qrst")
        #expect(Redact.header(name: "x-api-key", value: "sk-ant-0123456789abcdef") == "sk-…cdef")
        #expect(Redact.header(name: "Content-Type", value: "application/json") == "application/json")
    }

    @Test func scrubberReplacesKnownSecretsInText() {
        var s = SecretScrubber()
        s.add("hunter2-long-secret")
        #expect(s.scrub("ERR invalid password hunter2-long-secret") == "ERR invalid password …cret")
    }
}
