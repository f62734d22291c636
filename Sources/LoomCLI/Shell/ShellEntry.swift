/// Decides whether a command line starts the interactive shell (issue 6 fills this in).
enum ShellEntry {
    /// Returns an exit code when the arguments asked for the shell, nil to run them as a command.
    static func runIfShell(_ arguments: [String]) async -> Int32? { nil }
}
