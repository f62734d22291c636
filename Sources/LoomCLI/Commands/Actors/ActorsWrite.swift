import ArgumentParser
import Foundation
import LoomCluster
import LoomCore
import LoomOutput
import LoomRedis

extension Actors {
    /// `actors register`: exactly Loom's register() (same keys, fields and event), atomically.
    struct Register: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Register an actor as Loom's registry does.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions

        @Argument(help: "Actor id.") var id: String
        @Option(name: .long, help: "Actor type.") var type: String
        @Option(name: .long, help: "Worker id (Loom's workerId).") var worker: String
        @Option(name: .long, help: "Initial status: active, idle, busy.") var status = "idle"
        @Option(name: .long, help: "Metadata JSON (ActorMetadata).") var metadata: String?
        @Option(name: .long, help: "Read metadata JSON from a file ('-' for stdin).") var metadataFile: String?
        @Option(name: .long, help: "Heartbeat TTL in seconds.") var ttl = ActorRegistry.defaultHeartbeatTTL
        @Flag(name: .long, help: "Do not publish the actor:registered event.") var noEvents = false

        func validate() throws {
            if metadata != nil && metadataFile != nil { throw ValidationError("use --metadata or --metadata-file, not both") }
            if ttl <= 0 { throw ValidationError("--ttl must be positive") }
        }

        func run(in context: CommandContext) async throws {
            var meta = metadata ?? ""
            if let path = metadataFile {
                guard let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
                else { throw CoreError.usage("cannot read metadata file \(path)") }
                meta = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let reg = ActorRegistration(id: id, type: type, workerId: worker, status: status, metadata: meta)
            let registry = try context.registry()
            try registry.validate(reg)
            var report = ChangeReport(dryRun: mutation.dryRun)
            report.add("actor", id, "registered", detail: .object([("type", .string(type)), ("workerId", .string(worker))]))
            if !mutation.dryRun { try registry.register(reg, heartbeatTTL: ttl, publish: !noEvents) }
            try report.finish(context)
        }
    }

    /// `actors unregister`: Loom's unregister(), atomic, also repairing a dangling index entry.
    struct Unregister: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "unregister", abstract: "Remove actors from the registry (asks first).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor ids.") var ids: [String]
        @Flag(name: .long, help: "Do not publish actor:unregistered events.") var noEvents = false

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            var missing: [String] = []
            if mutation.dryRun {
                for id in ids {
                    if case .found = try registry.get(id) { report.add("actor", id, "unregistered") } else { missing.append(id) }
                }
            } else {
                try context.confirm("Unregister \(ids.count == 1 ? "actor \(ids[0])" : "\(ids.count) actors")?")
                for id in ids {
                    switch try registry.unregister(id, publish: !noEvents) {
                    case .removed: report.add("actor", id, "unregistered")
                    case .repairedDangling: report.add("actor", id, "removed from the index (hash was already gone)")
                    case .notFound: missing.append(id)
                    }
                }
            }
            report.print(context)
            if !missing.isEmpty { throw ClusterError.notFound("not registered: \(missing.joined(separator: ", "))") }
            if mutation.dryRun && !report.changes.isEmpty { throw CommandExit(.planHasChanges) }
        }
    }

    /// `actors heartbeat`: Loom's heartbeat(), refusing unknown ids unless asked (no zombies).
    struct Heartbeat: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "heartbeat", abstract: "Refresh actors' heartbeats.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor ids.") var ids: [String]
        @Option(name: .long, help: "Heartbeat TTL in seconds.") var ttl = ActorRegistry.defaultHeartbeatTTL
        @Flag(name: .long, help: "Heartbeat unknown ids too, as Loom does (creates a partial hash).") var allowMissing = false

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            var missing: [String] = []
            for id in ids {
                if mutation.dryRun {
                    if case .found = try registry.get(id) { report.add("actor", id, "heartbeated") }
                    else if allowMissing { report.add("actor", id, "heartbeated (creating a partial hash)") }
                    else { missing.append(id) }
                } else if try registry.heartbeat(id, ttl: ttl, allowMissing: allowMissing) {
                    report.add("actor", id, "heartbeated")
                } else {
                    missing.append(id)
                }
            }
            report.print(context)
            if !missing.isEmpty {
                throw ClusterError.notFound("not registered: \(missing.joined(separator: ", "))",
                    hint: "--allow-missing heartbeats unknown ids as Loom does (which leaves a zombie hash)")
            }
            if mutation.dryRun && !report.changes.isEmpty { throw CommandExit(.planHasChanges) }
        }
    }

    /// `actors status ID STATUS`: Loom's updateStatus() and its event.
    struct Status: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Set an actor's status (active, idle, busy).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor id.") var id: String
        @Argument(help: "New status: active, idle or busy.") var status: String
        @Flag(name: .long, help: "Do not publish the actor:status-changed event.") var noEvents = false

        func validate() throws {
            if !ActorRecord.validStatuses.contains(status) { throw ValidationError("status must be one of active, idle, busy") }
        }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            if mutation.dryRun {
                guard case .found(let r) = try registry.get(id) else { throw ClusterError.notFound("actor '\(id)' not found") }
                if r.status != status { report.add("actor", id, "set to \(status)") }
            } else {
                guard try registry.setStatus(id, status, publish: !noEvents) else { throw ClusterError.notFound("actor '\(id)' not found") }
                report.add("actor", id, "set to \(status)")
            }
            try report.finish(context)
        }
    }
}
