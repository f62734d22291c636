import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomHealth

extension Health {
    struct Summary: LoomCommand {
        static let configuration = CommandConfiguration(commandName: "all", abstract: "Every check, summarised (the default).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute(Set(HealthCategory.allCases), options: options, context: context, summary: true)
        }
    }
}
