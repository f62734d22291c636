import ArgumentParser
import LoomCore
import LoomOutput
import LoomRedis

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
}
