import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis

extension Dev {
    struct Cluster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster", abstract: "Run a live local Loom cluster of `dev node` processes (up, status, add-node, kill, down).",
            discussion: """
                Node processes run on loopback against the configured Redis; their PIDs are recorded in \
                $XDG_STATE_HOME/loomctl/dev-cluster.json (mode 0600). `down` ends exactly the recorded processes and \
                removes the file. See docs/dev-cluster.md.
                """,
            subcommands: [Up.self, Status.self, AddNode.self, Kill.self, Down.self])
    }
}
