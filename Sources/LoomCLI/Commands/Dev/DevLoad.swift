import ArgumentParser
import Dispatch
import Foundation
import LoomCore
import LoomRedis
import LoomMembership
import LoomDev

extension Dev {
    /// `loomctl dev load`: a BullMQ load generator in Loom's job format.
    struct Load: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "load", abstract: "Enqueue BullMQ jobs for an actor type at a steady rate (Loom's job format).",
            discussion: """
                Adds execute PipelineMessages to the BullMQ queue actor-{type} under the BullMQ prefix (--bull-prefix), \
                the way Loom's orchestrator does (name 'message', jobId = messageId, attempts 1, removeOnComplete true, \
                removeOnFail false), in batches every 50 ms. Runs for --duration seconds, or until SIGTERM/Ctrl-C when \
                --duration is 0. --count enqueues exactly that many jobs at once and exits. Prints the number enqueued.
                """)

        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(name: .long, help: "Actor type (queue actor-{type}).", completion: .actorTypes) var type: String
        @Option(name: .long, help: "Jobs per second (0–100000).") var rate: Double = 10
        @Option(name: .long, help: "Seconds to run (0 = until stopped).") var duration: Double = 0
        @Option(name: .long, help: "Enqueue exactly this many jobs now and exit (ignores --rate/--duration).") var count: Int?

        func validate() throws {
            do { try DevQueue.validateType(type) } catch { throw ValidationError(error.message) }
            if !(rate.isFinite && rate >= 0 && rate <= 100_000) { throw ValidationError("--rate must be between 0 and 100000") }
            if !(duration.isFinite && duration >= 0 && duration <= 31_536_000) { throw ValidationError("--duration must be between 0 and 31536000 seconds") }
            if let count, !(0...10_000_000).contains(count) { throw ValidationError("--count must be between 0 and 10000000") }
        }

        func run(in context: CommandContext) async throws {
            let queue = DevQueue(redis: try context.redis(), keys: context.keyspace)
            if let count {
                var done = 0
                while done < count {
                    let n = min(1000, count - done)
                    done += try queue.enqueue(type: type, count: n, firstSeq: Int64(done))
                    if n == 0 { break }
                }
                context.sink.print("enqueued \(done) jobs to \(context.keyspace.bullKey(queue: DevQueue.queueName(type: type), "wait"))\n")
                return
            }
            let stop = StopSignal()
            var sources: [any DispatchSourceSignal] = []
            for sig in [SIGTERM, SIGINT] {
                signal(sig, SIG_IGN)
                let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                s.setEventHandler { stop.request() }
                s.resume()
                sources.append(s)
            }
            defer { for s in sources { s.cancel() } }
            let start = ContinuousClock.now
            let end: ContinuousClock.Instant? = duration > 0 ? start + Agent.duration(duration) : nil
            var sent: Int64 = 0
            while !stop.isRequested {
                let now = ContinuousClock.now
                if let end, now >= end { break }
                let elapsed = now - start
                let due = Int64((Agent.seconds(elapsed) * rate).rounded(.down))
                let n = Int(min(max(0, due - sent), 10_000))
                if n > 0 { sent += Int64(try queue.enqueue(type: type, count: n, firstSeq: sent)) }
                try await Task.sleep(for: .milliseconds(50))
            }
            context.sink.print("enqueued \(sent) jobs to \(context.keyspace.bullKey(queue: DevQueue.queueName(type: type), "wait"))\n")
        }
    }
}
