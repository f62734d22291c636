import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

extension Config {
    struct CurrentContext: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "current-context", abstract: "Print the current context's name.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            guard let name = context.settings.config.currentContext else {
                throw CoreError.notFound("no current context set in \(context.settings.configPath)")
            }
            context.sink.print(name)
        }
    }
}
