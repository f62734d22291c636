import Foundation
import LoomCore
import LoomLLM
import LoomOutput
import LoomShell

/// Where the chat's lines come from: a line editor on a terminal, plain lines otherwise, or a script in tests.
protocol ChatInput: AnyObject, Sendable {
    /// The next line without its newline; nil at end of input (Ctrl-D).
    func readLine(prompt: String) async -> String?
    /// Adds an entered line to the in-memory history (already filtered for secrets).
    func addHistory(_ line: String)
    /// Ctrl-C while waiting at the prompt: drop the line being typed.
    func interrupt()
}

/// Plain line reading (no editing keys beyond the terminal's own), on a thread of its own so a blocked
/// read never holds a Swift concurrency thread. The prompt is shown only when stdin is a terminal.
///
/// On a terminal in canonical mode, Ctrl-C discards the typed line by itself (the tty flushes its input),
/// so `interrupt()` only redraws the prompt.
final class PlainChatInput: ChatInput, @unchecked Sendable {
    private let out: any ByteStream
    private let showPrompt: Bool
    private let lock = NSLock()
    private var waiting: CheckedContinuation<String?, Never>?
    private var prompt = ""
    private let requests = DispatchSemaphore(value: 0)
    private let read: @Sendable () -> String?

    init(out: any ByteStream, showPrompt: Bool, read: @escaping @Sendable () -> String? = { Swift.readLine() }) {
        self.out = out
        self.showPrompt = showPrompt
        self.read = read
        let t = Thread { self.loop() }  // lives as long as the process (one per chat)
        t.name = "loomctl-chat-input"
        t.start()
    }

    func readLine(prompt: String) async -> String? {
        await withCheckedContinuation { c in
            lock.lock()
            waiting = c
            self.prompt = prompt
            lock.unlock()
            if showPrompt {
                out.write(prompt)
                out.flush()
            }
            requests.signal()
        }
    }

    private func loop() {
        while true {
            requests.wait()
            let line = read()
            lock.lock()
            let c = waiting
            waiting = nil
            lock.unlock()
            c?.resume(returning: line)
        }
    }

    func addHistory(_ line: String) {}

    func interrupt() {
        lock.lock()
        let p = waiting == nil ? nil : prompt
        lock.unlock()
        if let p, showPrompt {
            out.write("\n" + p)
            out.flush()
        }
    }
}

/// Scripted lines (tests): each `readLine` takes the next one; nil when the script ends.
final class ScriptedChatInput: ChatInput, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]
    private(set) var history: [String] = []
    private(set) var prompts: [String] = []

    init(_ lines: [String]) { self.lines = lines }

    func readLine(prompt: String) async -> String? {
        lock.withLock {
            prompts.append(prompt)
            return lines.isEmpty ? nil : lines.removeFirst()
        }
    }

    func addHistory(_ line: String) {
        lock.lock()
        history.append(line)
        lock.unlock()
    }

    func interrupt() {}
}

/// The chat history file: `$XDG_STATE_HOME/loomctl/chat_history` (`~/.local/state/...`), mode 0600,
/// one entered line per line. Lines that carry a secret (a configured key, or anything shaped like one)
/// are never written.
struct ChatHistory {
    let path: String
    let secrets: [String]

    static func defaultPath(environment env: [String: String]) -> String {
        let base = env["XDG_STATE_HOME"].nonEmpty ?? ((env["HOME"].nonEmpty ?? NSHomeDirectory()) + "/.local/state")
        return base + "/loomctl/chat_history"
    }

    /// Previous lines (for up-arrow recall), newest last, at most `limit`.
    func load(limit: Int = 1000) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n", omittingEmptySubsequences: true).suffix(limit).map(String.init))
    }

    /// Appends `line` unless it looks secret. Returns whether it was kept.
    @discardableResult
    func append(_ line: String) -> Bool {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !Self.looksSecret(line, secrets: secrets) else { return false }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        return true
    }

    /// A configured key, a word shaped like a key, or a credential by structure (URL userinfo such as
    /// `redis://:pw@host`, `token=`): the shell's history rules, applied to free text.
    static func looksSecret(_ line: String, secrets: [String]) -> Bool {
        HistoryFilter.isSensitiveText(line, secrets: secrets)
    }
}

/// GNU readline through the shell's `LineEditor` (history recall, editing keys, completion of slash
/// commands and of file names after /save and /load).
final class LineEditorChatInput: ChatInput, @unchecked Sendable {
    private let editor: LineEditor

    static let commands = ["/provider", "/model", "/system", "/tokens", "/cost", "/retry", "/save", "/load", "/clear", "/help", "/exit", "/quit"]

    init() {
        editor = LineEditor(name: "loomctl-chat", hooks: LineEditor.Hooks(
            complete: { text in
                if text.hasPrefix("/save ") || text.hasPrefix("/load ") { return .files }
                if text.hasPrefix("/provider ") {
                    let word = String(text.dropFirst(10))
                    return .words(ProviderKind.allCases.map(\.rawValue).filter { $0.hasPrefix(word) })
                }
                guard text.hasPrefix("/"), !text.contains(" ") else { return .words([]) }
                return .words(Self.commands.filter { $0.hasPrefix(text) })
            },
            hint: { _ in nil }), hints: false)
    }

    func readLine(prompt: String) async -> String? {
        switch await editor.readLine(prompt: prompt) {
        case .line(let l): return l
        case .eof: return nil
        }
    }

    func addHistory(_ line: String) { editor.addHistory(line) }
    func interrupt() { editor.interrupt() }
}
