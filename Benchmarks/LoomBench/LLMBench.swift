import CCurl
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import LoomHTTP
import LoomLLM
import LoomTesting

/// `loomctl-bench llm`: (a) SSE parser throughput, (b) time to first token through LLMClient +
/// LoomHTTP.HTTPClient vs a raw libcurl easy transfer of the same streamed response, (c) the memory bound
/// of `loomctl llm ask` against endless streams and its time from SIGINT to exit (needs the release
/// loomctl next to LoomBench, or `--loomctl PATH`).
enum LLMBench {
    static func run(arguments: [String]) -> Int32 {
        let runs = arguments.firstIndex(of: "--runs").flatMap { Int(arguments[$0 + 1]) } ?? 50
        let megabytes = arguments.firstIndex(of: "--mb").flatMap { Int(arguments[$0 + 1]) } ?? 64
        let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
        if only == nil || only == "sse" { sseThroughput(megabytes: megabytes) }
        if only == nil || only == "ttft" {
            do { try timeToFirstToken(runs: runs) } catch {
                FileHandle.standardError.write(Data("ttft: \(error)\n".utf8))
                return 1
            }
        }
        if only == nil || only == "endless" {
            let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("loomctl").path
            let loomctl = arguments.firstIndex(of: "--loomctl").map { arguments[$0 + 1] } ?? exe
            do { return try EndlessStreamBench.run(loomctl: loomctl) } catch {
                FileHandle.standardError.write(Data("endless: \(error)\n".utf8))
                return 1
            }
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

/// (c) `loomctl llm ask` against servers that never stop: peak RSS (the child's `ru_maxrss` from
/// wait4) and, for SIGINT, the time from the signal to the exit and the bytes written after it.
enum EndlessStreamBench {
    struct Outcome {
        var status: Int32
        var seconds: Double
        var peakRSSKiB: Int
        var stdoutBytes: Int
        var bytesAfterSignal: Int
        var signalToExit: Double?
    }

    static func run(loomctl: String) throws -> Int32 {
        guard FileManager.default.isExecutableFile(atPath: loomctl) else {
            FileHandle.standardError.write(Data("endless: \(loomctl) not found (build it with --product loomctl)\n".utf8))
            return 1
        }
        var ok = true
        let cases: [(String, LoopbackHTTPServer.Response, Double?)] = [
            ("short_reply (baseline)", LLMProviderServers.streamed(LLMProviderServers.sse(LLMProviderServers.openAITextChunks(["Hello", " world"]))), nil),
            ("endless_stream", LLMProviderServers.endlessOpenAIStream(), nil),
            ("endless_line", LLMProviderServers.endlessLine(), nil),
            ("endless_stream_sigint", LLMProviderServers.endlessOpenAIStream(), 2.0),
        ]
        for (name, response, interruptAfter) in cases {
            let server = try LoopbackHTTPServer { _ in response }
            defer { server.stop() }
            let o = try launch(loomctl, ["llm", "ask", "go", "--no-redis", "--base-url", server.baseURL + "/v1", "--model", "bench-\(name.prefix(while: { $0 != " " }))"],
                interruptAfter: interruptAfter)
            let mb = Double(o.peakRSSKiB) / 1024
            var line = String(format: "%@: exit %d after %.2f s, peak RSS %.1f MB, %.1f MiB on stdout, server sent %.1f MiB",
                name, o.status, o.seconds, mb, Double(o.stdoutBytes) / 1_048_576, Double(server.bytesSent) / 1_048_576)
            if let s = o.signalToExit {
                line += String(format: "; SIGINT→exit %.0f ms, %d bytes written after SIGINT", s * 1000, o.bytesAfterSignal)
                ok = ok && o.status == 130 && s < 0.5
            } else {
                ok = ok && o.status == (name.hasPrefix("short") ? 0 : 1)
            }
            ok = ok && mb < 64
            print(line + " (targets: bounded < 64 MB, exit 1 at a cap / 130 within 0.5 s of SIGINT)")
        }
        return ok ? 0 : 1
    }

    final class ByteCount: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add(_ k: Int) { lock.lock(); n += k; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return n }
    }

    static func launch(_ exe: String, _ args: [String], interruptAfter: Double?) throws -> Outcome {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let home = NSTemporaryDirectory() + "loombench-llm-\(getpid())"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let env = ["HOME=\(home)", "XDG_CONFIG_HOME=\(home)", "XDG_STATE_HOME=\(home)", "PATH=/usr/bin:/bin"]
        let argv = [exe] + args
        var cargv = argv.map { strdup($0) } + [nil]
        var cenv = env.map { strdup($0) } + [nil]
        defer { (cargv + cenv).forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, exe, &actions, nil, &cargv, &cenv) == 0 else { throw POSIXError(.ENOEXEC) }
        close(fds[1])
        let count = ByteCount()
        let reader = fds[0]
        let drained = DispatchSemaphore(value: 0)
        Thread {
            var buf = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(reader, &buf, buf.count)
                if n <= 0 { break }
                count.add(n)
            }
            drained.signal()
        }.start()
        var atSignal = 0
        var signalled: UInt64?
        if let after = interruptAfter {
            Thread.sleep(forTimeInterval: after)
            atSignal = count.value
            signalled = DispatchTime.now().uptimeNanoseconds
            kill(pid, SIGINT)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let end = DispatchTime.now().uptimeNanoseconds
        drained.wait()
        close(reader)
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(
            status: code, seconds: Double(end - start) / 1e9, peakRSSKiB: usage.ru_maxrss, stdoutBytes: count.value,
            bytesAfterSignal: signalled == nil ? 0 : count.value - atSignal,
            signalToExit: signalled.map { Double(end - $0) / 1e9 })
    }
}
