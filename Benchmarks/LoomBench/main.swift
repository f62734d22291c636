import Foundation

let benchArguments = Array(CommandLine.arguments.dropFirst())
switch benchArguments.first {
case "shell": exit(ShellBench.run(arguments: Array(benchArguments.dropFirst())))
default: print("bench")
}
