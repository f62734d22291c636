import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

extension Config {
    struct SetContext: ConfigCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-context", abstract: "Create or update a context.",
            discussion: "Only the given fields change. Put passwords in a --password-file, not in the URL: the file is referenced, never copied.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Context name.", completion: .contexts) var name: String
        @Option(name: .customLong("set-redis"), help: "Redis URL for this context.") var setRedis: String?
        @Option(name: .customLong("set-password-file"), help: "Password file for this context.", completion: .file()) var setPasswordFile: String?
        @Option(name: .customLong("set-actor-prefix")) var setActorPrefix: String?
        @Option(name: .customLong("set-key-prefix")) var setKeyPrefix: String?
        @Option(name: .customLong("set-bull-prefix")) var setBullPrefix: String?
        @Option(name: .customLong("set-node-prefix")) var setNodePrefix: String?
        @Option(name: .customLong("set-timeout")) var setTimeout: Double?
        @Option(name: .customLong("set-llm-provider")) var setLLMProvider: String?
        @Option(name: .customLong("set-llm-model")) var setLLMModel: String?
        @Flag(name: .long, help: "Also make it the current context.") var use = false

        func run(in context: CommandContext) async throws {
            var cfg = context.settings.config
            var c = cfg.context(named: name) ?? Context(name: name)
            if let v = setRedis {
                // Refuse what cannot be used later: a malformed URL would also print its password verbatim.
                let parsed = try RedisEndpoint.parse(v)
                c[.redis] = v
                if parsed.password != nil {
                    context.sink.warn("the URL holds a password; prefer --set-password-file so config.yaml holds no secret")
                }
            }
            if let v = setPasswordFile { c[.passwordFile] = v }
            if let v = setActorPrefix { c[.actorPrefix] = v }
            if let v = setKeyPrefix { c[.keyPrefix] = v }
            if let v = setBullPrefix { c[.bullPrefix] = v }
            if let v = setNodePrefix { c[.nodePrefix] = v }
            if let v = setTimeout { c[.timeout] = String(v) }
            if setLLMProvider != nil || setLLMModel != nil {
                var l = c.llm ?? LLMSettings()
                if let v = setLLMProvider { l.provider = v }
                if let v = setLLMModel { l.model = v }
                c.llm = l
            }
            let existed = cfg.context(named: name) != nil
            cfg.upsert(c)
            if use || cfg.currentContext == nil { cfg.currentContext = name }
            try ConfigStore.save(cfg, path: context.settings.configPath)
            context.sink.printError("Context \"\(name)\" \(existed ? "modified" : "created").")
        }
    }
}
