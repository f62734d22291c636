import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomKeyspace

extension Dev.Cluster {
    struct AddNode: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "add-node", abstract: "Start one more dev node with the cluster's settings.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Node id (default node-<next>).", completion: .nodes) var nodeId: String?
        @Option(name: .long, help: "Seconds to wait for it to register.") var wait: Double = 60

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard var state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "start one with `loomctl dev cluster up`")
            }
            let nodes = state.processes.filter { $0.kind == "node" }
            let id = nodeId ?? "node-\((nodes.compactMap { Int($0.id.dropFirst(5)) }.max() ?? 0) + 1)"
            do { try NodeRecord.validateID(id) } catch { throw CLIError.invalid(error.message) }
            if nodes.contains(where: { $0.id == id }) { throw CLIError.conflict("node \(id) is already part of the dev cluster") }
            var port = max(state.basePort, (nodes.compactMap(\.port).max() ?? state.basePort - 1) + 1)
            while !DevProcesses.portFree(port) && port < 65535 { port += 1 }
            let args = ["dev", "node", "--node-id", id, "--health-port", String(port)] + state.nodeArgs
            let pid = try DevProcesses.spawn(args, env: DevProcesses.environment(context), log: DevProcesses.logPath(path, id))
            let proc = DevClusterState.Proc(kind: "node", id: id, pid: pid, port: port, args: args)
            state.processes.append(proc)
            try state.save(path)
            try DevProcesses.waitLive([proc], context: context, statePath: path, timeout: Agent.duration(wait))
            context.sink.print("started \(id) (pid \(pid), health 127.0.0.1:\(port))\n")
        }
    }
}
