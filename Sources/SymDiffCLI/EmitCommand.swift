import ArgumentParser
import SymDiff

/// `symdiff emit`: code computing a function and its derivatives in C, Swift, Python, NumPy,
/// JavaScript or LaTeX, on stdout or written atomically to a file.
struct EmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract: "Emit code for the value and derivatives: C, Swift, Python, NumPy, JavaScript or LaTeX.",
        usage: """
            symdiff emit EXPR --lang c|swift|python|numpy|js|latex [--vars x,y] [--grad] [--hessian]
                         [--jacobian F2]... [--name f] [--output FILE] [--no-simplify]
            """,
        discussion: """
            symdiff emit 'x^2*y + sin(y)' --vars x,y --lang c --grad
            symdiff emit 'sigmoid(w*x + b)' --vars w,b --lang numpy --grad --hessian
            symdiff emit 'x*y' --jacobian 'x + y^2' --vars x,y --lang latex

            The emitted function computes the value and every requested derivative in one pass. \
            --jacobian adds a function: the code then computes the values and the Jacobian of EXPR \
            and every --jacobian function (one row each).
            """)

    @Argument(help: "The expression (or use --file).") var expression: String?
    @Option(help: ArgumentHelp("Target: c, swift, python, numpy, js (javascript) or latex.", valueName: "lang")) var lang: String
    @Option(help: ArgumentHelp("Variables, comma-separated: the argument order (default: every variable, sorted).", valueName: "x,y"))
    var vars: String?
    @Option(help: ArgumentHelp("Read the expression from a file ('-' for stdin).", valueName: "path")) var file: String?
    @Flag(help: "Also compute the gradient.") var grad = false
    @Flag(help: "Also compute the Hessian.") var hessian = false
    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Another function for a Jacobian of all of them (repeatable).", valueName: "F2"))
    var jacobian: [String] = []
    @Option(help: ArgumentHelp("The name of the emitted function.", valueName: "f")) var name: String = "f"
    @Option(help: ArgumentHelp("Write the code to this file (atomically) instead of stdout.", valueName: "path")) var output: String?
    @Flag(name: .customLong("no-simplify"), help: "Emit the derivatives as reverse accumulation gives them, unsimplified.")
    var noSimplify = false

    func validate() throws {
        guard CodeLanguage(name: lang) != nil else {
            throw ValidationError("unknown language '\(lang)'; use c, swift, python, numpy, js or latex")
        }
    }

    func run() throws {
        let options: MultivariateOptions
        do { options = try MultivariateOptions.parse(vars.map { ["--vars=" + $0] } ?? []) } catch {
            Output.fail("error: --vars: expected names separated by commas", status: .usage)
        }
        let main = file.map { MultivariateOptions.read($0) } ?? expression.map { [Array($0.utf8)] } ?? []
        guard main.count == 1 else { Output.fail("error: give one expression (as an argument or with --file)", status: .usage) }
        let (functions, decimals) = options.parse(main + jacobian.map { Array($0.utf8) })
        let variables = options.variables(functions)
        let code: String
        do {
            code = try emitCode(for: functions[0], variables: variables, language: CodeLanguage(name: lang)!,
                                gradient: grad, hessian: hessian, jacobian: Array(functions.dropFirst()), name: name,
                                simplify: noSimplify ? nil : { Simplifier(decimals: decimals).simplify($0) })
        } catch {
            Output.fail("error: \(error)")
        }
        if let output {
            do { try AtomicFile.write(code, to: output) } catch { Output.fail("error: \(error)") }
        } else {
            Output.write(code)
        }
    }
}
