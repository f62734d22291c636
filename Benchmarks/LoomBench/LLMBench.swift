import CCurl
import Foundation
import LoomLLM
import LoomTesting

/// `loomctl-bench llm`: (a) SSE parser throughput, (b) time to first token through LLMClient +
/// CurlTransport vs a raw libcurl easy transfer of the same streamed response.
enum LLMBench {
    static func run(arguments: [String]) -> Int32 {
        let runs = arguments.firstIndex(of: "--runs").flatMap { Int(arguments[$0 + 1]) } ?? 50
        let megabytes = arguments.firstIndex(of: "--mb").flatMap { Int(arguments[$0 + 1]) } ?? 64
        sseThroughput(megabytes: megabytes)
        do { try timeToFirstToken(runs: runs) } catch {
            FileHandle.standardError.write(Data("ttft: \(error)\n".utf8))
            return 1
        }
        return 0
    }

    // MARK: (a)

    static func sseThroughput(megabytes: Int) {
        // A realistic OpenAI stream: many small content chunks, a tool call, usage, [DONE].
        let words = (0..<4000).map { i in ["The", " cluster", " has", " \(i)", " actors", ",", " all", " healthy", ".\n"][i % 9] }
        var one = LLMProviderServers.sse(LLMProviderServers.openAITextChunks(words))
        one += LLMProviderServers.sse(LLMProviderServers.openAIToolChunks())
        var body: [UInt8] = []
        body.reserveCapacity(megabytes << 20)
        while body.count < megabytes << 20 { body += one }
        // Random chunk sizes 1...16384 (deterministic LCG), like network reads.
        var seed: UInt64 = 42
        var cuts: [Int] = []
        var pos = 0
        while pos < body.count {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let n = Int(seed >> 33) % 16384 + 1
            cuts.append(n)
            pos += n
        }
        var best = 0.0
        var events = 0
        for _ in 0..<5 {
            var parser = SSEParser()
            var count = 0
            let start = DispatchTime.now().uptimeNanoseconds
            body.withUnsafeBytes { buf in
                var i = 0
                for n in cuts {
                    let end = min(buf.count, i + n)
                    try! parser.feed(UnsafeRawBufferPointer(rebasing: buf[i..<end])) { _ in count += 1 }
                    i = end
                }
                try! parser.finish { _ in count += 1 }
            }
            let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = max(best, Double(body.count) / 1_048_576 / secs)
            events = count
        }
        print(String(format: "sse_parser: %.0f MB/s (best of 5, %d MiB, %d events, random 1-16384 B chunks; target > 50)", best, body.count >> 20, events))
    }

    // MARK: (b)

    static func timeToFirstToken(runs: Int) throws {
        let body = LLMProviderServers.sse(LLMProviderServers.openAITextChunks(["Hello", " world"]))
        let server = try LoopbackHTTPServer(responses: [LLMProviderServers.streamed(body)])
        defer { server.stop() }
        let settings = ProviderSettings(provider: .openai, model: "gpt-4o-mini", apiKey: "sk-bench-0000000000000000", baseURL: server.baseURL + "/v1")
        let request = ChatRequest(messages: [.user("Say hello")])
        let httpRequest = try OpenAIWire(settings: settings).httpRequest(for: request, stream: true)
        let client = LLMClient(targets: [settings], options: LLMClientOptions(), cooldowns: CooldownTracker())

        var raw: [Double] = []
        var viaClient: [Double] = []
        for i in 0..<(runs + 5) {  // 5 warm-up rounds
            let r = rawCurlFirstByte(httpRequest)
            let c = clientFirstToken(client, request)
            if i >= 5 {
                raw.append(r)
                viaClient.append(c)
            }
        }
        let mr = median(raw), mc = median(viaClient)
        print(String(format: "ttft_raw_curl: median %.3f ms (p90 %.3f) over %d runs", mr * 1000, pct(raw, 0.9) * 1000, runs))
        print(String(format: "ttft_llmclient: median %.3f ms (p90 %.3f) over %d runs", mc * 1000, pct(viaClient, 0.9) * 1000, runs))
        print(String(format: "ttft_overhead: %.3f ms (target < 5 ms)", (mc - mr) * 1000))
    }

    final class FirstByte {
        var at: UInt64 = 0
    }

    static func rawCurlFirstByte(_ req: HTTPRequest) -> Double {
        let easy = loom_curl_easy_init()!
        defer { loom_curl_easy_cleanup(easy) }
        var list: UnsafeMutablePointer<curl_slist>?
        for h in req.headers.entries { list = loom_curl_slist_append(list, "\(h.name): \(h.value)") }
        list = loom_curl_slist_append(list, "Expect:")
        defer { loom_curl_slist_free_all(list) }
        let box = FirstByte()
        let me = Unmanaged.passUnretained(box).toOpaque()
        _ = loom_curl_setopt_str(easy, CURLOPT_URL, req.url)
        _ = loom_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = loom_curl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, req.body.count)
        req.body.withUnsafeBytes { _ = loom_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)) }
        _ = loom_curl_setopt_ptr(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list!))
        _ = loom_curl_setopt_write(easy) { _, size, n, ud in
            let b = Unmanaged<FirstByte>.fromOpaque(ud!).takeUnretainedValue()
            if b.at == 0 { b.at = DispatchTime.now().uptimeNanoseconds }
            return size * n
        }
        _ = loom_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = loom_curl_easy_perform(easy)
        return Double(box.at - start) / 1e9
    }

    static func clientFirstToken(_ client: LLMClient, _ request: ChatRequest) -> Double {
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let start = DispatchTime.now().uptimeNanoseconds
        Task {
            var first: UInt64 = 0
            do {
                for try await e in client.stream(request) {
                    if case .textDelta = e, first == 0 { first = DispatchTime.now().uptimeNanoseconds }
                }
            } catch {}
            result.set(Double(first - start) / 1e9)
            done.signal()
        }
        done.wait()
        return result.value
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var v = 0.0
        func set(_ x: Double) { lock.lock(); v = x; lock.unlock() }
        var value: Double { lock.lock(); defer { lock.unlock() }; return v }
    }

    static func median(_ xs: [Double]) -> Double { pct(xs, 0.5) }
    static func pct(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count - 1) * p))]
    }
}
