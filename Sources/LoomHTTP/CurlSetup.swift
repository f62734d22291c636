import CCurl
import Foundation

/// The easy-handle options of one transfer: method, body, headers, limits, TLS, callbacks.
extension CurlTransfer {
    /// Creates and configures the easy handle; an error means the transfer never starts.
    func prepare() -> HTTPError? {
        if let trace { for line in HTTPTraceFormat.request(request, secretNames: secretNames) { trace(line) } }
        guard let easy = loom_curl_easy_init() else {
            let why = loom_curl_load_error().map { String(cString: $0) } ?? "cannot create a handle"
            return HTTPError(.configuration, "libcurl: \(why)")
        }
        self.easy = easy
        for h in request.headers.entries { headerList = loom_curl_slist_append(headerList, "\(h.name): \(h.value)") }
        // Without this, curl waits up to 1 s for `100 Continue` before sending a large body.
        headerList = loom_curl_slist_append(headerList, "Expect:")

        var url = request.url
        if let name = tls.serverName, let (named, route) = Self.route(url, to: name) {
            url = named
            connectTo = loom_curl_slist_append(nil, route)
            _ = loom_curl_setopt_ptr(easy, CURLOPT_CONNECT_TO, connectTo.map { UnsafeMutableRawPointer($0) })
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = loom_curl_setopt_str(easy, CURLOPT_URL, url)
        _ = loom_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = loom_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        _ = loom_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method)
        if let userAgent { _ = loom_curl_setopt_str(easy, CURLOPT_USERAGENT, userAgent) }
        if request.method == "POST" || !request.body.isEmpty {
            _ = loom_curl_setopt_long(easy, CURLOPT_POST, 1)
            _ = loom_curl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, request.body.count)
            request.body.withUnsafeBytes { buf in
                // COPYPOSTFIELDS copies the bytes, so the Swift array need not outlive this call.
                _ = loom_curl_setopt_ptr(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        } else if request.method == "GET" {
            _ = loom_curl_setopt_long(easy, CURLOPT_HTTPGET, 1)
        }
        _ = loom_curl_setopt_ptr(easy, CURLOPT_HTTPHEADER, headerList.map { UnsafeMutableRawPointer($0) })
        _ = loom_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(timeouts.connect))
        _ = loom_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeouts.total))
        if let error = applyTLS(easy) { return error }
        _ = loom_curl_setopt_write(easy, curlWriteCallback)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = loom_curl_setopt_header(easy, curlHeaderCallback)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        _ = loom_curl_setopt_xferinfo(easy, curlXferInfoCallback)
        _ = loom_curl_setopt_ptr(easy, CURLOPT_XFERINFODATA, me)
        _ = loom_curl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        return nil
    }

    func applyTLS(_ easy: UnsafeMutableRawPointer) -> HTTPError? {
        func set(_ option: CURLoption, _ value: String?, _ what: String) -> HTTPError? {
            guard let value else { return nil }
            let rc = loom_curl_setopt_str(easy, option, value)
            return rc == CURLE_OK ? nil : HTTPError(.configuration, "libcurl cannot use the \(what) (curl \(rc.rawValue))", curlCode: Int(rc.rawValue))
        }
        if let e = set(CURLOPT_CAINFO, tls.caFile, "CA bundle option") { return e }
        if let e = set(CURLOPT_SSLCERT, tls.clientCertificate, "client certificate option") { return e }
        if let e = set(CURLOPT_SSLKEY, tls.clientKey, "client key option") { return e }
        if let e = set(CURLOPT_KEYPASSWD, tls.clientKeyPassword, "client key passphrase option") { return e }
        if tls.insecureSkipVerify {
            _ = loom_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
            _ = loom_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        }
        return nil
    }

    /// `https://127.0.0.1:8443/x` + `loom.test` → (`https://loom.test:8443/x`, `loom.test:8443:127.0.0.1:8443`):
    /// the URL carries the name (SNI, verification, Host), CONNECT_TO the address. Nil for a URL without a host.
    static func route(_ url: String, to name: String) -> (String, String)? {
        guard var c = URLComponents(string: url), let host = c.host, !host.isEmpty else { return nil }
        let port = c.port ?? (c.scheme?.lowercased() == "https" ? 443 : 80)
        c.host = name
        c.port = port
        guard let named = c.string else { return nil }
        let address = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return (named, "\(name):\(port):\(address):\(port)")
    }

    /// Seconds → curl milliseconds, clamped (a NaN, negative or huge value must not trap).
    static func milliseconds(_ s: Double) -> Int {
        guard s.isFinite else { return s > 0 ? Int(Int32.max) : 1 }
        return Int(min(max(s * 1000, 1), Double(Int32.max)).rounded(.up))
    }
}
