import ArgumentParser
import Foundation
import LoomCore
import LoomOutput

extension Health {
    struct Queues: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "queues", abstract: "BullMQ backlog, delayed, active and failed jobs per actor type; dead-letter queues.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.queues], options: options, context: context, summary: false)
        }
    }
}
