import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

extension Config {
    struct DeleteContext: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "delete-context", abstract: "Delete a context.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Context name.", completion: .contexts) var name: String

        func run(in context: CommandContext) async throws {
            var cfg = try config(holding: name, in: context)
            try context.confirm("Delete context \(name)?")
            cfg.contexts.removeAll { $0.name == name }
            if cfg.currentContext == name { cfg.currentContext = nil }
            try ConfigStore.save(cfg, path: context.settings.configPath)
            context.sink.printError("Deleted context \"\(name)\".")
        }
    }
}
