import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

/// `loomctl config …`: named contexts in the config file, like kubectl's kubeconfig.
public struct Config: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config", abstract: "View and edit contexts in the config file.",
        subcommands: [View.self, GetContexts.self, CurrentContext.self, UseContext.self, SetContext.self, DeleteContext.self])

    public init() {}
}
