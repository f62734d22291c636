import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis

extension Dev.Cluster {
    struct Kill: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to one recorded dev node (KILL, STOP, CONT or TERM).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Node id (e.g. node-2).", completion: .nodes) var node: String
        @Option(name: .long, help: "KILL, STOP, CONT or TERM.") var signal = "KILL"

        func validate() throws {
            if Self.signals[signal.uppercased()] == nil { throw ValidationError("--signal must be KILL, STOP, CONT or TERM") }
        }

        static let signals: [String: Int32] = ["KILL": SIGKILL, "STOP": SIGSTOP, "CONT": SIGCONT, "TERM": SIGTERM]

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard let state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "start one with `loomctl dev cluster up`")
            }
            guard let p = state.processes.first(where: { $0.id == node && $0.kind == "node" }) else {
                throw CLIError.notFound("no dev node '\(node)' in the cluster", hint: "`loomctl dev cluster status` lists them")
            }
            guard DevClusterState.isOurs(p) else { throw CLIError.notFound("dev node \(node) (pid \(p.pid)) is not running") }
            guard Foundation.kill(p.pid, Self.signals[signal.uppercased()]!) == 0 else {
                throw CLIError.badData("kill \(p.pid): \(String(cString: strerror(errno)))")
            }
            context.sink.print("sent SIG\(signal.uppercased()) to \(node) (pid \(p.pid))\n")
        }
    }
}
