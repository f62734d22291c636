import ArgumentParser

/// The root of the command tree; the shell parses its lines through this same type.
public struct Loomctl: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "loomctl",
        abstract: "Operate Loom clusters: actors, ring, health, LLM providers.",
        discussion: """
            Connects straight to the cluster's Redis. Settings come from flags, then LOOMCTL_* variables, \
            then the current context of the config file (loomctl config --help). Exit codes: 0 ok, 1 error, \
            2 usage, 3 not found, 4 unhealthy, 5 plan has changes, 6 conflict, 7 unreachable, 130 interrupted.
            """,
        version: version,
        subcommands: commandTree)

    /// Grows with each command group; the shell, completions and man pages read it from here.
    public nonisolated(unsafe) static var commandTree: [any ParsableCommand.Type] = [
        Actors.self, Ring.self, Health.self, Agent.self, Config.self, Dev.self,
        ShellCommand.self, CompletionCommand.self, CompleteCommand.self, GenerateCommand.self,
    ]

    public init() {}
}
