import CCurl

/// The one libcurl loop of loomctl: drives any number of transfers on one multi handle until each
/// has an outcome.
///
/// It polls in `HTTPLimits.pollMillis` slices (returning early as soon as a socket is ready, so no
/// latency is added), and between slices checks each transfer for what curl cannot do itself:
/// cancellation by the consumer, and first-byte / idle limits below a second. Connect and total
/// limits are curl's (`CURLOPT_CONNECTTIMEOUT_MS`, `CURLOPT_TIMEOUT_MS`), so a hung peer among many
/// costs its own timeout, never the others'.
///
/// It blocks its thread: a streaming `send` runs it on a dedicated thread; `perform` on the caller's.
enum CurlMulti {
    static func run(_ transfers: [CurlTransfer]) {
        _ = CurlGlobal.initialized
        var active: [CurlTransfer] = []
        for t in transfers {
            if let error = t.prepare() { t.outcome = .failure(error) } else { active.append(t) }
        }
        guard !active.isEmpty else { return }
        guard let multi = loom_curl_multi_init() else {
            for t in active { t.outcome = .failure(HTTPError(.configuration, "libcurl: cannot create a multi handle")) }
            return
        }
        defer { loom_curl_multi_cleanup(multi) }
        let start = monotonicNow()
        for t in active {
            t.started = start
            t.lastActivity = start
            _ = loom_curl_multi_add_handle(multi, t.easy)
        }
        var running: Int32 = 0
        while !active.isEmpty {
            let mc = loom_curl_multi_perform(multi, &running)
            if mc != CURLM_OK {
                for t in active {
                    t.outcome = .failure(HTTPError(.unreachable, "libcurl multi error \(mc.rawValue)"))
                    _ = loom_curl_multi_remove_handle(multi, t.easy)
                }
                return
            }
            var queued: Int32 = 0
            while let msg = loom_curl_multi_info_read(multi, &queued) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle,
                    let i = active.firstIndex(where: { $0.easy == easy })
                else { continue }
                let t = active.remove(at: i)
                t.done(msg.pointee.data.result)
                _ = loom_curl_multi_remove_handle(multi, easy)
            }
            let now = monotonicNow()
            active.removeAll { t in
                guard let error = t.check(now) else { return false }
                t.outcome = .failure(error)
                _ = loom_curl_multi_remove_handle(multi, t.easy)
                return true
            }
            if !active.isEmpty { _ = loom_curl_multi_poll(multi, nil, 0, HTTPLimits.pollMillis, nil) }
        }
    }
}
