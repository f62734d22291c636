import Foundation
import LoomCore
import LoomRedis
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry

/// Registry states Loom produces that loomctl used to misread (issues 14 and 15). Each state is
/// written key by key, exactly as Loom's register pipeline does (HSET, SADD type, SADD all, SETEX).
@Suite("registry fidelity: mis-indexed ids, epoch-ms heartbeats, non-UTF-8 ids, bad counts")
struct RegistryFidelityTests {
    let redis: RedisServer
    let conn: RedisConnection

    init() throws {
        redis = try RedisServer()
        conn = try redis.connect()
    }

    /// Loom's `register` for one actor, with the id as raw bytes.
    func loomRegister(_ id: [UInt8], type: String, worker: String = "w-1", heartbeat: String = "2026-01-18T10:00:00.000Z",
        messageCount: String = "0", metadata: String = "", live: Bool = true) throws
    {
        let b = { (s: String) in Array(s.utf8) }
        _ = try conn.command(bytes: [b("HSET"), b("loom:actor:") + id, b("actorId"), id, b("actorType"), b(type), b("workerId"), b(worker),
            b("status"), b("idle"), b("lastHeartbeat"), b(heartbeat), b("messageCount"), b(messageCount), b("metadata"), b(metadata)])
        _ = try conn.command(bytes: [b("SADD"), b("loom:actor:type:\(type)"), id])
        _ = try conn.command(bytes: [b("SADD"), b("loom:actor:all"), id])
        if live { _ = try conn.command(bytes: [b("SETEX"), b("loom:actor:heartbeat:") + id, b("300"), b(String(Timestamp.nowMillis()))]) }
    }

    // MARK: issue 14 item 1 / contract §10 8a

    @Test func actorReRegisteredUnderANewTypeIsListedUnderTheOldTypeReportedAndRepairedInOnePass() async throws {
        // register x --type A, then register x --type B: Loom never SREMs type:A.
        try loomRegister(Array("x".utf8), type: "A")
        try loomRegister(Array("x".utf8), type: "B")
        try loomRegister(Array("y".utf8), type: "A")

        let underA = try jsonLines(await runCLI(["actors", "list", "--type", "A", "-o", "jsonl"], redis: redis).stdout)
        let x = underA.first { $0["id"]?.stringValue == "x" }
        #expect(underA.count == 2)
        #expect(x?["type"]?.stringValue == "B")
        #expect(x?["problems"]?.arrayValue?.contains { $0.stringValue?.contains("mis-indexed") == true } == true)
        let y = underA.first { $0["id"]?.stringValue == "y" }
        #expect(y?["problems"]?.arrayValue == [])

        let stats = try JSONValue.parse(await runCLI(["actors", "stats", "-o", "json"], redis: redis).stdout)
        #expect(stats["anomalies"]?["byKind"]?["mis-indexed"]?.intValue == 1)
        #expect(stats["indexed"]?["byType"]?["A"]?.intValue == 2)
        #expect(stats["indexed"]?["all"]?.intValue == 2)
        let health = try JSONValue.parse(await runCLI(["health", "actors", "-o", "json"], redis: redis).stdout)
        let registryCheck = (health["checks"]?.arrayValue ?? []).first { $0["name"]?.stringValue == "actors.registry" }
        #expect(registryCheck?["details"]?["byKind"]?["mis-indexed"]?.intValue == 1)

        // The actor goes stale; one cleanup repairs every index, and a second plans nothing.
        _ = try conn.command("DEL", "loom:actor:heartbeat:x")
        let plan = await runCLI(["actors", "cleanup", "--dry-run", "-o", "json"], redis: redis)
        #expect(plan.code == 5)
        let kinds = (try JSONValue.parse(plan.stdout).arrayValue ?? []).compactMap { $0["kind"]?.stringValue }.sorted()
        #expect(kinds == ["mis-indexed", "stale"])
        let apply = await runCLI(["actors", "cleanup", "--yes"], redis: redis)
        #expect(apply.code == 0)
        let again = await runCLI(["actors", "cleanup", "--dry-run"], redis: redis)
        #expect(again.code == 0, "second pass: \(again.stdout) \(again.stderr)")
        #expect(try conn.command("SISMEMBER", "loom:actor:type:A", "x").int == 0)
        #expect(try conn.command("SISMEMBER", "loom:actor:type:B", "x").int == 0)
        #expect(try conn.command("SISMEMBER", "loom:actor:type:A", "y").int == 1)
    }

    @Test func cleanupRemovesALiveMisIndexedIdOnlyFromTheSetItsHashDoesNotName() async throws {
        try loomRegister(Array("x".utf8), type: "A")
        try loomRegister(Array("x".utf8), type: "B")
        #expect(await runCLI(["actors", "cleanup", "--yes"], redis: redis).code == 0)
        #expect(try conn.command("SISMEMBER", "loom:actor:type:A", "x").int == 0)
        #expect(try conn.command("SISMEMBER", "loom:actor:type:B", "x").int == 1)
        #expect(try conn.command("EXISTS", "loom:actor:x").int == 1)
        #expect(await runCLI(["actors", "cleanup", "--dry-run"], redis: redis).code == 0)
    }

    // MARK: issue 14 item 3 / contract §10 8b

    @Test func epochMillisecondsHeartbeatIsCarriedVerbatimInMachineOutput() async throws {
        try loomRegister(Array("ms-1".utf8), type: "calc", heartbeat: "1768730400000")
        let get = try JSONValue.parse(await runCLI(["actors", "get", "ms-1", "-o", "json"], redis: redis).stdout)
        #expect(get["lastHeartbeat"]?.stringValue == "1768730400000")
        #expect(get["problems"]?.arrayValue == [])
        let list = try jsonLines(await runCLI(["actors", "list", "-o", "jsonl"], redis: redis).stdout)
        #expect(list.first?["lastHeartbeat"]?.stringValue == "1768730400000")
        let json = try JSONValue.parse(await runCLI(["actors", "list", "-o", "json"], redis: redis).stdout)
        #expect(json.arrayValue?.first?["lastHeartbeat"]?.stringValue == "1768730400000")
        let yaml = await runCLI(["actors", "list", "-o", "yaml"], redis: redis).stdout
        #expect(yaml.contains("1768730400000"))
        #expect(!yaml.contains("2026-01-18T10:00:00.000Z"))
        // The table shows the implied age, marked as coming from epoch ms.
        let table = await runCLI(["actors", "list"], redis: redis).stdout
        #expect(table.contains("(ms)"))
        // ISO values are verbatim too (not re-rendered).
        try loomRegister(Array("iso-1".utf8), type: "calc", heartbeat: "2026-01-18T10:00:00Z")
        let iso = try JSONValue.parse(await runCLI(["actors", "get", "iso-1", "-o", "json"], redis: redis).stdout)
        #expect(iso["lastHeartbeat"]?.stringValue == "2026-01-18T10:00:00Z")
    }

    // MARK: issue 15 item 9

    @Test func nonUTF8IdIsListedCountedShownEscapedAndCleanedUnderItsRealKey() async throws {
        let id: [UInt8] = Array("latin1-caf".utf8) + [0xE9]
        try loomRegister(id, type: "calc")
        try loomRegister(Array("ok-1".utf8), type: "calc")

        let lines = try jsonLines(await runCLI(["actors", "list", "-o", "jsonl"], redis: redis).stdout)
        let odd = lines.first { $0["idBase64"] != nil }
        #expect(lines.count == 2)
        #expect(odd?["id"]?.stringValue == #"latin1-caf\xe9"#)
        #expect(odd?["idBase64"]?.stringValue == Data(id).base64EncodedString())
        #expect(odd?["problems"]?.arrayValue == [])
        #expect(lines.first { $0["id"]?.stringValue == "ok-1" }?["idBase64"] == nil)
        let names = await runCLI(["actors", "list", "-o", "name", "--sort-by", "id"], redis: redis)
        #expect(names.stdout == "latin1-caf\\xe9\nok-1\n")
        #expect(names.stderr.isEmpty)
        let table = await runCLI(["actors", "list"], redis: redis)
        #expect(table.stdout.contains(#"latin1-caf\xe9"#))

        let stats = try JSONValue.parse(await runCLI(["actors", "stats", "-o", "json"], redis: redis).stdout)
        #expect(stats["totalActors"]?.intValue == 2)
        #expect(stats["live"]?.intValue == 2)
        #expect(stats["anomalies"]?["total"]?.intValue == 0)
        #expect(await runCLI(["actors", "cleanup", "--dry-run"], redis: redis).code == 0)

        // Stale: cleanup removes it under its real key, and the next pass is clean.
        _ = try conn.command(bytes: [Array("DEL".utf8), Array("loom:actor:heartbeat:".utf8) + id])
        let plan = try JSONValue.parse(await runCLI(["actors", "cleanup", "--dry-run", "-o", "json"], redis: redis).stdout)
        #expect(plan.arrayValue?.first?["idBase64"]?.stringValue == Data(id).base64EncodedString())
        #expect(await runCLI(["actors", "cleanup", "--yes"], redis: redis).code == 0)
        #expect(try conn.command(bytes: [Array("EXISTS".utf8), Array("loom:actor:".utf8) + id]).int == 0)
        #expect(try conn.command(bytes: [Array("SISMEMBER".utf8), Array("loom:actor:all".utf8), id]).int == 0)
        #expect(try conn.command(bytes: [Array("SISMEMBER".utf8), Array("loom:actor:type:calc".utf8), id]).int == 0)
        #expect(await runCLI(["actors", "cleanup", "--dry-run"], redis: redis).code == 0)
        let health = try JSONValue.parse(await runCLI(["health", "actors", "-o", "json"], redis: redis).stdout)
        let registryCheck = (health["checks"]?.arrayValue ?? []).first { $0["name"]?.stringValue == "actors.registry" }
        #expect(registryCheck?["status"]?.stringValue == "healthy")
    }

    // MARK: issue 15 item 15 (part)

    @Test func negativeMessageCountIsAProblem() async throws {
        try loomRegister(Array("neg-1".utf8), type: "calc", messageCount: "-5")
        let get = try JSONValue.parse(await runCLI(["actors", "get", "neg-1", "-o", "json"], redis: redis).stdout)
        #expect(get["messageCount"]?.intValue == -5)
        #expect(get["problems"]?.arrayValue?.contains { $0.stringValue?.contains("negative") == true } == true)
        let stats = try JSONValue.parse(await runCLI(["actors", "stats", "-o", "json"], redis: redis).stdout)
        #expect(stats["anomalies"]?["byKind"]?["bad-record"]?.intValue == 1)
    }

    // MARK: issue 15 item 12

    @Test func commandsThatDoNotPrintMetadataDoNotHoldItAndBatchesAreBoundedByBytes() async throws {
        let big = "{\"blob\":\"" + String(repeating: "m", count: 2 * 1024 * 1024) + "\"}"
        for i in 0..<6 { try loomRegister(Array("big-\(i)".utf8), type: "calc", metadata: big) }
        var registry = ActorRegistry(redis: conn, keys: Keyspace())
        registry.batchByteBudget = 3 * 1024 * 1024
        for mode in [ActorRecord.MetadataMode.skip, .check] {
            var seen = 0
            try registry.list(filter: ActorFilter(), metadata: mode, onAnomaly: { _ in }) { batch in
                seen += batch.count
                #expect(batch.allSatisfy { $0.metadataRaw == nil && $0.metadata == nil && $0.problems.isEmpty },
                    "\(mode): \(batch.map { ($0.metadataRaw?.count, $0.problems) })")
                return true
            }
            #expect(seen == 6)
        }
        // Printing metadata: each batch handed over holds at most budget + one record.
        var batches: [Int] = []
        try registry.list(filter: ActorFilter(), metadata: .validate, onAnomaly: { _ in }) { batch in
            batches.append(batch.count)
            #expect(batch.reduce(0) { $0 + $1.heldBytes } <= registry.batchByteBudget + ActorRecord.recordCap)
            return true
        }
        #expect(batches.reduce(0, +) == 6)
        #expect(batches.allSatisfy { $0 <= 2 })
        // The CLI paths agree: names and stats over the same data.
        #expect(await runCLI(["actors", "list", "-o", "name"], redis: redis).stdout.split(separator: "\n").count == 6)
        let stats = try JSONValue.parse(await runCLI(["actors", "stats", "-o", "json"], redis: redis).stdout)
        #expect(stats["totalActors"]?.intValue == 6)
        #expect(stats["anomalies"]?["total"]?.intValue == 0)
    }

    @Test func metadataOverTheCapIsAProblemNotAnAllocation() async throws {
        let huge = "\"" + String(repeating: "h", count: ActorRecord.metadataCap + 10) + "\""
        try loomRegister(Array("huge-1".utf8), type: "calc", metadata: huge)
        let get = try JSONValue.parse(await runCLI(["actors", "get", "huge-1", "-o", "json"], redis: redis).stdout)
        #expect(get["metadata"] == .null)
        #expect(get["problems"]?.arrayValue?.contains { $0.stringValue?.contains("cap") == true } == true)
        #expect(get["type"]?.stringValue == "calc")
    }
}
