import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis

/// The processes of a local dev cluster, recorded in `$XDG_STATE_HOME/loomctl/dev-cluster.json`
/// (mode 0600) so `down` ends exactly them and nothing else.
struct DevClusterState: Sendable {
    struct Proc: Sendable {
        var kind: String  // node | load
        var id: String
        var pid: Int32
        var port: Int?
        var args: [String]
    }

    var redis: String
    var createdAt: String
    var nodeArgs: [String]
    var basePort: Int
    var processes: [Proc] = []

    static func path(environment env: [String: String]) -> String {
        let base = env["XDG_STATE_HOME"].nonEmpty ?? ((env["HOME"].nonEmpty ?? NSHomeDirectory()) + "/.local/state")
        return base + "/loomctl/dev-cluster.json"
    }

    func json() -> JSONValue {
        .object([
            ("redis", .string(redis)), ("createdAt", .string(createdAt)), ("basePort", .int(Int64(basePort))),
            ("nodeArgs", .array(nodeArgs.map { .string($0) })),
            ("processes", .array(processes.map { p in
                .object([("kind", .string(p.kind)), ("id", .string(p.id)), ("pid", .int(Int64(p.pid))), ("port", JSONValue(p.port.map(Int64.init))),
                    ("args", .array(p.args.map { .string($0) }))])
            })),
        ])
    }

    static func load(_ path: String) throws -> DevClusterState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bad = { (why: String) in CLIError.badData("state file \(path) is unreadable: \(why)", hint: "remove it by hand after checking no dev node runs (pgrep -af 'loomctl dev node')") }
        let v: JSONValue
        do { v = try JSONValue.parse(bytes: Array(data)) } catch { throw bad("\(error)") }
        guard let redis = v["redis"]?.stringValue, let procs = v["processes"]?.arrayValue else { throw bad("missing fields") }
        var s = DevClusterState(redis: redis, createdAt: v["createdAt"]?.stringValue ?? "",
            nodeArgs: v["nodeArgs"]?.arrayValue?.compactMap(\.stringValue) ?? [], basePort: Int(v["basePort"]?.intValue ?? 7700))
        for p in procs {
            guard let kind = p["kind"]?.stringValue, let id = p["id"]?.stringValue, let pid = p["pid"]?.intValue, let pid32 = Int32(exactly: pid), pid32 > 1 else {
                throw bad("a process entry lacks kind, id or a valid pid")
            }
            s.processes.append(Proc(kind: kind, id: id, pid: pid32, port: p["port"]?.intValue.flatMap { Int(exactly: $0) },
                args: p["args"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        return s
    }

    func save(_ path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var bytes: [UInt8] = []
        json().write(to: &bytes, indent: 2, level: 0)
        bytes.append(0x0A)
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CLIError.badData("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        fchmod(fd, 0o600)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard rename(tmp, path) == 0 else { throw CLIError.badData("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Whether `p` still runs AND is the process we started (its command line names it), so a
    /// recycled PID is never signalled.
    static func isOurs(_ p: Proc) -> Bool {
        guard kill(p.pid, 0) == 0 || errno == EPERM else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(p.pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
        {
            return false
        }
        guard let data = FileManager.default.contents(atPath: "/proc/\(p.pid)/cmdline") else { return false }
        let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard argv.contains("dev") else { return false }
        return p.kind == "node" ? zip(argv, argv.dropFirst()).contains { $0 == "--node-id" && $1 == p.id }
            : zip(argv, argv.dropFirst()).contains { $0 == "--type" && $1 == p.id }
    }

    /// Whether `pid` runs (not a zombie). For our own unreaped children only: their PID cannot be
    /// recycled, and right after posix_spawn their cmdline may still be ours (before exec).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Whether the process is stopped (SIGSTOP).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("T")
    }
}
