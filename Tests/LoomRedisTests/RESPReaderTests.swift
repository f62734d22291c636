import Foundation
import LoomRedis
import LoomTesting
import Testing

@Suite("RESPReader and RawPipeline")
struct RESPReaderTests {
    func parse(_ text: String) throws(RedisError) -> RedisReply {
        let bytes = Array(text.utf8)
        var reader = RESPReader(bytes: bytes)
        let r = try reader.reply()
        #expect(reader.buffered == 0)
        return r
    }

    @Test func everyReplyShape() throws {
        #expect(try parse("+OK\r\n") == .status("OK"))
        #expect(try parse("-WRONGTYPE bad\r\n") == .error("WRONGTYPE bad"))
        #expect(try parse(":-9223372036854775808\r\n") == .integer(Int64.min))
        #expect(try parse("$-1\r\n") == .null)
        #expect(try parse("*-1\r\n") == .null)
        #expect(try parse("$0\r\n\r\n") == .bulk([]))
        #expect(try parse("*2\r\n$1\r\na\r\n*1\r\n:3\r\n") == .array([.bulk([97]), .array([.integer(3)])]))
    }

    @Test func malformedInputIsAProtocolErrorNeverATrap() {
        for bad in ["$5\r\nab\r\n", ":99999999999999999999\r\n", "*2\r\n:1\r\n", "?x\r\n", "$3\r\nabcXY", ":1\n", "$-7\r\n", "\r\n",
            "$9223372036854775807\r\n"]
        {
            #expect(throws: RedisError.self, "\(bad.debugDescription)") { try parse(bad) }
        }
    }

    @Test func rawPipelineReadsLargeValuesInPlaceAndSkipsWithoutHoldingThem() throws {
        let server = try RedisServer()
        let c = try server.connect()
        let big = [UInt8](repeating: 0x61, count: 3 * 1024 * 1024)
        _ = try c.command(bytes: [Array("SET".utf8), Array("big".utf8), big])
        let (seen, capacityAfterSkip) = try c.withRawPipeline { p -> (Int, Int) in
            for _ in 0..<2 { p.writer.command([Array("GET".utf8), Array("big".utf8)]) }
            p.sent(2)
            try p.flush()
            guard case .bulk(let n) = try p.reader.header() else { throw RedisError(.protocolError, "no bulk") }
            try p.reader.skipBulk(n)
            p.consumed()
            let cap = p.reader.bufferCapacity
            guard case .bulk(let m) = try p.reader.header() else { throw RedisError(.protocolError, "no bulk") }
            let count = try p.reader.bulk(m) { $0.count }
            p.consumed()
            return (count, cap)
        }
        #expect(seen == big.count)
        // Skipping streams through the initial buffer; only the value that was looked at grew it.
        #expect(capacityAfterSkip == RESPReader.initialCapacity)
        // Replies left unread when the body returns are drained: the connection stays in sync.
        try c.withRawPipeline { p in
            p.writer.command([Array("PING".utf8)])
            p.writer.command([Array("GET".utf8), Array("big".utf8)])
            p.sent(2)
        }
        #expect(try c.command("PING") == .status("PONG"))
    }
}

extension RESPReaderTests {
    /// Found by the RegistryDecoder fuzz target: skipping a bulk did not check its CRLF, so a bad
    /// length was accepted when skipped and rejected when read.
    @Test func skippingABulkChecksItsTerminatorLikeReadingIt() {
        var skip = RESPReader(bytes: Array("$3\r\nabcd\r\n".utf8))
        #expect(throws: RedisError.self) {
            guard case .bulk(let n) = try skip.header() else { return }
            try skip.skipBulk(n)
        }
        var read = RESPReader(bytes: Array("$3\r\nabcd\r\n".utf8))
        #expect(throws: RedisError.self) {
            guard case .bulk(let n) = try read.header() else { return }
            _ = try read.bulk(n) { $0.count }
        }
    }
}
