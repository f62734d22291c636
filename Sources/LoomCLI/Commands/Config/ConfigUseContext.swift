import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

extension Config {
    struct UseContext: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "use-context", abstract: "Make a context the current one.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Context name.", completion: .contexts) var name: String

        func run(in context: CommandContext) async throws {
            var cfg = try config(holding: name, in: context)
            cfg.currentContext = name
            try ConfigStore.save(cfg, path: context.settings.configPath)
            context.sink.printError("Switched to context \"\(name)\".")
        }
    }
}
