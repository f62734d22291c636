import Crypto
import Foundation

/// A loopback stand-in for a Cosmos DB account endpoint that checks the master-key signature
/// EXACTLY as documented, independently of loomctl's signer: it URL-decodes `Authorization`,
/// requires `type=master&ver=1.0&sig=…`, rebuilds the string to sign from the request
/// (lowercase verb, lowercase resource type, resource link as sent, lowercase `x-ms-date`, empty
/// line) and compares HMAC-SHA256 under the base64-decoded key. Only the account read (GET /) is
/// served; the official `azure-cosmos` SDK is run against it in the tests to prove it faithful.
public final class CosmosAccountServer: @unchecked Sendable {
    public enum Mode: Sendable {
        case normal
        case delay(Double)
        case throttled(retryAfterMs: Int)
        case forbidden
    }

    public let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var _verified = 0
    private var _rejected: [String] = []
    public var verified: Int { lock.withLock { _verified } }
    /// Why each rejected request failed (never the key).
    public var rejected: [String] { lock.withLock { _rejected } }
    public var url: String { server.baseURL + "/" }

    public init(key: [UInt8], mode: Mode = .normal, accountId: String = "loomtest") throws {
        let box = Box()
        server = try LoopbackHTTPServer { req in box.owner?.handle(req, key: key, mode: mode, accountId: accountId, base: box.base) ?? .text("gone", status: 500) }
        box.base = server.baseURL
        box.owner = self
    }

    final class Box: @unchecked Sendable {
        weak var owner: CosmosAccountServer?
        var base = ""
    }

    public func stop() { server.stop() }

    /// The documented check; returns nil when the signature verifies, else why not.
    public static func verify(method: String, path: String, authorization: String?, xmsDate: String?, key: [UInt8]) -> String? {
        guard let raw = authorization else { return "no Authorization header" }
        guard let decoded = raw.removingPercentEncoding else { return "Authorization is not URL-encoded" }
        var parts: [String: String] = [:]
        for item in decoded.split(separator: "&", maxSplits: 2) {
            let kv = item.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { parts[String(kv[0])] = String(kv[1]) }
        }
        guard parts["type"] == "master", parts["ver"] == "1.0", let sig = parts["sig"] else { return "not type=master&ver=1.0&sig=…" }
        guard let date = xmsDate, !date.isEmpty else { return "no x-ms-date header" }
        // Resource link and type from the path: "" / "" for the account; dbs/{id}/colls/{id}… otherwise.
        let segments = path.split(separator: "/").map(String.init)
        let resourceType = segments.count % 2 == 1 ? segments.last! : (segments.count >= 2 ? segments[segments.count - 2] : "")
        let link = segments.count % 2 == 1 ? segments.dropLast().joined(separator: "/") : segments.joined(separator: "/")
        let text = "\(method.lowercased())\n\(resourceType.lowercased())\n\(link)\n\(date.lowercased())\n\n"
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString() == sig ? nil : "signature mismatch"
    }

    func handle(_ req: LoopbackHTTPServer.Request, key: [UInt8], mode: Mode, accountId: String, base: String) -> LoopbackHTTPServer.Response {
        if req.header("x-ms-version") == nil {
            lock.withLock { _rejected.append("no x-ms-version header") }
            return .json(#"{"code":"BadRequest","message":"x-ms-version required"}"#, status: 400)
        }
        if let why = Self.verify(method: req.method, path: req.path, authorization: req.header("authorization"), xmsDate: req.header("x-ms-date"), key: key) {
            lock.withLock { _rejected.append(why) }
            return .json(#"{"code":"Unauthorized","message":"The input authorization token can't serve the request."}"#, status: 401)
        }
        lock.withLock { _verified += 1 }
        switch mode {
        case .throttled(let ms):
            return .json(#"{"code":"429","message":"Request rate is large"}"#, status: 429, headers: [("x-ms-retry-after-ms", String(ms))])
        case .forbidden:
            return .json(#"{"code":"Forbidden","message":"Request blocked by network firewall"}"#, status: 403)
        case .delay(let seconds):
            var r = LoopbackHTTPServer.Response.json(Self.accountJSON(id: accountId, base: base))
            r.steps.insert(.delay(seconds), at: 0)
            return r
        case .normal:
            return .json(Self.accountJSON(id: accountId, base: base), headers: [("x-ms-request-charge", "0"), ("x-ms-session-token", "")])
        }
    }

    /// The fields of getDatabaseAccount the SDKs read (locations, consistency, replication).
    public static func accountJSON(id: String, base: String) -> String {
        let loc = #"[{"name":"Local","databaseAccountEndpoint":"\#(base)/"}]"#
        return """
            {"_self":"","id":"\(id)","_rid":"\(id).documents.azure.com","media":"//media/","addresses":"//addresses/","_dbs":"//dbs/",\
            "writableLocations":\(loc),"readableLocations":\(loc),"enableMultipleWriteLocations":false,\
            "userReplicationPolicy":{"asyncReplication":false,"minReplicaSetSize":3,"maxReplicasetSize":4},\
            "userConsistencyPolicy":{"defaultConsistencyLevel":"Session"},\
            "systemReplicationPolicy":{"minReplicaSetSize":3,"maxReplicasetSize":4},\
            "readPolicy":{"primaryReadCoefficient":1,"secondaryReadCoefficient":1},"queryEngineConfiguration":"{}"}
            """
    }
}
