import ArgumentParser
import LoomCore
import LoomOutput

/// `loomctl dev …`: tools for demos, tests and benchmarks.
public struct Dev: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Developer tools: seed a dataset, run a live local cluster, generate load.", subcommands: [Seed.self, Node.self, Load.self, Cluster.self])
    public init() {}
}
