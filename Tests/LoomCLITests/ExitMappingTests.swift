import Foundation
@testable import LoomCLI
import LoomCore
import LoomDev
import LoomRedis
import LoomTesting
import Testing

/// Error kinds become exit codes in one table at the CLI edge, and hints that name loomctl's
/// flags are added there too: the libraries' own hints name none.
@Suite("exit mapping and CLI hints")
struct ExitMappingTests {
    @Test func everyKindHasItsDocumentedCode() {
        let documented: [ErrorKind: Int32] = [
            .other: 1, .usage: 2, .notFound: 3, .unhealthy: 4, .planHasChanges: 5, .conflict: 6, .unreachable: 7,
            .interrupted: 130,
        ]
        #expect(ExitStatus.exitCodes == documented)
        #expect(Set(ExitStatus.exitCodes.keys) == Set(ErrorKind.allCases))
        #expect(Set(ExitStatus.exitCodes.values).count == ErrorKind.allCases.count)
        for kind in ErrorKind.allCases {
            let report = ExitStatus.classify(CoreError(kind, code: "x", "m"))
            #expect(report.code == documented[kind])
            #expect(ExitStatus.classify(CommandExit(kind)).code == documented[kind])
        }
        #expect(ExitStatus.classify(CancellationError()).code == 130)
    }

    @Test func libraryHintsNameNoFlagsAndTheEdgeAddsThem() throws {
        let auth = RedisError.fromServer("WRONGPASS invalid username-password pair")
        #expect(auth.hint == "check the password")
        #expect(ExitStatus.classify(auth).hint == "check the password (--password-file, LOOMCTL_REDIS_PASSWORD or the URL)")

        let port = RedisServer.freePort()
        let endpoint = try RedisEndpoint.parse("redis://127.0.0.1:\(port)")
        do {
            _ = try RedisConnection(endpoint, timeouts: RedisTimeouts(connect: .seconds(2), reply: .seconds(2)))
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.hint?.contains("--") == false)
            #expect(ExitStatus.classify(error).hint == "is redis-server running? set --redis, LOOMCTL_REDIS_URL or the context's redis URL")
        }

        let missing = CoreError.contextNotFound("prod", in: ConfigFile(), path: "/x")
        #expect(missing.hint == "create one")
        #expect(ExitStatus.classify(missing).hint == "create one with: loomctl config set-context NAME --set-redis URL")

        do {
            _ = try ConfigStore.load(path: "/nonexistent/loomctl.yaml", mustExist: true)
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.hint?.contains("--") == false)
            #expect(ExitStatus.classify(error).hint?.hasPrefix("check --config / LOOMCTL_CONFIG") == true)
        }
    }

    /// Library validation names the setting; the CLI names the flag, in the message and the envelope.
    @Test func invalidSettingsAreNamedByTheirFlagAtTheEdge() async throws {
        let e = DevError.invalidSetting("fail-fraction", "must be between 0 and 1")
        #expect(e.message == "fail-fraction must be between 0 and 1")
        #expect(ErrorHints.message(for: e) == "--fail-fraction must be between 0 and 1")
        #expect(ErrorHints.message(for: DevError.invalid("fail-fraction x")) == "fail-fraction x")
        let r = await runCLI(["dev", "node", "--node-id", "n1", "--ttl", "1", "--interval", "1"])
        #expect(r.code == 2)
        #expect(r.stderr.contains("--ttl must be at least twice the interval"), "\(r.stderr)")
    }

    @Test func theTableRewritesOnlyTheStartItKnows() {
        #expect(ErrorHints.hint(code: "redis_timeout", library: "raise the reply timeout, or check the server with redis-cli --latency")
            == "raise --timeout, or check the server with redis-cli --latency")
        #expect(ErrorHints.hint(code: "conflict", library: "register it again with retype to move it to 'B', or unregister it first")
            == "pass --retype to move it to 'B', or unregister it first")
        // Another code, or a hint the table does not know, is shown as the library wrote it.
        #expect(ErrorHints.hint(code: "redis_error", library: "raise the reply timeout") == "raise the reply timeout")
        #expect(ErrorHints.hint(code: "conflict", library: "something else") == "something else")
        #expect(ErrorHints.hint(code: "conflict", library: nil) == nil)
        // No library start names a flag; every CLI form does something the library text does not.
        for e in ErrorHints.table {
            #expect(!e.library.contains("--"), "\(e.library)")
            #expect(e.cli != e.library)
        }
    }
}
