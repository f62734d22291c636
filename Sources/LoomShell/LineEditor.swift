import CReadline
import Foundation

/// What the completer found for the word under the cursor.
public enum CompletionResult: Sendable, Equatable {
    /// Candidate replacements for the current word.
    case words([String])
    /// Let readline complete file names.
    case files
}

/// A lock-guarded value: the state readline's C callbacks (which capture nothing) share with Swift.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    public init(_ value: Value) { self.value = value }
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
    public var get: Value { withLock { $0 } }
    public func set(_ v: Value) { withLock { $0 = v } }
}

/// GNU readline behind a small async API.
///
/// readline blocks and keeps its state in C globals, so it gets a thread of its own: the
/// editor thread runs readline's callback interface (`rl_callback_handler_install` +
/// `rl_callback_read_char`) in a `poll` loop over stdin and a wake-up pipe, and it is the only
/// thread that ever touches readline. `readLine(prompt:)` hands it a prompt and awaits the line.
/// Ctrl-C at the prompt arrives through `interrupt()` (the shell's SIGINT source) and clears the
/// line. Completion and hints call back into Swift through `Hooks`, from the editor thread.
public final class LineEditor: @unchecked Sendable {
    public enum Event: Sendable, Equatable {
        case line(String)
        case eof
    }

    public struct Hooks: Sendable {
        /// Candidates for the word under the cursor, given the text before the cursor.
        public var complete: @Sendable (_ textBeforeCursor: String) -> CompletionResult
        /// A dimmed hint to show after the cursor when it is at the end of the line.
        public var hint: @Sendable (_ line: String) -> String?

        public init(complete: @escaping @Sendable (String) -> CompletionResult, hint: @escaping @Sendable (String) -> String?) {
            self.complete = complete
            self.hint = hint
        }
    }

    private struct Request {
        let prompt: String
        let continuation: CheckedContinuation<Event, Never>
    }

    private let hooks: Hooks
    private let pending = Locked<Request?>(nil)
    private let requests = DispatchSemaphore(value: 0)
    private let interruptRequested = Locked(false)
    private var wakePipe: [Int32] = [-1, -1]
    private let hintsEnabled: Bool

    public init(name: String = "loomctl", hooks: Hooks, hints: Bool = true) {
        self.hooks = hooks
        self.hintsEnabled = hints
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakePipe = fds
        EditorGlobals.hooks.set(hooks)
        let thread = Thread { [self] in self.threadMain(name: name) }
        thread.name = "loomctl-line-editor"
        thread.start()
    }

    /// Shows `prompt` and waits for a line (or end of input).
    public func readLine(prompt: String) async -> Event {
        await withCheckedContinuation { continuation in
            pending.set(Request(prompt: prompt, continuation: continuation))
            requests.signal()
        }
    }

    /// Ctrl-C at the prompt: drop the current line and prompt again. Safe from any thread.
    public func interrupt() {
        interruptRequested.set(true)
        var b: UInt8 = 1
        _ = write(wakePipe[1], &b, 1)
    }

    /// Adds a line to the in-memory history (the shell writes the file itself, filtered).
    public func addHistory(_ line: String) {
        EditorGlobals.onEditorThread.withLock { _ in add_history(line) }
    }

    private func threadMain(name: String) {
        EditorGlobals.onEditorThread.withLock { _ in
            loom_rl_set_readline_name(strdup(name))
            loom_rl_set_catch_signals(0)
            loom_rl_set_word_break_characters(strdup(" \t\n"))
            loom_rl_set_completer_quote_characters(strdup("\"'"))
            loom_rl_set_attempted_completion_function(editorAttemptedCompletion)
            if hintsEnabled { loom_rl_set_redisplay_function(editorRedisplay) }
            _ = rl_bind_key(13, editorAcceptLine)
            _ = rl_bind_key(10, editorAcceptLine)
            using_history()
            stifle_history(1000)
        }
        while true {
            requests.wait()
            guard let request = pending.withLock({ r -> Request? in let x = r; r = nil; return x }) else { continue }
            let event = EditorGlobals.onEditorThread.withLock { _ in runPrompt(request.prompt) }
            request.continuation.resume(returning: event)
        }
    }

    private func runPrompt(_ prompt: String) -> Event {
        interruptRequested.set(false)
        drainWakePipe()
        EditorGlobals.result.set(nil)
        rl_callback_handler_install(prompt, editorLineHandler)
        while true {
            if let r = EditorGlobals.result.get { return r }
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, -1)
            if n < 0 {
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .eof
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                drainWakePipe()
                if interruptRequested.withLock({ v -> Bool in let x = v; v = false; return x }) {
                    loom_rl_interrupt_line()
                }
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                rl_callback_read_char()
            } else if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                rl_callback_handler_remove()
                return .eof
            }
        }
    }

    private func drainWakePipe() {
        var buf = [UInt8](repeating: 0, count: 64)
        while read(wakePipe[0], &buf, 64) > 0 {}
    }
}

/// State shared with readline's `@convention(c)` callbacks, which cannot capture context.
/// Everything here is touched from the editor thread only; the locks make that explicit to Swift 6.
enum EditorGlobals {
    static let hooks = Locked<LineEditor.Hooks?>(nil)
    static let result = Locked<LineEditor.Event?>(nil)
    static let candidates = Locked<[String]>([])
    static let candidateIndex = Locked(0)
    static let suppressHint = Locked(false)
    /// Serializes readline calls made outside the editor loop (history additions).
    static let onEditorThread = RecursiveLockBox()
}

final class RecursiveLockBox: @unchecked Sendable {
    private let lock = NSRecursiveLock()
    func withLock<R>(_ body: (Void) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(())
    }
}

private func editorLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    rl_callback_handler_remove()
    if let line {
        EditorGlobals.result.set(.line(String(cString: line)))
        free(line)
    } else {
        let out = loom_rl_outstream()
        fputs("\n", out)
        fflush(out)
        EditorGlobals.result.set(.eof)
    }
}

private func editorAcceptLine(_ count: Int32, _ key: Int32) -> Int32 {
    // Redraw without the hint so it does not stay on screen after Enter.
    EditorGlobals.suppressHint.set(true)
    editorRedisplay()
    EditorGlobals.suppressHint.set(false)
    return rl_newline(count, key)
}

private func editorRedisplay() {
    rl_redisplay()
    let out = loom_rl_outstream()
    let line = String(cString: loom_rl_line_buffer())
    let point = Int(loom_rl_point()), end = Int(loom_rl_end())
    let hint = EditorGlobals.suppressHint.get || point != end ? nil : EditorGlobals.hooks.get?.hint(line)
    // Save the cursor, clear what lies after the end of the line (an old hint), draw, restore.
    var seq = "\u{1B}7"
    if end > point { seq += "\u{1B}[\(end - point)C" }
    seq += "\u{1B}[K"
    if let hint, !hint.isEmpty { seq += "\u{1B}[2m\(hint)\u{1B}[0m" }
    seq += "\u{1B}8"
    fputs(seq, out)
    fflush(out)
}

private func editorAttemptedCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
    let buffer = Array(String(cString: loom_rl_line_buffer()).utf8)
    let point = min(Int(loom_rl_point()), buffer.count)
    let before = String(decoding: buffer[..<point], as: UTF8.self)
    guard let hooks = EditorGlobals.hooks.get else { return nil }
    switch hooks.complete(before) {
    case .files:
        loom_rl_set_attempted_completion_over(0)
        return nil
    case .words(let words):
        loom_rl_set_attempted_completion_over(1)
        // readline's word may start later than ours (it breaks on quotes); keep what it replaces.
        let word = text.map { String(cString: $0) } ?? ""
        let current = Tokenizer.splitForCompletion(before).current
        let cut = current.utf8.count - word.utf8.count
        let adjusted: [String] = cut > 0 && current.hasSuffix(word)
            ? words.compactMap { w in w.utf8.count >= cut ? String(decoding: Array(w.utf8).dropFirst(cut), as: UTF8.self) : nil }
            : words
        EditorGlobals.candidates.set(adjusted)
        EditorGlobals.candidateIndex.set(0)
        if adjusted.isEmpty { return nil }
        loom_rl_set_sort_completion_matches(1)
        if let text { return rl_completion_matches(text, editorCandidateGenerator) }
        return "".withCString { rl_completion_matches($0, editorCandidateGenerator) }
    }
}

private func editorCandidateGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { EditorGlobals.candidateIndex.set(0) }
    let i = EditorGlobals.candidateIndex.withLock { v -> Int in let x = v; v += 1; return x }
    let c = EditorGlobals.candidates.get
    return i < c.count ? strdup(c[i]) : nil
}
