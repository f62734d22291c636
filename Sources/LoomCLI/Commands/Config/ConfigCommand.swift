import LoomCore
import LoomOutput

/// Config commands resolve settings leniently: they must work when the current context is broken.
protocol ConfigCommand: LoomCommand {}

extension ConfigCommand {
    mutating func run() async throws {
        let context = try CommandContext(global: global, invocation: Invocation.current, lenient: true)
        defer { context.sink.flush() }
        try await run(in: context)
    }
}

extension ConfigCommand {
    /// The config file, once `name` is known to be one of its contexts (exit 3 with the known names otherwise).
    func config(holding name: String, in context: CommandContext) throws -> ConfigFile {
        let cfg = context.settings.config
        guard cfg.context(named: name) != nil else {
            throw CoreError.contextNotFound(name, in: cfg, path: context.settings.configPath)
        }
        return cfg
    }
}
