import CCurl
import Foundation

/// Parallel HTTP GETs through one libcurl multi handle: N probes cost one thread and the
/// slowest probe's timeout, so ten hanging nodes out of a hundred never stall the report.
public enum HTTPProber {
    public struct Result: Sendable, Equatable {
        public var url: String
        /// 0 when no HTTP response arrived.
        public var status: Int
        public var body: [UInt8]
        public var error: String?
        public var millis: Double
        public var timedOut: Bool

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// Bodies larger than this are truncated (a health document is small; garbage is not read forever).
    public static let maxBody = 64 * 1024

    final class Transfer {
        let url: String
        var body: [UInt8] = []
        let handle: UnsafeMutableRawPointer
        let start = ContinuousClock.now
        var result: Result?

        init(url: String, handle: UnsafeMutableRawPointer) {
            self.url = url
            self.handle = handle
        }
    }

    /// Fetches every URL concurrently, each bounded by `timeoutMillis`; results keep the input order.
    public static func get(_ urls: [String], timeoutMillis: Int) -> [Result] {
        guard !urls.isEmpty else { return [] }
        guard let multi = loom_curl_multi_init() else {
            let why = loom_curl_load_error().map { String(cString: $0) } ?? "curl_multi_init failed"
            return urls.map { Result(url: $0, status: 0, body: [], error: why, millis: 0, timedOut: false) }
        }
        defer { loom_curl_multi_cleanup(multi) }
        var transfers: [Transfer] = []
        for url in urls {
            guard let h = loom_curl_easy_init() else { continue }
            let t = Transfer(url: url, handle: h)
            transfers.append(t)
            _ = loom_curl_setopt_str(h, CURLOPT_URL, url)
            _ = loom_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, timeoutMillis)
            _ = loom_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, timeoutMillis)
            _ = loom_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
            _ = loom_curl_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0)
            _ = loom_curl_setopt_str(h, CURLOPT_USERAGENT, "loomctl-health")
            _ = loom_curl_setopt_ptr(h, CURLOPT_WRITEDATA, Unmanaged.passUnretained(t).toOpaque())
            _ = loom_curl_setopt_write(h) { data, size, count, userdata in
                let n = size * count
                guard let userdata, let data else { return n }
                let t = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
                if t.body.count < HTTPProber.maxBody {
                    t.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: min(n, HTTPProber.maxBody - t.body.count)))
                }
                return n
            }
            loom_curl_multi_add_handle(multi, h)
        }
        var running: Int32 = 1
        while running > 0 {
            loom_curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let msg = loom_curl_multi_info_read(multi, &queued) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle,
                    let t = transfers.first(where: { $0.handle == easy })
                else { continue }
                let rc = msg.pointee.data.result
                var code = 0
                _ = loom_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
                let elapsed = ContinuousClock.now - t.start
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                t.result = Result(url: t.url, status: rc == CURLE_OK ? code : 0, body: t.body,
                    error: rc == CURLE_OK ? nil : String(cString: loom_curl_easy_strerror(rc)), millis: ms,
                    timedOut: rc == CURLE_OPERATION_TIMEDOUT)
            }
            if running > 0 { loom_curl_multi_poll(multi, nil, 0, 100, nil) }
        }
        for t in transfers {
            loom_curl_multi_remove_handle(multi, t.handle)
            loom_curl_easy_cleanup(t.handle)
        }
        return transfers.map { $0.result ?? Result(url: $0.url, status: 0, body: [], error: "no result", millis: 0, timedOut: false) }
    }
}
