import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Certificates made with `openssl` for one test run: a CA, a server certificate for `loom.test`
/// (only that name), a client certificate, and an unrelated CA that trusts none of them.
struct TestPKI {
    let dir: URL
    var ca: String { dir.appendingPathComponent("ca.pem").path }
    var otherCA: String { dir.appendingPathComponent("other-ca.pem").path }
    var serverCert: String { dir.appendingPathComponent("server.pem").path }
    var serverKey: String { dir.appendingPathComponent("server.key").path }
    var clientCert: String { dir.appendingPathComponent("client.pem").path }
    var clientKey: String { dir.appendingPathComponent("client.key").path }

    static let serverName = "loom.test"

    /// Made once per process; the suites share it.
    static let shared: Result<TestPKI, any Error> = Result { try TestPKI() }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("loomhttp-pki-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Loom Test CA"])
        try openssl(["req", "-x509"] + ec + ["-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=Other CA"])
        try issue("server", cn: Self.serverName, ext: "subjectAltName=DNS:\(Self.serverName)\nextendedKeyUsage=serverAuth\n")
        try issue("client", cn: "loom-client", ext: "extendedKeyUsage=clientAuth\n")
    }

    private func issue(_ name: String, cn: String, ext: String) throws {
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(cn)"])
        try ("basicConstraints=CA:FALSE\n" + ext).write(to: dir.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
    }

    private func openssl(_ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + args
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TLSPeerError("openssl \(args.prefix(2).joined(separator: " ")) failed (\(p.terminationStatus))") }
    }
}

struct TLSPeerError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A real TLS peer: `openssl s_server -www` on a loopback port (it answers a GET with `200 ok` and a
/// status page). `stop()` kills exactly the process it started, by its PID.
final class TLSPeer: @unchecked Sendable {
    let process = Process()
    let pid: Int32
    let port: Int

    /// `requireClientCert`: `-Verify 1` with the test CA, so a client without a certificate is refused.
    init(_ pki: TestPKI, requireClientCert: Bool = false) throws {
        var args = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", pki.serverCert, "-key", pki.serverKey, "-www", "-naccept", "50"]
        if requireClientCert { args += ["-Verify", "1", "-CAfile", pki.ca] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        pid = process.processIdentifier
        // s_server prints `ACCEPT 127.0.0.1:PORT` once it listens.
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        var found: Int?
        while found == nil && Date() < deadline && process.isRunning {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { Thread.sleep(forTimeInterval: 0.02); continue }
            text += String(decoding: data, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }), let colon = line.lastIndex(of: ":") {
                found = Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let found else {
            kill(pid, SIGKILL)
            throw TLSPeerError("openssl s_server did not start: \(text)")
        }
        port = found
        // Keep draining its output so a full pipe never blocks it.
        let reader = out.fileHandleForReading
        Thread.detachNewThread { while !reader.availableData.isEmpty {} }
    }

    /// The address URL (the certificate does not name it).
    var addressURL: String { "https://127.0.0.1:\(port)/" }

    func stop() {
        // SIGKILL: a child spawned from a test thread can inherit a mask that blocks SIGTERM.
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
