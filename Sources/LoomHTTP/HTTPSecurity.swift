/// TLS settings of an `HTTPClient` (libcurl with its system CA store when all are nil).
///
/// `serverName` is for peers reached by address: the request URL names the address
/// (`https://10.0.0.7:8443/`), and the client connects there while TLS (SNI and certificate name
/// verification) and the `Host` header use `serverName` (curl `CURLOPT_CONNECT_TO`).
public struct HTTPTLS: Sendable, Equatable {
    /// PEM bundle of trusted CAs, replacing the system store (`CURLOPT_CAINFO`).
    public var caFile: String?
    /// PEM client certificate (`CURLOPT_SSLCERT`), for peers that require one.
    public var clientCertificate: String?
    /// PEM private key of the client certificate (`CURLOPT_SSLKEY`).
    public var clientKey: String?
    /// Passphrase of `clientKey` (`CURLOPT_KEYPASSWD`); never traced or shown.
    public var clientKeyPassword: String?
    /// The name TLS verifies and sends as SNI when the URL holds an address.
    public var serverName: String?
    /// Skip peer and name verification (tests, bootstrap). Encryption stays; authenticity does not.
    public var insecureSkipVerify: Bool

    public init(
        caFile: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil, clientKeyPassword: String? = nil,
        serverName: String? = nil, insecureSkipVerify: Bool = false
    ) {
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.clientKeyPassword = clientKeyPassword
        self.serverName = serverName
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// Signs a request just before it is sent (Cosmos DB master-key HMAC, AWS SigV4, …): it may add or
/// change headers. Every header it adds or changes is treated as a secret in traces. A thrown error
/// fails that request only; its message must not contain the key.
public protocol HTTPRequestSigner: Sendable {
    func sign(_ request: inout HTTPRequest) throws
}

/// Authentication an `HTTPClient` adds to every request. Applied in order: `headers`, `bearer`
/// (`Authorization: Bearer …`), then `signer`. Every header set here is redacted in traces.
public struct HTTPAuth: Sendable {
    public var headers: HTTPHeaders
    public var bearer: String?
    public var signer: (any HTTPRequestSigner)?

    public init(headers: HTTPHeaders = HTTPHeaders(), bearer: String? = nil, signer: (any HTTPRequestSigner)? = nil) {
        self.headers = headers
        self.bearer = bearer
        self.signer = signer
    }

    public static let none = HTTPAuth()

    /// The request as sent, and the (lowercased) names of the headers auth set, for redaction.
    func apply(to request: HTTPRequest) throws -> (HTTPRequest, Set<String>) {
        var r = request
        var secret = Set<String>()
        for h in headers.entries {
            r.headers.set(h.name, h.value)
            secret.insert(h.name.lowercased())
        }
        if let bearer {
            r.headers.set("Authorization", "Bearer \(bearer)")
            secret.insert("authorization")
        }
        if let signer {
            let before = r.headers
            try signer.sign(&r)
            for h in r.headers.entries where before[h.name] != h.value { secret.insert(h.name.lowercased()) }
        }
        return (r, secret)
    }
}
