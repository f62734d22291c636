import Foundation

// `LoomBench <suite> [args]`: release-mode benchmarks; `make bench` runs them all (scripts/bench.sh).
let args = Array(CommandLine.arguments.dropFirst())
let suite = args.first ?? "help"
let rest = Array(args.dropFirst())
switch suite {
case "ring": exit(RingBench.run(arguments: rest))
case "llm": exit(LLMBench.run(arguments: rest))
default:
    FileHandle.standardError.write("usage: LoomBench ring|ring-show|llm|shell [options]\n".data(using: .utf8)!)
    exit(suite == "help" ? 0 : 2)
}
