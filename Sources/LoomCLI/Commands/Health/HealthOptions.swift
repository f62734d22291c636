import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomHealth

/// Flags shared by every health view.
struct HealthOptions: ParsableArguments {
    enum FailOn: String, ExpressibleByArgument, CaseIterable { case unhealthy, degraded }

    @Option(name: .long, help: "Exit 4 on 'unhealthy' (default) or also on 'degraded'.")
    var failOn: FailOn = .unhealthy

    @Flag(name: [.short, .long], help: "Keep checking: redraw on a terminal, append JSON lines otherwise.")
    var watch = false

    @Option(name: .long, help: "Seconds between checks with --watch.")
    var interval: Double = 5

    @Option(name: .long, help: "PING samples for the latency percentiles.")
    var pingSamples: Int = 10

    @Option(name: .long, help: "Per-probe HTTP timeout in milliseconds (default 2000 or the config file's).")
    var probeTimeoutMs: Int?

    @Flag(name: .long, help: "Read every actor (a full registry pass) instead of estimating from a random sample.")
    var exact = false

    @Option(name: .long, help: ArgumentHelp(
        "Actors to sample (default: enough for ±1 percentage point at 99% confidence, about 16,600).",
        discussion: "Registries no bigger than this are read whole. Ignored with --exact."))
    var sampleSize: Int?

    var samplingPlan: SamplingPlan { SamplingPlan(fixedSize: sampleSize) }

    func validate() throws {
        if let n = sampleSize, n < 1 || n > 10_000_000 { throw ValidationError("--sample-size must be between 1 and 10000000") }
        if interval <= 0 { throw ValidationError("--interval must be positive") }
        if pingSamples < 1 || pingSamples > 10_000 { throw ValidationError("--ping-samples must be between 1 and 10000") }
        if let t = probeTimeoutMs, t < 1 { throw ValidationError("--probe-timeout-ms must be positive") }
    }

    func rules(_ context: CommandContext) -> HealthRules {
        var r = HealthRules(context.settings.health)
        r.pingSamples = pingSamples
        if let t = probeTimeoutMs { r.probeTimeoutMs = t }
        return r
    }
}
