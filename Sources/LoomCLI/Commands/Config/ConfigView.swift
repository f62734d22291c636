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
                for d in SettingsSchema.contextSettings {
                    guard let v = c[d.key] else { continue }
                    switch d.kind {
                    case .seconds: m.append((d.key.rawValue, Double(v).map(JSONValue.double) ?? .string(v)))
                    case .redisURL: m.append((d.key.rawValue, .string(Redact.url(v))))
                    default: m.append((d.key.rawValue, .string(v)))  // a password file's path is no secret
                    }
                }
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
            var effective: [(String, JSONValue)] = [("context", JSONValue(s.contextName))]
            for d in SettingsSchema.contextSettings {
                let v = s.values[d.key]
                switch d.kind {
                case .seconds: effective.append((d.sourceName, .double(s.timeout)))
                case .secretFile, .redisURL: effective.append((d.sourceName, v.map { .string(d.redacted($0)) } ?? .null))
                default: effective.append((d.sourceName, .string(v ?? "")))
                }
            }
            effective.append(("sources", .object(s.sources.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
            let doc = JSONValue.object([
                ("configFile", .string(s.configPath)), ("currentContext", JSONValue(s.config.currentContext)),
                ("contexts", .array(contexts)), ("effective", .object(effective)),
            ])
            context.printer.object(doc, name: s.contextName ?? "")
        }
    }
}
