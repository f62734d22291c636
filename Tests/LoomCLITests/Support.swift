import Foundation
import LoomCLI
import LoomOutput
import LoomTesting

/// The outcome of one in-process `loomctl` run.
struct CLIResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real command tree in-process against captured streams, with an isolated config
/// directory and no inherited LOOMCTL_* settings.
func runCLI(_ args: [String], env: [String: String] = [:], redis: RedisServer? = nil, stdinTerminal: Bool = false,
    answer: String? = nil) async -> CLIResult
{
    let capture = CapturingSink()
    var environment = ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": TestDirs.configHome, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
    if let redis { environment["LOOMCTL_REDIS_URL"] = redis.url }
    environment.merge(env) { $1 }
    let invocation = Invocation(environment: environment, sink: capture.sink, stdinIsTerminal: stdinTerminal, readLine: { answer })
    let code = await Entry.run(args, invocation: invocation)
    return CLIResult(code: code, stdout: capture.stdout, stderr: capture.stderr)
}

enum TestDirs {
    /// A fresh, empty config home per test process.
    static let configHome: String = {
        let dir = NSTemporaryDirectory() + "loomctl-test-config-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func fresh() -> String {
        let dir = NSTemporaryDirectory() + "loomctl-test-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Parses every line of `-o jsonl` output.
func jsonLines(_ text: String) throws -> [LoomCoreJSON] {
    try text.split(separator: "\n").map { try LoomCoreJSON.parse(String($0)) }
}

import LoomCore
typealias LoomCoreJSON = JSONValue
