import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis

extension Dev.Cluster {
    struct Down: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop every recorded dev process (SIGTERM, then SIGKILL) and remove the state file.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Seconds each process gets to drain before SIGKILL.") var grace: Double = 20

        func validate() throws {
            if !(grace.isFinite && grace >= 0 && grace <= 3600) { throw ValidationError("--grace must be between 0 and 3600 seconds") }
        }

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard let state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "nothing to stop")
            }
            let running = state.processes.filter(DevClusterState.isOurs)
            // Load generators first, so the nodes drain queues that no longer grow.
            let killed = DevProcesses.stop(running.filter { $0.kind == "load" }, grace: Agent.duration(grace))
                + DevProcesses.stop(running.filter { $0.kind == "node" }, grace: Agent.duration(grace))
            try FileManager.default.removeItem(atPath: path)
            var msg = "stopped \(running.count) of \(state.processes.count) recorded processes"
            if running.count < state.processes.count { msg += " (\(state.processes.count - running.count) had already exited)" }
            if !killed.isEmpty { msg += "; SIGKILL needed for \(killed.joined(separator: ", "))" }
            context.sink.print(msg + "\n")
        }
    }
}
