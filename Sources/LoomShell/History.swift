import CReadline
import Foundation

/// The shell's history file: `$XDG_STATE_HOME/loomctl/history` (`~/.local/state/loomctl/history`),
/// mode 0600, only for interactive sessions, never holding a line `HistoryFilter` calls sensitive.
public final class History: @unchecked Sendable {
    public let path: String
    public let maxLines: Int

    public init(path: String, maxLines: Int = 1000) {
        self.path = path
        self.maxLines = maxLines
    }

    public static func defaultPath(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/loomctl/history" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/loomctl/history"
    }

    /// Previous lines, oldest first (sensitive lines that slipped into an old file are skipped).
    public func load() -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        lines.removeAll { HistoryFilter.isSensitive($0) }
        if lines.count > maxLines {
            lines = Array(lines.suffix(maxLines))
            rewrite(lines)
        }
        return lines
    }

    /// Appends one line unless it is sensitive or blank; returns whether it was recorded.
    @discardableResult
    public func append(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("\n"), !HistoryFilter.isSensitive(trimmed) else { return false }
        ensureDirectory()
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array((trimmed + "\n").utf8)
        return bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    private func ensureDirectory() {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    private func rewrite(_ lines: [String]) {
        ensureDirectory()
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_TRUNC | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        rename(tmp, path)
    }
}
