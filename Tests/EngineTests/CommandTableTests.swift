import Foundation
import Session
import SymDiff
import Testing

/// The command table's two front ends: every command that both have runs every example through
/// the command line (the built binary) and the statement language (a session), and both must
/// print the same text; help, completion and the command-line dispatch list every command.
@Suite struct CommandTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let command: String
        let index: Int
        var testDescription: String { "\(command) example \(index + 1)" }
    }

    /// Every example both front ends can run, of every command both front ends have.
    static let dualExamples: [Case] = CommandTable.available(in: .both).flatMap { c in
        c.examples.indices.filter { c.examples[$0].frontEnds.contains(.both) }.map { Case(command: c.name, index: $0) }
    }

    @Test(arguments: dualExamples)
    func bothFrontEndsPrintTheSameText(_ example: Case) throws {
        let command = try #require(CommandTable.named(example.command))
        let e = command.examples[example.index]
        // Plots are sized to the terminal: give the binary the size this process sees.
        let size = TerminalSize.current()
        let cli = try CLITests.symdiff(e.commandLineWords(for: command),
                                       environment: ["COLUMNS": "\(size.columns)", "LINES": "\(size.rows)", "NO_COLOR": "1"])
        var session = Session()
        let statement = e.statement(for: command)
        let outcome = session.execute(statement)
        #expect(cli.status == 0, "\(e.commandLine(for: command)): \(cli.stderr)")
        #expect(outcome.status == .ok, "\(statement): \(outcome.message)")
        #expect(cli.stdout == (outcome.output.isEmpty ? "" : outcome.output + "\n"),
                "\(e.commandLine(for: command)) and \(statement) differ")
        if let expected = e.output { #expect(outcome.output == expected, "\(statement)") }
    }

    @Test func everyCommandOfBothFrontEndsHasAnExampleBothRun() {
        for c in CommandTable.available(in: .both) {
            #expect(c.examples.contains { $0.frontEnds.contains(.both) }, "\(c.name) has no example for both front ends")
        }
    }

    @Test func onlyTheseCommandsLiveInOneFrontEnd() {
        let one = CommandTable.all.filter { $0.frontEnds != .both }.map(\.name)
        #expect(one.sorted() == ["assert_near", "run", "serve"])
    }

    @Test func namesAndAliasesAreUnique() {
        let names = CommandTable.all.flatMap { [$0.name] + $0.aliases }
        #expect(Set(names).count == names.count)
        for c in CommandTable.all {
            let parameters = c.parameters.map(\.name)
            #expect(Set(parameters).count == parameters.count, "\(c.name)")
            let options = c.parameters.compactMap(\.optionName)
            #expect(Set(options).count == options.count, "\(c.name)")
            let keywords = c.parameters.compactMap(\.keyword)
            #expect(Set(keywords).count == keywords.count, "\(c.name)")
        }
    }

    @Test func commandLineHelpListsEveryCommand() throws {
        let help = try CLITests.symdiff(["--help"])
        #expect(help.status == 0)
        for c in CommandTable.available(in: .commandLine) {
            #expect(help.stdout.contains("\n  \(c.name) "), "\(c.name) missing from symdiff --help")
            let page = try CLITests.symdiff(["help", c.name])
            #expect(page.status == 0 && page.stdout.replacingOccurrences(of: "\n", with: " ").hasPrefix("symdiff \(c.name): \(c.summary)"), "symdiff help \(c.name)")
            #expect(try CLITests.symdiff([c.name, "--help"]).stdout == page.stdout)
            for p in c.parameters(in: .commandLine) {
                #expect(page.stdout.contains(p.optionName ?? p.valueName), "\(c.name): \(p.name) missing from its help")
            }
        }
        let emit = try CLITests.symdiff(["help", "emit"]).stdout
        #expect(emit.contains("--lang c|swift|python|numpy|js|latex") && emit.contains("symdiff emit 'x^2*y + sin(y)' --vars x,y --lang c --grad"))
    }

    @Test func statementHelpAndCompletionListEveryCommand() {
        var session = Session()
        let help = session.execute(":help").output
        let names = Set(session.completionNames)
        for c in CommandTable.available(in: .statement) {
            #expect(help.contains("  \(c.name)("), "\(c.name) missing from :help")
            #expect(session.execute(":help \(c.name)").output.hasPrefix(StatementHelp.wrappedUsage(c).joined(separator: "\n")))
            #expect(names.contains(c.name), "\(c.name) missing from completion")
        }
    }

    @Test func diffIsAnAliasOfTheOneShotForm() throws {
        for arguments in [["x^2*sin(x)"], ["x^3*y^2", "--wrt", "x", "--wrt", "y"], ["sin(x", "--wrt", "x"], ["-x^2", "--order", "2"]] {
            let plain = try CLITests.symdiff(arguments)
            let named = try CLITests.symdiff(["diff"] + arguments)
            #expect(plain.stdout == named.stdout && plain.stderr == named.stderr && plain.status == named.status, "\(arguments)")
        }
    }

    @Test func decimalsTheUserTypedStayDecimalsInBothFrontEnds() throws {
        let cli = try CLITests.symdiff(["0.3*x^2/(x+0.1)"])
        var session = Session()
        #expect(cli.stdout == "x*(0.3*x + 0.06)/(x + 0.1)^2\n")
        #expect(session.execute("diff(0.3*x^2/(x+0.1), x)").output == "x*(0.3*x + 0.06)/(x + 0.1)^2")
        _ = session.execute("f = 0.5*x^2")
        #expect(session.execute("diff(f, x)").output == "x")
        #expect(session.execute("grad(0.5*x^2*y)").output == "d/dx: x*y\nd/dy: 0.5*x^2")
    }

    @Test func misspelledOptionsAndMissingValuesAreUsageErrors() throws {
        let misspelled = try CLITests.symdiff(["x^2", "--ordr", "2"])
        #expect(misspelled.status == 64 && misspelled.stderr.hasPrefix("error: unknown option '--ordr'; did you mean '--order'?"))
        let missing = try CLITests.symdiff(["eval", "x^2"])
        #expect(missing.status == 64 && missing.stderr.hasPrefix("error: missing --at"))
        let twice = try CLITests.symdiff(["x^2", "--order", "2", "--order", "3"])
        #expect(twice.status == 64 && twice.stderr.hasPrefix("error: --order is given twice"))
    }

    /// A statement calls a command and a function the same way (`equal(a, b)`), so no function
    /// of the table may have a command's name.
    @Test func noFunctionHasACommandsName() {
        for command in CommandTable.all {
            for name in [command.name] + command.aliases {
                #expect(FunctionTable.lookup(name) == nil, "\(name) is both a command and a function")
            }
        }
    }
}
