import Foundation
import LoomCore
import LoomTesting
import Testing

@Suite("config file and contexts")
struct ConfigCommandTests {
    @Test func contextsPrecedenceAndRedaction() async throws {
        let server = try RedisServer()
        let dir = TestDirs.fresh()
        let env = ["XDG_CONFIG_HOME": dir]
        let set = await runCLI(["config", "set-context", "local", "--set-redis", server.socketURL, "--set-actor-prefix", "loom:actor"], env: env)
        #expect(set.code == 0)
        #expect(await runCLI(["config", "current-context"], env: env).stdout == "local\n")
        _ = await runCLI(["actors", "register", "c-1", "--type", "t", "--worker", "w"], env: env)
        #expect(await runCLI(["actors", "list", "-o", "name"], env: env).stdout == "c-1\n")

        _ = await runCLI(["config", "set-context", "broken", "--set-redis", "redis://u:pa55word-xyz@127.0.0.1:1"], env: env)
        let ctxs = try JSONValue.parse(await runCLI(["config", "get-contexts", "-o", "json"], env: env).stdout)
        #expect(ctxs.arrayValue?.compactMap { $0["name"]?.stringValue } == ["local", "broken"])
        let view = await runCLI(["config", "view", "--context", "broken"], env: env)
        #expect(view.code == 0)
        #expect(!view.stdout.contains("pa55word-xyz"))
        #expect(view.stdout.contains("***"))

        // flag > env > context
        let viaFlag = await runCLI(["actors", "list", "-o", "name", "--context", "broken", "--redis", server.socketURL], env: env)
        #expect(viaFlag.stdout == "c-1\n")
        let viaEnv = await runCLI(["actors", "list", "-o", "name", "--context", "broken"], env: env.merging(["LOOMCTL_REDIS_URL": server.socketURL]) { $1 })
        #expect(viaEnv.stdout == "c-1\n")
        let viaContext = await runCLI(["actors", "list", "--context", "broken", "--timeout", "1"], env: env)
        #expect(viaContext.code == 7)
        #expect(!viaContext.stderr.contains("pa55word-xyz"))

        #expect(await runCLI(["config", "use-context", "nope"], env: env).code == 3)
        #expect(await runCLI(["actors", "list", "--context", "nope"], env: env).code == 3)
        #expect(await runCLI(["config", "use-context", "broken"], env: env).code == 0)
        #expect(await runCLI(["config", "current-context"], env: env).stdout == "broken\n")
        #expect(await runCLI(["config", "delete-context", "broken", "--yes"], env: env).code == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/loomctl/config.yaml")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func badConfigFileIsAUsageError() async throws {
        let dir = TestDirs.fresh()
        try FileManager.default.createDirectory(atPath: dir + "/loomctl", withIntermediateDirectories: true)
        try "contexts: [ {name: a, redis: [not, a, string]} ]\n".write(toFile: dir + "/loomctl/config.yaml", atomically: true, encoding: .utf8)
        let r = await runCLI(["actors", "list"], env: ["XDG_CONFIG_HOME": dir])
        #expect(r.code == 2)
        #expect(r.stderr.contains("config.yaml is not valid"))
        try "current-context: a\n".write(toFile: dir + "/loomctl/config.yaml", atomically: true, encoding: .utf8)
        chmod(dir + "/loomctl/config.yaml", 0o644)
        let missing = await runCLI(["actors", "list"], env: ["XDG_CONFIG_HOME": dir])
        #expect(missing.code == 3)
        #expect(missing.stderr.contains("readable by group or others"))
    }
}
