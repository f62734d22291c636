import Foundation
import LoomCore
import LoomTesting
import Testing
import LoomHealth

@Suite("health cosmos")
struct CosmosHealthTests {
    static let keyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static var key: [UInt8] { CosmosAuth.decodeKey(keyText)! }

    @Test func signatureMatchesTheDocumentedAlgorithm() {
        // Known answers computed with Python's hmac/hashlib (an independent implementation).
        let date = "Tue, 01 Nov 1994 08:12:31 GMT"
        #expect(CosmosAuth.stringToSign(verb: "GET", resourceType: "", resourceLink: "", date: date) == "get\n\n\ntue, 01 nov 1994 08:12:31 gmt\n\n")
        #expect(CosmosAuth.masterAuthorization(key: Self.key, verb: "GET", resourceType: "", resourceLink: "", date: date)
            == "type%3Dmaster%26ver%3D1.0%26sig%3DvJFguUNfZMqVl%2Bzwt1nQgXa6yaP5NnBc4z4tjMMyZ%2BE%3D")
        // The resource link keeps its case; verb and type are lowercased.
        #expect(CosmosAuth.signature(key: Self.key, verb: "GET", resourceType: "DOCS", resourceLink: "dbs/MyDb/colls/MyColl/docs/Config", date: date)
            == "8+4Qh6OFmpSfU2OGdf/ElE9EccQU2+GtVR2qymI3QQQ=")
        #expect(CosmosAuth.rfc1123(Date(timeIntervalSince1970: 783_677_551)) == date)
        // The server's independent check accepts exactly this and rejects near misses.
        let good = CosmosAuth.masterAuthorization(key: Self.key, verb: "GET", resourceType: "", resourceLink: "", date: date)
        #expect(CosmosAccountServer.verify(method: "GET", path: "/", authorization: good, xmsDate: date, key: Self.key) == nil)
        #expect(CosmosAccountServer.verify(method: "GET", path: "/", authorization: good, xmsDate: "Tue, 01 Nov 1994 08:12:32 GMT", key: Self.key) != nil)
        #expect(CosmosAccountServer.verify(method: "POST", path: "/", authorization: good, xmsDate: date, key: Self.key) != nil)
        #expect(CosmosAccountServer.verify(method: "GET", path: "/", authorization: good, xmsDate: date, key: Array(Self.key.reversed())) != nil)
    }

    /// A config whose current context points at `endpoint` with a key file holding `keyText`.
    static func config(endpoint: String, keyText: String = keyText, redis: String = "redis://127.0.0.1:1") throws -> String {
        let dir = TestDirs.fresh()
        try keyText.write(toFile: dir + "/cosmos.key", atomically: true, encoding: .utf8)
        let path = dir + "/config.yaml"
        try """
            current-context: c
            contexts:
              - name: c
                redis: \(redis)
                cosmos:
                  endpoint: \(endpoint)
                  key-file: \(dir)/cosmos.key
            """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    static func noKey(_ r: CLIResult) {
        #expect(!r.stdout.contains(keyText) && !r.stderr.contains(keyText))
        #expect(!r.stdout.contains("AAECAwQF") && !r.stderr.contains("AAECAwQF"))
    }

    @Test func healthyAccountReadIsSignedAndVerified() async throws {
        let server = try CosmosAccountServer(key: Self.key)
        defer { server.stop() }
        let r = await runCLI(["health", "cosmos", "--config", try Self.config(endpoint: server.url), "-o", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let doc = try JSONValue.parse(r.stdout)
        let check = try #require(doc["checks"]?.arrayValue?.first)
        #expect(check["name"]?.stringValue == "cosmos.account")
        #expect(check["status"]?.stringValue == "healthy")
        #expect(check["details"]?["account"]?.stringValue == "loomtest")
        #expect(server.verified == 1 && server.rejected.isEmpty)
        #expect(server.server.requests.first?.header("x-ms-version") == CosmosAuth.apiVersion)
        Self.noKey(r)
    }

    @Test func entraTokenFromTheEnvironmentIsSentAsAAD() async throws {
        let server = try LoopbackHTTPServer(responses: [.json(CosmosAccountServer.accountJSON(id: "aad", base: "http://127.0.0.1"))])
        defer { server.stop() }
        let dir = TestDirs.fresh()
        let path = dir + "/config.yaml"
        try "current-context: c\ncontexts:\n  - name: c\n    cosmos: {endpoint: \(server.baseURL), token-env: COSMOS_TEST_TOKEN}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        let token = "eyJ0eXAiOiJKV1Qi.secret-entra-token"
        let r = await runCLI(["health", "cosmos", "--config", path, "-o", "wide"], env: ["COSMOS_TEST_TOKEN": token])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(server.requests.first?.header("authorization") == CosmosAuth.urlEncode("type=aad&ver=1.0&sig=" + token))
        #expect(server.requests.first?.path == "/")
        #expect(!r.stdout.contains(token) && !r.stderr.contains(token))
        let unset = await runCLI(["health", "cosmos", "--config", path])
        #expect(unset.code == 2 && unset.stderr.contains("COSMOS_TEST_TOKEN"))
    }

    @Test func badKeySlowThrottledForbiddenAndUnreachable() async throws {
        let good = try CosmosAccountServer(key: Self.key)
        defer { good.stop() }
        let wrong = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
        let bad = await runCLI(["health", "cosmos", "--config", try Self.config(endpoint: good.url, keyText: wrong), "-o", "json"])
        #expect(bad.code == 4)
        #expect(bad.stdout.contains("401 unauthorized: bad key"))
        #expect(good.rejected == ["signature mismatch"])
        #expect(!bad.stdout.contains(wrong) && !bad.stderr.contains(wrong))

        let slow = try CosmosAccountServer(key: Self.key, mode: .delay(0.8))
        defer { slow.stop() }
        let s = await runCLI(["health", "cosmos", "--config", try Self.config(endpoint: slow.url), "-o", "json"])
        #expect(s.code == 0)  // degraded is exit 0 unless --fail-on degraded
        #expect(try JSONValue.parse(s.stdout)["checks"]?.arrayValue?.first?["status"]?.stringValue == "degraded")
        let strict = await runCLI(["health", "cosmos", "--fail-on", "degraded", "--config", try Self.config(endpoint: slow.url)])
        #expect(strict.code == 4)
        #expect(strict.stdout.contains("degraded"))

        let throttled = try CosmosAccountServer(key: Self.key, mode: .throttled(retryAfterMs: 1500))
        defer { throttled.stop() }
        let t = await runCLI(["health", "cosmos", "--config", try Self.config(endpoint: throttled.url)])
        #expect(t.code == 4)
        #expect(t.stdout.contains("429 throttled: retry after 1500 ms"))

        let forbidden = try CosmosAccountServer(key: Self.key, mode: .forbidden)
        defer { forbidden.stop() }
        let f = await runCLI(["health", "cosmos", "--config", try Self.config(endpoint: forbidden.url)])
        #expect(f.code == 4 && f.stdout.contains("403 forbidden"))

        // A port nobody listens on: bind one, note it, close it.
        let closed = try LoopbackHTTPServer(responses: [.text("x")])
        let url = closed.baseURL + "/"
        closed.stop()
        let u = await runCLI(["health", "cosmos", "--config", try Self.config(endpoint: url), "-o", "json"])
        #expect(u.code == 4)
        #expect(try JSONValue.parse(u.stdout)["checks"]?.arrayValue?.first?["reason"]?.stringValue?.hasPrefix("unreachable") == true)
        for r in [s, strict, t, f, u] { Self.noKey(r) }
    }

    @Test func foldedIntoHealthOnlyWhenConfigured() async throws {
        let redis = try RedisServer()
        let server = try CosmosAccountServer(key: Self.key, mode: .throttled(retryAfterMs: 10))
        defer { server.stop() }
        let r = await runCLI(["health", "--config", try Self.config(endpoint: server.url, redis: redis.url), "-o", "json"])
        let names = try JSONValue.parse(r.stdout)["checks"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("cosmos.account"))
        #expect(r.code == 4)
        let plain = await runCLI(["health", "-o", "json"], redis: redis)
        #expect(!(try JSONValue.parse(plain.stdout)["checks"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []).contains("cosmos.account"))
        let none = await runCLI(["health", "cosmos"], redis: redis)
        #expect(none.code == 2 && none.stderr.contains("no cosmos: block"))
        // The cosmos: block is schema-checked like every other section.
        let typo = TestDirs.fresh() + "/typo.yaml"
        try "current-context: c\ncontexts:\n  - name: c\n    cosmos: {endpoint: \(server.url), keyfile: /x}\n".write(toFile: typo, atomically: true, encoding: .utf8)
        chmod(typo, 0o600)
        let t = await runCLI(["health", "cosmos", "--config", typo])
        #expect(t.code == 2 && t.stderr.contains("unknown key 'contexts.0.cosmos.keyfile'"))
    }

    /// The loopback server is faithful: the official azure-cosmos SDK's own signed requests verify
    /// against its check, and the SDK accepts its account response.
    @Test(.enabled(if: CosmosHealthTests.pythonSDKAvailable)) func officialSDKAgreesWithTheServer() throws {
        let server = try CosmosAccountServer(key: Self.key)
        defer { server.stop() }
        let script = """
            import sys
            from azure.cosmos import CosmosClient
            c = CosmosClient(sys.argv[1], credential=sys.argv[2], connection_timeout=10, retry_total=0)
            a = c.get_database_account()
            print(a.ConsistencyPolicy["defaultConsistencyLevel"], a.WritableLocations[0]["name"])
            """
        let r = runProcess([CosmosHealthTests.python, "python3", "-c", script, server.url, Self.keyText], env: CosmosHealthTests.pythonEnv)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Session Local"))
        #expect(server.verified >= 1)
        #expect(server.rejected.isEmpty, "\(server.rejected)")
        // And a wrong key from the SDK is rejected by the same check.
        let wrong = try CosmosAccountServer(key: Array(Self.key.reversed()))
        defer { wrong.stop() }
        let w = runProcess([CosmosHealthTests.python, "python3", "-c", script, wrong.url, Self.keyText], env: CosmosHealthTests.pythonEnv)
        #expect(w.code != 0)
        #expect(wrong.rejected.contains("signature mismatch"))
    }

    /// The test process's environment (pyenv shims need HOME/PYENV_*), without proxies for loopback.
    static var pythonEnv: [String: String] { ProcessInfo.processInfo.environment.merging(["NO_PROXY": "*", "no_proxy": "*"]) { $1 } }

    static let python = "/usr/bin/env"

    static let pythonSDKAvailable: Bool = {
        runProcess([CosmosHealthTests.python, "python3", "-c", "import azure.cosmos"], env: pythonEnv).code == 0
    }()
}
