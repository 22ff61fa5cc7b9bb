import ArgumentParser
import SymDiff

// The executable reads arguments and lines and prints what the engine returns; nothing else.
Output.ignoreBrokenPipe()
if let diagnostic = ArgumentScan.invalidUTF8Argument() {
    Output.fail(diagnostic)
}
SymDiffCommand.main(ArgumentScan.preparedArguments(Array(CommandLine.arguments.dropFirst())))
