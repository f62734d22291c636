import Crypto
import Foundation
import LoomCore
import LoomHTTP

/// Cosmos DB master-key authorization, as documented ("Access control on Cosmos DB resources"):
/// `type=master&ver=1.0&sig=base64(HMAC-SHA256(base64decode(key), stringToSign))`, URL-encoded,
/// where stringToSign = lowercase(verb) \n lowercase(resourceType) \n resourceLink \n
/// lowercase(x-ms-date) \n "" \n. The resource link keeps its case; the date is RFC 1123 GMT and is
/// sent unchanged in `x-ms-date`.
public enum CosmosAuth {
    /// The REST API version loomctl speaks (`x-ms-version`).
    public static let apiVersion = "2018-12-31"

    public static func stringToSign(verb: String, resourceType: String, resourceLink: String, date: String) -> String {
        "\(verb.lowercased())\n\(resourceType.lowercased())\n\(resourceLink)\n\(date.lowercased())\n\n"
    }

    /// The base64 signature (not yet URL-encoded).
    public static func signature(key: [UInt8], verb: String, resourceType: String, resourceLink: String, date: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign(verb: verb, resourceType: resourceType, resourceLink: resourceLink, date: date).utf8),
            using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString()
    }

    /// The `Authorization` header value for a master key.
    public static func masterAuthorization(key: [UInt8], verb: String, resourceType: String, resourceLink: String, date: String) -> String {
        urlEncode("type=master&ver=1.0&sig=" + signature(key: key, verb: verb, resourceType: resourceType, resourceLink: resourceLink, date: date))
    }

    /// The `Authorization` header value for a Microsoft Entra (AAD) token.
    public static func entraAuthorization(token: String) -> String { urlEncode("type=aad&ver=1.0&sig=" + token) }

    /// Percent-encodes everything but RFC 3986 unreserved characters (as encodeURIComponent / quote(safe='')).
    public static func urlEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(b)))
            default: out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// RFC 1123 date in GMT, e.g. `Tue, 01 Nov 1994 08:12:31 GMT`.
    public static func rfc1123(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    /// Decodes a master key as the portal prints it (base64); nil when it is not base64.
    public static func decodeKey(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)).map { Array($0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Signs Cosmos DB requests for `HTTPClient` (its `HTTPAuth.signer` hook): sets `x-ms-date` and the
/// `Authorization` header (master-key HMAC over verb, resource type and link, and date; or an Entra
/// token). The key only ever enters the HMAC; the header it produces is redacted in traces.
public struct CosmosSigner: HTTPRequestSigner {
    public var credential: CosmosHealth.Credential
    public var resourceType: String
    public var resourceLink: String
    public var date: @Sendable () -> Date

    public init(credential: CosmosHealth.Credential, resourceType: String = "", resourceLink: String = "", date: @escaping @Sendable () -> Date = { Date() }) {
        self.credential = credential
        self.resourceType = resourceType
        self.resourceLink = resourceLink
        self.date = date
    }

    public func sign(_ request: inout HTTPRequest) throws {
        let date = CosmosAuth.rfc1123(self.date())
        let auth: String
        switch credential {
        case .masterKey(let key):
            auth = CosmosAuth.masterAuthorization(key: key, verb: request.method, resourceType: resourceType, resourceLink: resourceLink, date: date)
        case .entraToken(let token): auth = CosmosAuth.entraAuthorization(token: token)
        }
        request.headers.set("x-ms-date", date)
        request.headers.set("Authorization", auth)
    }
}

/// `health cosmos`: the account read (getDatabaseAccount, GET on the account endpoint) judged by
/// Loom's rule: under 500 ms healthy, otherwise degraded; any error unhealthy with its reason.
/// The key is only ever used to sign; no output, error or detail contains it.
public struct CosmosHealth: Sendable {
    public enum Credential: Sendable {
        case masterKey([UInt8])
        case entraToken(String)
    }

    public static let degradedMillis = 500.0

    public var endpoint: String
    public var credential: Credential
    public var timeoutMillis: Int
    /// TLS and trace settings; `run` adds the `CosmosSigner` to its `auth`.
    public var client: HTTPClient

    public init(endpoint: String, credential: Credential, timeoutMillis: Int, client: HTTPClient = HTTPClient()) {
        self.endpoint = endpoint
        self.credential = credential
        self.timeoutMillis = timeoutMillis
        self.client = client
    }

    public func run(now: Date = Date()) async -> CheckResult {
        var client = self.client
        client.auth.signer = CosmosSigner(credential: credential, date: { now })
        let url = endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        let request = HTTPRequest(method: "GET", url: url,
            headers: HTTPHeaders([("x-ms-version", CosmosAuth.apiVersion), ("Accept", "application/json")]),
            body: [])
        let seconds = Double(max(1, timeoutMillis)) / 1000
        let start = ContinuousClock.now
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        do {
            for try await part in client.send(request, timeouts: HTTPTimeouts(connect: seconds, idle: seconds, total: seconds)) {
                switch part {
                case .head(let h): head = h
                case .body(let b): if body.count < 64 * 1024 { body += b }
                }
            }
        } catch {
            let message = (error as? any LoomError)?.message ?? "\(error)"
            return CheckResult(.cosmos, "cosmos.account", .unhealthy, "unreachable: \(message)", details: details(nil, millis: nil))
        }
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        guard let head else {
            return CheckResult(.cosmos, "cosmos.account", .unhealthy, "unreachable: no HTTP response", details: details(nil, millis: ms))
        }
        let d = details(head.status, millis: ms, account: head.status == 200 ? (try? JSONValue.parse(bytes: body)) : nil)
        switch head.status {
        case 200:
            let text = String(format: "account read in %.0f ms", ms)
            return ms < Self.degradedMillis ? CheckResult(.cosmos, "cosmos.account", .healthy, text, details: d)
                : CheckResult(.cosmos, "cosmos.account", .degraded, text + String(format: " (≥ %.0f ms)", Self.degradedMillis), details: d)
        case 401: return CheckResult(.cosmos, "cosmos.account", .unhealthy, "401 unauthorized: bad key or signature", details: d)
        case 403: return CheckResult(.cosmos, "cosmos.account", .unhealthy, "403 forbidden: the credential may not read the account (firewall or RBAC)", details: d)
        case 429:
            let after = head.headers["x-ms-retry-after-ms"].map { "\($0) ms" } ?? head.headers["retry-after"].map { "\($0) s" } ?? "unknown"
            return CheckResult(.cosmos, "cosmos.account", .unhealthy, "429 throttled: retry after \(after)", details: d)
        default:
            return CheckResult(.cosmos, "cosmos.account", .unhealthy, "HTTP \(head.status) from the account endpoint", details: d)
        }
    }

    func details(_ status: Int?, millis: Double?, account: JSONValue? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("endpoint", .string(Redact.url(endpoint))), ("status", JSONValue(status)), ("millis", JSONValue(millis)),
            ("auth", .string({ if case .masterKey = credential { "master-key" } else { "entra-token" } }()))]
        if let id = account?["id"]?.stringValue { m.append(("account", .string(id))) }
        return .object(m)
    }
}
