import ArgumentParser
import Foundation
@testable import LoomCLI
import LoomCore
import Testing

/// GlobalOptions (ArgumentParser's property declarations) and SettingsSchema (everything else)
/// must describe the same flags.
@Suite("settings schema")
struct SettingsSchemaTests {
    /// A value each kind accepts, so parsing cannot fail for a reason other than the name.
    static func sample(_ d: SettingDescriptor) -> String? {
        switch d.kind {
        case .flag: return nil
        case .seconds: return "7.5"
        case .redisURL: return "redis://10.1.2.3:6380"
        case .choice: return d.key == .output ? "json" : "never"
        default: return "sample-\(d.key.rawValue)"
        }
    }

    @Test func everySchemaEntryHasItsFlagInGlobalOptions() throws {
        #expect(Set(SettingsSchema.all.map(\.key)) == Set(SettingKey.allCases))
        #expect(SettingsSchema.all.count == SettingKey.allCases.count)
        for d in SettingsSchema.all {
            for name in d.names {
                let args = Self.sample(d).map { [name, $0] } ?? [name]
                let parsed = try GlobalOptions.parse(args)
                #expect(parsed.value(for: d.key) == (Self.sample(d) ?? "1"), "\(name) did not set \(d.key)")
                // Nothing else is set by this flag.
                for other in SettingKey.allCases where other != d.key {
                    #expect(parsed.value(for: other) == nil, "\(name) also set \(other)")
                }
            }
        }
    }

    @Test func everyGlobalOptionIsInTheSchema() throws {
        let help = GlobalOptions.helpMessage(columns: 200)
        let regex = try NSRegularExpression(pattern: "(?<![\\w-])(--[a-z][a-z-]*|-[a-z])\\b")
        let found = Set(regex.matches(in: help, range: NSRange(help.startIndex..., in: help)).compactMap {
            Range($0.range(at: 1), in: help).map { String(help[$0]) }
        })
        let schema = SettingsSchema.valueOptions.union(SettingsSchema.flagOptions)
        #expect(found.subtracting(["--help", "-h"]) == schema)
    }

    @Test func contextKeysComeFromTheSchema() throws {
        let yaml = """
            contexts:
              - name: a
                redis: redis://h:1
                password-file: /p
                actor-prefix: x
                key-prefix: "k:"
                bull-prefix: b
                node-prefix: n
                timeout: 2
            """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let ctx = try #require(try ConfigStore.load(path: path).context(named: "a"))
        for d in SettingsSchema.contextSettings { #expect(ctx[d.key] != nil, "\(d.contextKey ?? "") not read") }
        #expect(ctx[.timeout] == "2.0")
        // A key outside the schema is refused.
        try (yaml + "\n    redis-url: x\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CoreError.self) { try ConfigStore.load(path: path) }
    }

    @Test func resolvedSettingsHandOffThroughTheSchemaVariables() throws {
        var flags = FlagSettings()
        flags[.redis] = "redis://h:9"
        flags[.actorPrefix] = "a"
        flags[.timeout] = "3.0"
        let s = try Settings.resolve(flags: flags, environment: ["HOME": "/nonexistent", "LOOMCTL_BULL_PREFIX": "bq"])
        #expect(s.sources["redis"] == "flag")
        #expect(s.sources["bullPrefix"] == "env LOOMCTL_BULL_PREFIX")
        #expect(s.sources["nodePrefix"] == "default")
        #expect(s.nodePrefix == SettingsSchema[.nodePrefix].defaultValue)
        let env = s.handOffEnvironment
        #expect(env["LOOMCTL_REDIS_URL"] == "redis://h:9")
        #expect(env["LOOMCTL_ACTOR_PREFIX"] == "a")
        #expect(env["LOOMCTL_BULL_PREFIX"] == "bq")
        #expect(env["LOOMCTL_TIMEOUT"] == "3.0")
        #expect(env["LOOMCTL_REDIS_PASSWORD"] == nil)
        // Resolving from the handed-off environment gives the same settings.
        let again = try Settings.resolve(flags: FlagSettings(), environment: env.merging(["HOME": "/nonexistent"]) { $1 })
        #expect(again.values == s.values)
    }

    @Test func lineOptionsMapThroughTheSchema() {
        let f = FlagSettings(commandLine: ["--redis": "redis://x", "--context": "c", "-o": "json", "--bogus": "1"])
        #expect(f[.redis] == "redis://x")
        #expect(f[.context] == "c")
        #expect(f[.output] == nil)  // presentation, not a connection setting
        #expect(f.values.count == 2)
    }
}
