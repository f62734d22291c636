import LoomHTTP

/// Health probes: parallel GETs through `HTTPClient.perform` (one libcurl multi handle), so N probes
/// cost one thread and the slowest probe's timeout, and ten hanging nodes out of a hundred never
/// stall the report.
public enum HTTPProber {
    public struct Result: Sendable, Equatable {
        public var url: String
        /// 0 when no HTTP response arrived.
        public var status: Int
        public var body: [UInt8]
        /// libcurl's short reason (`Timeout was reached`), nil on a response.
        public var error: String?
        public var millis: Double
        public var timedOut: Bool

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// Bodies larger than this are truncated (a health document is small; garbage is not read forever).
    public static let maxBody = 64 * 1024

    /// Fetches every URL concurrently, each bounded by `timeoutMillis` (connect and whole request);
    /// results keep the input order.
    public static func get(_ urls: [String], timeoutMillis: Int, client: HTTPClient = HTTPClient(userAgent: "loomctl-health")) -> [Result] {
        guard !urls.isEmpty else { return [] }
        let seconds = Double(max(1, timeoutMillis)) / 1000
        let timeouts = HTTPTimeouts(connect: seconds, firstByte: .infinity, idle: .infinity, total: seconds)
        let requests = urls.map { HTTPRequest(method: "GET", url: $0, headers: HTTPHeaders(), body: []) }
        return client.perform(requests, timeouts: timeouts, maxBodyBytes: maxBody).map { o in
            Result(
                url: o.url, status: o.status, body: o.body, error: o.error.map { $0.curlText ?? $0.message }, millis: o.seconds * 1000,
                timedOut: o.error?.reason == .timeout)
        }
    }
}
