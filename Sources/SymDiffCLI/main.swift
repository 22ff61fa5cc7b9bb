import ArgumentParser
import Glibc
import SymDiff

// The executable reads arguments and lines and prints what the engine returns; nothing else.
Output.ignoreBrokenPipe()
if let diagnostic = ArgumentScan.invalidUTF8Argument() {
    Output.fail(diagnostic)
}
// The root command takes the expression as its positional argument, so subcommands are picked
// here by their first word (an expression that is just a variable named `grad` must be written
// with `--wrt`, e.g. `symdiff grad --wrt grad` is the gradient command; `symdiff '(grad)'` works).
var arguments = Array(CommandLine.arguments.dropFirst())
let subcommands: [String: ParsableCommand.Type] = [
    "grad": GradientCommand.self, "hessian": HessianCommand.self, "jacobian": JacobianCommand.self, "emit": EmitCommand.self,
    "eval": EvalCommand.self, "implicit": ImplicitCommand.self, "check": CheckCommand.self, "minimize": MinimizeCommand.self, "solve": SolveCommand.self, "plot": PlotCommand.self, "run": RunCommand.self,
]
if arguments.isEmpty {
    // No arguments: the interactive session on a terminal, statements from stdin otherwise.
    if isatty(0) == 1 { REPL.run() } else { ScriptOutput.runStandardInput() }
} else if arguments.first == "help" {
    // `symdiff help [COMMAND]`, as ArgumentParser would offer it if the root had no positional.
    let command = arguments.count > 1 ? subcommands[arguments[1]] : nil
    if let command { command.main(["--help"]) } else { SymDiffCommand.main(["--help"]) }
} else if let job = FastPath.job(for: arguments, commands: Set(subcommands.keys)) {
    FastPath.run(job, expression: arguments[0])
} else if let first = arguments.first, let command = subcommands[first] {
    arguments.removeFirst()
    command.main(ArgumentScan.preparedArguments(arguments))
} else {
    SymDiffCommand.main(ArgumentScan.preparedArguments(arguments))
}
