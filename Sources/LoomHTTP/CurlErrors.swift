import CCurl
import LoomCore

/// libcurl result codes → `HTTPError`, naming the host (never the URL or a header) and, for TLS,
/// curl's detailed reason (`unable to get local issuer certificate`).
extension CurlTransfer {
    /// What errors name: the URL's host, and the TLS name when `serverName` routes to an address.
    var hostLabel: String {
        hostOf(request.url) + (tls.serverName.map { " (TLS name \($0))" } ?? "")
    }

    static func mapError(_ code: CURLcode, host: String, detail: String, receivedAny: Bool, started: Double) -> HTTPError {
        let text = String(cString: loom_curl_easy_strerror(code))
        let why = detail.isEmpty || detail == text ? text : detail
        func make(_ reason: HTTPError.Reason, _ message: String) -> HTTPError {
            HTTPError(reason, message, curlCode: Int(code.rawValue), curlText: text)
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return make(.timeout, "\(host): timed out after \(formatSeconds(monotonicNow() - started)) (\(text))")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return make(.unreachable, "\(host): cannot resolve host (\(text))")
        case CURLE_COULDNT_CONNECT:
            return make(.unreachable, "\(host): connection refused or unreachable (\(text))")
        case CURLE_PEER_FAILED_VERIFICATION:
            return make(.tls, "\(host): TLS certificate not trusted or not for this name (\(why))")
        case CURLE_SSL_CACERT_BADFILE:
            return make(.configuration, "\(host): cannot read the CA bundle (\(why))")
        case CURLE_SSL_CERTPROBLEM:
            return make(.configuration, "\(host): cannot use the client certificate or key (\(why))")
        case CURLE_SSL_CONNECT_ERROR:
            return make(.tls, "\(host): TLS handshake failed (\(why))")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            let tls = why.contains("SSL") || why.contains("alert") ? "; TLS: \(why)" : ""
            return make(.unreachable, "\(host): connection closed \(receivedAny ? "mid-response" : "before a response") (\(text)\(tls))")
        default:
            return make(.unreachable, "\(host): transfer failed: \(why) (curl \(code.rawValue))")
        }
    }
}

/// `0.6` → `0.6 s`, `42.3` → `42 s` (timeout messages).
package func formatSeconds(_ s: Double) -> String {
    s < 10 ? "\((s * 10).rounded() / 10) s" : "\(Int(s.rounded())) s"
}
