import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomMembership

extension Dev.Cluster {
    struct Status: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the recorded dev cluster processes and their node state.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let path = DevClusterState.path(environment: context.environment)
            guard let state = try DevClusterState.load(path) else {
                throw CLIError.notFound("no dev cluster is running (no state file at \(path))", hint: "start one with `loomctl dev cluster up`")
            }
            Self.print(state, context: context)
        }

        static func print(_ state: DevClusterState, context: CommandContext) {
            let snap = try? NodeMembership(redis: try context.redis(), keys: context.keyspace).read()
            let printer = context.listPrinter(headers: ["ID", "KIND", "PID", "PROCESS", "PORT", "NODE", "ACTORS"])
            for p in state.processes {
                let proc = !DevClusterState.isOurs(p) ? "exited" : DevClusterState.isStopped(p.pid) ? "stopped" : "running"
                let rec = p.kind == "node" ? snap?.node(p.id) : nil
                let nodeState = p.kind != "node" ? "-" : rec.map { $0.isLive ? $0.status.rawValue : "down" } ?? "absent"
                let json = JSONValue.object([("id", .string(p.id)), ("kind", .string(p.kind)), ("pid", .int(Int64(p.pid))),
                    ("process", .string(proc)), ("port", JSONValue(p.port.map(Int64.init))), ("node", .string(nodeState)),
                    ("actors", JSONValue(rec?.actorCount.map(Int64.init)))])
                printer.add(Row(json: json, cells: [Cell(p.id), Cell(p.kind), Cell(String(p.pid)), Cell(proc), Cell(p.port.map(String.init) ?? "-"),
                    Cell(nodeState), Cell(rec?.actorCount.map(String.init) ?? "-")], name: p.id))
            }
            printer.finish()
        }
    }
}
