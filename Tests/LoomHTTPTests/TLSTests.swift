import Foundation
@testable import LoomHTTP
import Testing

/// TLS options against a real `openssl s_server` on loopback, with certificates made by `openssl`.
@Suite(.serialized) struct TLSTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI.shared.get() }

    func get(_ url: String, _ tls: HTTPTLS) -> HTTPOutcome {
        HTTPClient(tls: tls).perform([HTTPRequest(method: "GET", url: url, headers: HTTPHeaders(), body: [])], timeouts: HTTPTimeouts(connect: 10, total: 20))[0]
    }

    /// Custom CA + server name: connects to 127.0.0.1, verifies the certificate as `loom.test`.
    @Test func customCAAndServerNameSucceed() throws {
        let peer = try TLSPeer(pki)
        defer { peer.stop() }
        let r = get(peer.addressURL, HTTPTLS(caFile: pki.ca, serverName: TestPKI.serverName))
        #expect(r.error == nil, "\(r.error?.message ?? "")")
        #expect(r.status == 200)
        #expect(r.bodyText.contains("s_server"))
        #expect(r.url == peer.addressURL)
    }

    /// The same CA without the override: the certificate does not name 127.0.0.1, so verification fails.
    @Test func addressWithoutServerNameFailsVerification() throws {
        let peer = try TLSPeer(pki)
        defer { peer.stop() }
        let r = get(peer.addressURL, HTTPTLS(caFile: pki.ca))
        #expect(r.status == 0)
        #expect(r.error?.reason == .tls)
        #expect(r.error?.message.contains("127.0.0.1:\(peer.port)") == true)
    }

    @Test func wrongCAFailsWithAClearError() throws {
        let peer = try TLSPeer(pki)
        defer { peer.stop() }
        let r = get(peer.addressURL, HTTPTLS(caFile: pki.otherCA, serverName: TestPKI.serverName))
        #expect(r.status == 0)
        #expect(r.error?.reason == .tls)
        let message = r.error?.message ?? ""
        #expect(message.contains("TLS certificate not trusted"), "\(message)")
        #expect(message.contains("127.0.0.1:\(peer.port) (TLS name loom.test)"), "\(message)")
    }

    @Test func unreadableCABundleIsAConfigurationError() throws {
        let peer = try TLSPeer(pki)
        defer { peer.stop() }
        let r = get(peer.addressURL, HTTPTLS(caFile: pki.dir.appendingPathComponent("missing.pem").path, serverName: TestPKI.serverName))
        #expect(r.status == 0)
        #expect(r.error?.reason == .configuration || r.error?.reason == .tls, "\(r.error?.message ?? "")")
    }

    @Test func insecureSkipVerifyAcceptsAnUntrustedPeer() throws {
        let peer = try TLSPeer(pki)
        defer { peer.stop() }
        let r = get(peer.addressURL, HTTPTLS(caFile: pki.otherCA, insecureSkipVerify: true))
        #expect(r.error == nil, "\(r.error?.message ?? "")")
        #expect(r.status == 200)
    }

    /// `-Verify 1`: the server demands a client certificate signed by the test CA.
    @Test func clientCertificateRequiredSucceedsOnlyWhenGiven() throws {
        let peer = try TLSPeer(pki, requireClientCert: true)
        defer { peer.stop() }
        let without = get(peer.addressURL, HTTPTLS(caFile: pki.ca, serverName: TestPKI.serverName))
        #expect(without.status == 0)
        #expect(without.error != nil)
        let with = get(
            peer.addressURL, HTTPTLS(caFile: pki.ca, clientCertificate: pki.clientCert, clientKey: pki.clientKey, serverName: TestPKI.serverName))
        #expect(with.error == nil, "\(with.error?.message ?? "")")
        #expect(with.status == 200)
    }

    /// The streaming path takes the same options.
    @Test func streamingSendUsesTLSOptions() async throws {
        let peer = try TLSPeer(pki)
        defer { peer.stop() }
        let client = HTTPClient(tls: HTTPTLS(caFile: pki.ca, serverName: TestPKI.serverName))
        var status = 0
        var bytes = 0
        for try await part in client.send(HTTPRequest(method: "GET", url: peer.addressURL, headers: HTTPHeaders(), body: []), timeouts: HTTPTimeouts()) {
            switch part {
            case .head(let h): status = h.status
            case .body(let b): bytes += b.count
            }
        }
        #expect(status == 200)
        #expect(bytes > 0)
    }

    /// The URL carries the name; CONNECT_TO carries the address and the port (default 443 for https).
    @Test func serverNameRouteKeepsPortAndBracketsIPv6() throws {
        let a = try #require(CurlTransfer.route("https://127.0.0.1:8443/x?y=1", to: "loom.test"))
        #expect(a.0 == "https://loom.test:8443/x?y=1")
        #expect(a.1 == "loom.test:8443:127.0.0.1:8443")
        let b = try #require(CurlTransfer.route("https://[::1]/", to: "loom.test"))
        #expect(b.0 == "https://loom.test:443/")
        #expect(b.1 == "loom.test:443:[::1]:443")
    }
}
