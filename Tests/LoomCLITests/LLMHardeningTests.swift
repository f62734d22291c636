import Foundation
import LoomCore
import LoomOutput
import LoomTesting
import Testing

@testable import LoomCLI

/// Runs `llm …` in-process with stdout on a real descriptor (write-error tests).
private func runLLM(_ args: [String], stdoutFD: Int32) async -> (code: Int32, stderr: String) {
    let err = MemoryStream()
    let sink = OutputSink(out: FileDescriptorStream(fd: stdoutFD), err: err)
    let inv = Invocation(
        environment: ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": TestDirs.configHome], sink: sink, stdinIsTerminal: false)
    let code = await Entry.run(args, invocation: inv)
    return (code, err.text)
}

/// Polls until `condition` holds (events, not sleeps; the bound only keeps a broken test from hanging).
private func eventually(_ seconds: Double = 20, _ condition: () -> Bool) async -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return condition()
}

/// Issue 15 items 2 (llm ask), 4, 5 and 13 at the command line: exit codes and messages.
@Suite("llm: bounds, timeouts, malformed replies, output errors", .serialized)
struct LLMHardeningTests {
    static let bigPiece = String(repeating: "all work and no play ", count: 200)

    @Test func timeoutFlagBoundsAServerThatSendsHeadersThenStalls() async throws {
        let server = try LoopbackHTTPServer { _ in .hang }
        defer { server.stop() }
        let r = await runCLI(["llm", "ask", "hi", "--no-redis", "--timeout", "1", "-o", "json"] + compat(server, model: "stall-model"))
        #expect(r.code == 7, "\(r.stderr)")
        #expect(r.stderr.contains("llm_timeout") && r.stderr.contains("1.0 s"), "\(r.stderr)")
        #expect(server.requests.count == 1)  // not retried 3 times
    }

    @Test func keepAliveCommentsAloneAreATimeoutNotAReply() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.keepAliveForever(every: 0.1) }
        defer { server.stop() }
        let r = await runCLI(["llm", "ask", "hi", "--no-redis", "--timeout", "1"] + compat(server, model: "keepalive-model"))
        #expect(r.code == 7, "\(r.stderr)")
        #expect(r.stderr.contains("only keep-alives"), "\(r.stderr)")
        #expect(server.requests.count == 1)
    }

    @Test func htmlPageWith200IsExit1WithoutRetry() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.htmlPage() }
        defer { server.stop() }
        let r = await runCLI(["llm", "ask", "hi", "--no-redis", "-o", "json"] + compat(server, model: "html-model"))
        #expect(r.code == 1, "\(r.stderr)")
        #expect(r.stderr.contains("llm_malformed_response") && r.stderr.contains("not an event stream"), "\(r.stderr)")
        #expect(server.requests.count == 1)
    }

    @Test func endlessStreamIsAnOversizedResponseExit1() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream(piece: Self.bigPiece) }
        defer { server.stop() }
        let r = await runCLI(["llm", "ask", "hi", "--no-redis"] + compat(server, model: "endless-model"))
        #expect(r.code == 1, "\(r.stderr)")
        #expect(r.stderr.contains("oversized response"), "\(r.stderr)")
        #expect(r.stdout.utf8.count <= LLMLimitsForTests.maxReplyBytes + 1)
        #expect(server.requests.count == 1)
    }

    @Test func deadlineFlagIsValidated() async {
        #expect(await runCLI(["llm", "ask", "hi", "--deadline", "0"]).code == 2)
        #expect(await runCLI(["llm", "ask", "hi", "--deadline", "nan"]).code == 2)
    }

    /// Ctrl-C (the command's task cancelled) during a fast endless stream: exit 130 at the next part,
    /// the connection dropped, and stdout stops growing.
    @Test func interruptDuringAnEndlessStreamExits130AndStops() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream() }
        defer { server.stop() }
        let capture = CapturingSink()
        let inv = Invocation(environment: ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": TestDirs.configHome], sink: capture.sink,
            stdinIsTerminal: false)
        let task = Task { await Entry.run(["llm", "ask", "go", "--no-redis"] + compat(server, model: "endless-cancel"), invocation: inv) }
        #expect(await eventually { capture.stdout.utf8.count > 50_000 })
        task.cancel()
        let code = await task.value
        #expect(code == 130, "\(capture.stderr)")
        #expect(await eventually { server.openConnections == 0 })
        let after = capture.stdout.utf8.count
        try await Task.sleep(nanoseconds: 100_000_000)
        #expect(capture.stdout.utf8.count == after)
    }

    // MARK: item 2: output write errors

    @Test func askIntoAFullDiskIsExit1AndStopsTheRequest() async throws {
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream(piece: Self.bigPiece) }
        defer { server.stop() }
        for format in ["table", "jsonl"] {
            let fd = open("/dev/full", O_WRONLY)
            #expect(fd >= 0)
            let r = await runLLM(["llm", "ask", "hi", "--no-redis", "-o", format] + compat(server, model: "full-\(format)"), stdoutFD: fd)
            close(fd)
            #expect(r.code == 1, "\(format): \(r.stderr)")
            #expect(r.stderr.contains("cannot write output: No space left on device"), "\(format): \(r.stderr)")
            // Stopped at the failed write, not when the reply reached the size cap.
            #expect(!r.stderr.contains("oversized"), "\(format): \(r.stderr)")
        }
        #expect(await eventually { server.openConnections == 0 })
    }

    @Test func askIntoAClosedPipeIsANormalEnd() async throws {
        // The real process ignores SIGPIPE (Entry.main) so that EPIPE reaches the output stream; an
        // in-process test must do the same, or the write kills the test runner.
        signal(SIGPIPE, SIG_IGN)
        let server = try LoopbackHTTPServer { _ in Srv.endlessOpenAIStream(piece: Self.bigPiece) }
        defer { server.stop() }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // `| head` that has exited
        let r = await runLLM(["llm", "ask", "hi", "--no-redis"] + compat(server, model: "epipe-model"), stdoutFD: fds[1])
        close(fds[1])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("cannot write output") && !r.stderr.contains("oversized"), "\(r.stderr)")
        #expect(await eventually { server.openConnections == 0 })
    }
}

import LoomLLM

typealias LLMLimitsForTests = LLMLimits
