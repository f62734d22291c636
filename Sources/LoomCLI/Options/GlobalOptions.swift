import ArgumentParser
import LoomCore
import LoomOutput

extension OutputFormat: ExpressibleByArgument {}
extension ColorMode: ExpressibleByArgument {}

/// Connection, configuration and output flags shared by every subcommand.
///
/// Every leaf carries them (`@OptionGroup`), and `Entry` moves flags written before the
/// subcommand to after it, so `loomctl --redis X actors list` and `loomctl actors list --redis X`
/// mean the same thing.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N].", valueName: "url"))
    public var redis: String?

    @Option(name: .long, help: ArgumentHelp("Read the Redis password from this file.", valueName: "path"), completion: .file())
    public var passwordFile: String?

    @Option(name: .long, help: ArgumentHelp("Actor registry prefix (default loom:actor).", valueName: "prefix"))
    public var actorPrefix: String?

    @Option(name: .long, help: ArgumentHelp("Transparent prefix on every state key (ioredis keyPrefix).", valueName: "prefix"))
    public var keyPrefix: String?

    @Option(name: .long, help: ArgumentHelp("BullMQ prefix (default bull).", valueName: "prefix"))
    public var bullPrefix: String?

    @Option(name: .long, help: ArgumentHelp("Node membership prefix (default loom:node).", valueName: "prefix"))
    public var nodePrefix: String?

    @Option(name: .long, help: ArgumentHelp("Use this context from the config file.", valueName: "name"), completion: .contexts)
    public var context: String?

    @Option(name: .long, help: ArgumentHelp("Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml).", valueName: "path"), completion: .file())
    public var config: String?

    @Option(name: .long, help: ArgumentHelp("Connect and reply timeout in seconds (default 5).", valueName: "seconds"))
    public var timeout: Double?

    @Option(name: [.short, .long], help: ArgumentHelp("Output format: table, wide, json, jsonl, yaml, name.", valueName: "format"))
    public var output: OutputFormat?

    @Flag(name: .long, help: "Omit table headers.")
    public var noHeaders = false

    @Option(name: .long, help: ArgumentHelp("Colour: auto, always, never (NO_COLOR disables).", valueName: "when"))
    public var color: ColorMode?

    @Flag(name: [.short, .long], help: "Answer yes to confirmations.")
    public var yes = false

    @Flag(name: [.short, .long], help: "Trace requests on stderr (secrets redacted).")
    public var verbose = false

    public init() {}

    /// The value given for a schema setting (nil = not given; a switch that is on is "1"). The
    /// switch is exhaustive, so a new `SettingKey` needs its property here; SettingsSchemaTests
    /// checks that each property answers to the schema's flag.
    func value(for key: SettingKey) -> String? {
        switch key {
        case .redis: return redis
        case .passwordFile: return passwordFile
        case .actorPrefix: return actorPrefix
        case .keyPrefix: return keyPrefix
        case .bullPrefix: return bullPrefix
        case .nodePrefix: return nodePrefix
        case .context: return context
        case .config: return config
        case .timeout: return timeout.map { String($0) }
        case .output: return output?.rawValue
        case .color: return color?.rawValue
        case .noHeaders: return noHeaders ? "1" : nil
        case .yes: return yes ? "1" : nil
        case .verbose: return verbose ? "1" : nil
        }
    }

    /// Every setting given on this command line.
    var flagSettings: FlagSettings {
        var f = FlagSettings()
        for key in SettingKey.allCases { f[key] = value(for: key) }
        return f
    }

    /// Options that take a value, for `Entry`'s reordering and the shell's history filter.
    static var valueOptions: Set<String> { SettingsSchema.valueOptions }
    static var flagOptions: Set<String> { SettingsSchema.flagOptions }
}

/// `--dry-run` for every mutating command (exit 5 when something would change).
public struct MutationOptions: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print the plan and exit 5 if anything would change, 0 if nothing would.")
    public var dryRun = false

    public init() {}
}
