import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRedis
import LoomKeyspace
import LoomRegistry

extension Actors {
    /// `actors register`: exactly Loom's register() (same keys, fields and event), atomically.
    struct Register: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Register an actor as Loom's registry does.",
            discussion: """
                Writes Loom's hash, both index sets, the heartbeat key and the actor:registered event in ONE Lua script \
                that checks every key's type first: it applies entirely or not at all (a WRONGTYPE key is named, nothing \
                is written). Re-registering under the same type updates the actor. An id registered under ANOTHER type \
                is refused with exit 6 (so two registrations racing under two types cannot both succeed); --retype \
                moves it instead, removing it from the old type's set in the same script (Loom's own register leaves it \
                there, contract §10 item 8a).
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions

        @Argument(help: "Actor id.", completion: .actorIds) var id: String
        @Option(name: .long, help: "Actor type.", completion: .actorTypes) var type: String
        @Option(name: .long, help: "Worker id (Loom's workerId).", completion: .nodes) var worker: String
        @Option(name: .long, help: "Initial status: active, idle, busy.") var status = "idle"
        @Option(name: .long, help: "Metadata JSON (ActorMetadata).") var metadata: String?
        @Option(name: .long, help: "Read metadata JSON from a file ('-' for stdin).", completion: .file()) var metadataFile: String?
        @Option(name: .long, help: "Heartbeat TTL in seconds.") var ttl = ActorRegistry.defaultHeartbeatTTL
        @Flag(name: .long, help: "Do not publish the actor:registered event.") var noEvents = false
        @Flag(name: .long, help: "If the id is registered under another type, move it (default: refuse, exit 6).") var retype = false

        func validate() throws {
            if metadata != nil && metadataFile != nil { throw ValidationError("use --metadata or --metadata-file, not both") }
            try Actors.validateTTL(ttl)
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
            if mutation.dryRun, !retype, case .found(let existing) = try registry.get(id), let old = existing.type, old != type {
                throw CLIError.conflict("actor '\(id)' is registered as type '\(old)', not '\(type)'",
                    hint: "pass --retype to move it to '\(type)', or unregister it first")
            }
            report.add("actor", id, "registered", detail: .object([("type", .string(type)), ("workerId", .string(worker))]))
            if !mutation.dryRun {
                let moved = try registry.register(reg, heartbeatTTL: ttl, publish: !noEvents, typeChange: retype ? .move : .refuse)
                if !moved.isEmpty {
                    report.changes[0].action = "registered (moved from type \(moved))"
                }
            }
            try report.finish(context)
        }
    }

    /// `actors unregister`: Loom's unregister(), atomic, also repairing a dangling index entry.
    struct Unregister: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "unregister", abstract: "Remove actors from the registry (asks first).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor ids.", completion: .actorIds) var ids: [String]
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
            if !missing.isEmpty { throw CLIError.notFound("not registered: \(missing.joined(separator: ", "))") }
            if mutation.dryRun && !report.changes.isEmpty { throw CommandExit(.planHasChanges) }
        }
    }

    /// `actors heartbeat`: Loom's heartbeat(), refusing unknown ids unless asked (no zombies).
    struct Heartbeat: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "heartbeat", abstract: "Refresh actors' heartbeats.")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var mutation: MutationOptions
        @Argument(help: "Actor ids.", completion: .actorIds) var ids: [String]
        @Option(name: .long, help: "Heartbeat TTL in seconds.") var ttl = ActorRegistry.defaultHeartbeatTTL
        @Flag(name: .long, help: "Heartbeat unknown ids too, as Loom does (creates a partial hash).") var allowMissing = false

        func validate() throws { try Actors.validateTTL(ttl) }

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
                throw CLIError.notFound("not registered: \(missing.joined(separator: ", "))",
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
        @Argument(help: "Actor id.", completion: .actorIds) var id: String
        @Argument(help: "New status: active, idle or busy.") var status: String
        @Flag(name: .long, help: "Do not publish the actor:status-changed event.") var noEvents = false

        func validate() throws {
            if !ActorRecord.validStatuses.contains(status) { throw ValidationError("status must be one of active, idle, busy") }
        }

        func run(in context: CommandContext) async throws {
            let registry = try context.registry()
            var report = ChangeReport(dryRun: mutation.dryRun)
            if mutation.dryRun {
                guard case .found(let r) = try registry.get(id) else { throw CLIError.notFound("actor '\(id)' not found") }
                if r.status != status { report.add("actor", id, "set to \(status)") }
            } else {
                guard try registry.setStatus(id, status, publish: !noEvents) else { throw CLIError.notFound("actor '\(id)' not found") }
                report.add("actor", id, "set to \(status)")
            }
            try report.finish(context)
        }
    }

    /// Heartbeat TTLs must be 1 s … 1 year (ActorRegistry.heartbeatTTLRange): usage error otherwise.
    static func validateTTL(_ ttl: Int) throws {
        let r = ActorRegistry.heartbeatTTLRange
        if !r.contains(ttl) { throw ValidationError("--ttl must be between \(r.lowerBound) and \(r.upperBound) seconds") }
    }
}
