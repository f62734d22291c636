/// libFuzzer target for the registry record decoder: `ActorRecord.read`, which turns the HGETALL +
/// PTTL replies of one actor into a record straight from the RESP bytes (built and run by
/// scripts/fuzz.sh, see docs/fuzzing.md).
///
/// Input layout: byte 0 = id length (mod 24), then the id bytes, then raw RESP replies (pairs of
/// HGETALL + PTTL replies, as Redis would send them for a listing). Invariants (a violation traps):
/// 1. no input traps or reads out of bounds: malformed RESP is a `RedisError`, malformed data a problem;
/// 2. the four metadata modes read the same replies identically except for metadata: same fields,
///    same TTL, and the problems of `.skip` are a subset of those of `.parse`;
/// 3. ids round-trip: `idBytes` is the id exactly; `rawID` is set iff the id is not valid UTF-8;
/// 4. `writeJSONLine` (the jsonl hot path, hand-written) is valid JSON and the same document as `json()`;
/// 5. the reader consumes the same number of bytes whatever the mode (skipping stays in sync).
import Foundation

func decodeAll(_ stream: [UInt8], id: [UInt8], mode: ActorRecord.MetadataMode) -> (results: [ActorRecord.ReadResult], left: Int, failed: Bool) {
    var reader = RESPReader(bytes: stream)
    var out: [ActorRecord.ReadResult] = []
    var failed = false
    while reader.buffered > 0 && out.count < 64 {
        do {
            let r = try id.withUnsafeBytes { (raw) throws(RedisError) in try ActorRecord.read(id: raw, from: &reader, metadata: mode) }
            out.append(r)
        } catch {
            failed = true
            break
        }
    }
    return (out, reader.buffered, failed)
}

func sameExceptMetadata(_ a: ActorRecord, _ b: ActorRecord) -> Bool {
    a.id == b.id && a.rawID == b.rawID && a.type == b.type && a.workerId == b.workerId && a.status == b.status
        && a.lastHeartbeat == b.lastHeartbeat && a.lastHeartbeatMillis == b.lastHeartbeatMillis
        && a.lastHeartbeatIsEpochMillis == b.lastHeartbeatIsEpochMillis && a.messageCount == b.messageCount
        && a.heartbeatTTLMillis == b.heartbeatTTLMillis
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let idLength = min(Int(input[0]) % 24, size - 1)
    let id = Array(input[1..<(1 + idLength)])
    let stream = Array(input[(1 + idLength)...])

    let parse = decodeAll(stream, id: id, mode: .parse)
    let runs = [ActorRecord.MetadataMode.validate, .check, .skip, .raw].map { decodeAll(stream, id: id, mode: $0) }
    for other in runs {
        // 5 (and 2 at the level of shape): same number of records, same stopping point.
        // (Where a failing read stops inside the stream may differ: skipping consumes a value before
        // its bad terminator is seen, reading checks it first.)
        precondition(other.results.count == parse.results.count && other.failed == parse.failed && (parse.failed || other.left == parse.left),
            "modes disagree on where the replies end")
        for (x, y) in zip(parse.results, other.results) {
            switch (x, y) {
            case (.found(let a), .found(let b)):
                precondition(sameExceptMetadata(a, b), "modes disagree on a field")
                let metadataFree = a.problems.filter { !$0.hasPrefix("metadata") }
                precondition(metadataFree == b.problems.filter { !$0.hasPrefix("metadata") }, "modes disagree on non-metadata problems")
            case (.missing, .missing), (.collision, .collision): break
            default: preconditionFailure("modes disagree on the kind of result")
            }
        }
    }
    for result in parse.results + runs[0].results {
        guard case .found(let r) = result else { continue }
        // 3. Ids round-trip exactly.
        precondition(r.idBytes == id, "id bytes changed")
        precondition((r.rawID != nil) == (String(validating: id, as: UTF8.self) == nil), "rawID set for the wrong ids")
        // 4. The hand-written jsonl line is valid JSON and the same document as json().
        var line: [UInt8] = []
        r.writeJSONLine(to: &line)
        precondition(!line.contains(0x0A), "a jsonl line contains a newline")
        let fromLine: JSONValue
        do { fromLine = try JSONValue.parse(bytes: line) } catch { preconditionFailure("jsonl line is not JSON: \(error)") }
        let fromTree: JSONValue
        do { fromTree = try JSONValue.parse(r.json().serialized()) } catch { preconditionFailure("json() is not JSON: \(error)") }
        precondition(fromLine == fromTree, "writeJSONLine and json() differ")
    }
    return 0
}

// LoomCore/LoomError.swift also holds config errors (it needs ConfigFile and Yams): the two
// declarations RedisError relies on are restated here instead of compiling the config layer in.
public enum ErrorKind: String, Sendable, Hashable, CaseIterable {
    case other, usage, notFound, unhealthy, planHasChanges, conflict, unreachable, interrupted
}

public protocol LoomError: Error, CustomStringConvertible, Sendable {
    var kind: ErrorKind { get }
    var code: String { get }
    var message: String { get }
    var hint: String? { get }
}

extension LoomError {
    public var hint: String? { nil }
    public var description: String { message }
}
