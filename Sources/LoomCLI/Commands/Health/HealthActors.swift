import ArgumentParser
import Foundation
import LoomCore
import LoomOutput

extension Health {
    struct ActorsCheck: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "actors", abstract: "Live vs stale actors per type, registry anomalies, actors on down nodes.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.actors, .nodes], options: options, context: context, summary: false)
        }
    }
}
