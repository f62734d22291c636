import Foundation

// `LoomBench <name> [options]`: each benchmark prints its numbers and exits 0 when its targets pass.
let benchArguments = Array(CommandLine.arguments.dropFirst())
switch benchArguments.first {
case "ring":
    exit(RingBench.run(arguments: Array(benchArguments.dropFirst())))
case "ring-show":
    exit(RingShowBench.run(arguments: Array(benchArguments.dropFirst())))
default:
    print("bench")
    print("usage: LoomBench ring [--keys N] | ring-show [--actors N] [--nodes K]")
}
