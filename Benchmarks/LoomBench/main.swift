import Foundation

// `LoomBench <suite> [options]`: release-mode benchmarks; each prints its numbers and exits 0 when
// its targets pass. `make bench` runs them all (scripts/bench.sh).
let args = Array(CommandLine.arguments.dropFirst())
let suite = args.first ?? "help"
let rest = Array(args.dropFirst())
switch suite {
case "ring": exit(RingBench.run(arguments: rest))
case "ring-show": exit(RingShowBench.run(arguments: rest))
case "llm": exit(LLMBench.run(arguments: rest))
case "shell": exit(ShellBench.run(arguments: rest))
case "health": exit(HealthBench.run(arguments: rest))
case "registry-memory": exit(RegistryMemoryBench.run(arguments: rest))
case "dev-node": exit(DevNodeBench.run(arguments: rest))
case "dev-placement": exit(DevPlacementBench.run(arguments: rest))
default:
    FileHandle.standardError.write(
        "usage: LoomBench ring [--keys N] | ring-show [--actors N] [--nodes K] | llm [--runs N] [--only sse|ttft|endless] [--loomctl PATH] | shell | health [--actors N] [--nodes K] | registry-memory [--actors N] [--mb M] | dev-node [--actors N] [--seconds S] | dev-placement [--actors N] [--interval I] [--runs R]\n".data(using: .utf8)!)
    exit(suite == "help" ? 0 : 2)
}
