import ArgumentParser
import Foundation
import LoomCore
import LoomOutput

extension Health {
    struct RedisCheck: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "redis", abstract: "Latency percentiles, memory, evictions, persistence, replication.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.redis], options: options, context: context, summary: false)
        }
    }
}
