import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis
import LoomKeyspace

extension Actors {
    /// `actors watch`: live lifecycle events from `loom:actor:events`.
    struct Watch: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "watch", abstract: "Stream actor lifecycle events (Ctrl-C stops).")

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Only events for this actor type (repeatable).", completion: .actorTypes) var type: [String] = []
        @Option(name: .long, help: "Stop after this many events.") var count: Int?

        func run(in context: CommandContext) async throws {
            // A subscribed connection cannot run other commands, so watch opens its own.
            let redis = try context.redis().openAnother()
            let format: OutputFormat = context.format == .json ? .jsonl : context.format
            let sink = context.sink
            let initialHeaderDone = context.noHeaders || format != .table && format != .wide
            let widths = [24, 22, 18, 24, 12]
            let limit = count ?? .max
            let type = self.type
            // A subscription lives as long as the operator wants: on a thread of its own, not a pool thread.
            try await BlockingRedis.run(name: "loomctl watch") { isCancelled in
                var seen = 0
                var headerDone = initialHeaderDone
                try redis.subscribe(channels: [Keyspace.actorEventsChannel], shouldStop: { isCancelled() || seen >= limit }) { _, payload in
                    guard let event = LifecycleEvent.parse(payload) else {
                        sink.warn("ignoring a non-JSON message on \(Keyspace.actorEventsChannel) (\(payload.count) bytes)")
                        return
                    }
                    if !type.isEmpty && !(event.actorType.map(type.contains) ?? false) { return }
                    seen += 1
                    switch format {
                    case .jsonl: sink.out.write(event.json().serialized() + "\n")
                    case .yaml: sink.out.write("---\n" + YAMLRenderer.render(event.json()))
                    case .name: sink.out.write(TerminalText.escape(event.actorId) + "\n")
                    default:
                        if !headerDone {
                            sink.out.write(TableWriter.line(["TIME", "EVENT", "TYPE", "ACTOR", "WORKER", "DATA"].map { Cell($0) }, widths: widths, color: false) + "\n")
                            headerDone = true
                        }
                        let data = event.data.map { $0.serialized() } ?? ""
                        sink.out.write(TableWriter.line([Cell(event.timestamp), Cell(event.type), Cell(event.actorType ?? "<none>"), Cell(event.actorId),
                            Cell(event.workerId ?? "<none>"), Cell(data.count > 80 ? String(data.prefix(77)) + "..." : data)], widths: widths, color: sink.color) + "\n")
                    }
                    sink.out.flush()
                }
            }
            if Task.isCancelled { throw CancellationError() }
        }
    }
}
