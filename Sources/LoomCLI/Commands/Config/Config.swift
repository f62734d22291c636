import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

/// `loomctl config …`: named contexts in the config file, like kubectl's kubeconfig.
public struct Config: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config", abstract: "View and edit contexts in the config file.",
        subcommands: [View.self, GetContexts.self, CurrentContext.self, UseContext.self, SetContext.self, DeleteContext.self])

    public init() {}
}

/// Config commands resolve settings leniently: they must work when the current context is broken.
protocol ConfigCommand: LoomCommand {}

extension ConfigCommand {
    mutating func run() async throws {
        let context = try CommandContext(global: global, invocation: Invocation.current, lenient: true)
        defer { context.sink.flush() }
        try await run(in: context)
    }
}

extension Config {
    /// The effective settings and the file, passwords redacted.
    struct View: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "view", abstract: "Show the config file and the effective settings (secrets redacted).")
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let s = context.settings
            let contexts: [JSONValue] = s.config.contexts.map { c in
                var m: [(String, JSONValue)] = [("name", .string(c.name))]
                if let r = c.redis { m.append(("redis", .string(Redact.url(r)))) }
                if let p = c.passwordFile { m.append(("passwordFile", .string(p))) }
                if let v = c.actorPrefix { m.append(("actorPrefix", .string(v))) }
                if let v = c.keyPrefix { m.append(("keyPrefix", .string(v))) }
                if let v = c.bullPrefix { m.append(("bullPrefix", .string(v))) }
                if let v = c.nodePrefix { m.append(("nodePrefix", .string(v))) }
                if let v = c.timeout { m.append(("timeout", .double(v))) }
                if let l = c.llm {
                    var lm: [(String, JSONValue)] = []
                    if let v = l.provider { lm.append(("provider", .string(v))) }
                    if let v = l.model { lm.append(("model", .string(v))) }
                    if let v = l.baseURL { lm.append(("baseURL", .string(Redact.url(v)))) }
                    if let v = l.fallback { lm.append(("fallback", .array(v.map { .string($0) }))) }
                    if let v = l.budgetUSD { lm.append(("budgetUSD", .double(v))) }
                    m.append(("llm", .object(lm)))
                }
                return .object(m)
            }
            let effective = JSONValue.object([
                ("context", JSONValue(s.contextName)),
                ("redis", .string(Redact.url(s.redisURL))),
                ("password", s.redisPassword.map { .string(Redact.secret($0)) } ?? .null),
                ("actorPrefix", .string(s.actorPrefix)), ("keyPrefix", .string(s.keyPrefix)),
                ("bullPrefix", .string(s.bullPrefix)), ("nodePrefix", .string(s.nodePrefix)), ("timeout", .double(s.timeout)),
                ("sources", .object(s.sources.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])
            let doc = JSONValue.object([
                ("configFile", .string(s.configPath)), ("currentContext", JSONValue(s.config.currentContext)),
                ("contexts", .array(contexts)), ("effective", effective),
            ])
            ObjectPrinter.print(doc, format: context.format, sink: context.sink, name: s.contextName ?? "")
        }
    }

    struct GetContexts: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "get-contexts", abstract: "List contexts.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run(in context: CommandContext) async throws {
            let cfg = context.settings.config
            let printer = context.listPrinter(headers: ["CURRENT", "NAME", "REDIS", "ACTOR-PREFIX", "BULL-PREFIX"])
            for c in cfg.contexts {
                let current = c.name == cfg.currentContext
                printer.add(Row(
                    json: .object([("name", .string(c.name)), ("current", .bool(current)), ("redis", JSONValue(c.redis.map(Redact.url))),
                        ("actorPrefix", JSONValue(c.actorPrefix)), ("bullPrefix", JSONValue(c.bullPrefix))]),
                    cells: [Cell(current ? "*" : ""), Cell(c.name), Cell(c.redis.map(Redact.url) ?? "<default>"),
                        Cell(c.actorPrefix ?? "<default>"), Cell(c.bullPrefix ?? "<default>")],
                    name: c.name))
            }
            printer.finish(emptyMessage: "No contexts in \(context.settings.configPath).")
        }
    }

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

    struct UseContext: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "use-context", abstract: "Make a context the current one.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Context name.", completion: .contexts) var name: String

        func run(in context: CommandContext) async throws {
            var cfg = context.settings.config
            guard cfg.context(named: name) != nil else {
                throw CoreError.contextNotFound(name, in: cfg, path: context.settings.configPath)
            }
            cfg.currentContext = name
            try ConfigStore.save(cfg, path: context.settings.configPath)
            context.sink.printError("Switched to context \"\(name)\".")
        }
    }

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
                c.redis = v
                if parsed.password != nil {
                    context.sink.warn("the URL holds a password; prefer --set-password-file so config.yaml holds no secret")
                }
            }
            if let v = setPasswordFile { c.passwordFile = v }
            if let v = setActorPrefix { c.actorPrefix = v }
            if let v = setKeyPrefix { c.keyPrefix = v }
            if let v = setBullPrefix { c.bullPrefix = v }
            if let v = setNodePrefix { c.nodePrefix = v }
            if let v = setTimeout { c.timeout = v }
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

    struct DeleteContext: ConfigCommand {
        static let configuration = CommandConfiguration(commandName: "delete-context", abstract: "Delete a context.")
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "Context name.", completion: .contexts) var name: String

        func run(in context: CommandContext) async throws {
            var cfg = context.settings.config
            guard cfg.context(named: name) != nil else {
                throw CoreError.contextNotFound(name, in: cfg, path: context.settings.configPath)
            }
            try context.confirm("Delete context \(name)?")
            cfg.contexts.removeAll { $0.name == name }
            if cfg.currentContext == name { cfg.currentContext = nil }
            try ConfigStore.save(cfg, path: context.settings.configPath)
            context.sink.printError("Deleted context \"\(name)\".")
        }
    }
}

