import Glibc
import SymDiff

/// Argument handling that must happen before ArgumentParser sees the arguments.
enum ArgumentScan {
    /// Options that take a value: the word after them is never an expression.
    static let valueOptions: Set<String> = ["--wrt", "--order", "--format", "--file", "--max-nodes", "--max-order", "--timeout", "--steps-depth", "--vars", "--at", "--from", "--method", "--lr", "--max-iterations", "--tol", "--trace", "--tolerance", "--dependent", "--lang", "--jacobian", "--name", "--output", "--range", "--derivatives", "--tangent-at", "--plot", "--compare", "--jobs"]
    /// Every option and flag name the commands know.
    static let knownNames: Set<String> = valueOptions.union(["--help", "-h", "--version", "--no-simplify", "--expand", "--steps", "--stats", "--grad", "--hessian", "--ieee", "--native", "--terminal", "--keep-going"])

    /// An expression may begin with `-` (`symdiff '-x^2' --wrt x`). Such arguments are moved behind
    /// a `--` so ArgumentParser takes them as positional, not as unknown options.
    static func preparedArguments(_ args: [String]) -> [String] {
        var options: [String] = []
        var expressions: [String] = []
        var i = 0
        var sawTerminator = false
        while i < args.count {
            let a = args[i]
            if sawTerminator { expressions.append(a); i += 1; continue }
            if a == "--" { sawTerminator = true; i += 1; continue }
            let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
            if a.hasPrefix("-") && !knownNames.contains(name) && a.count > 1 {
                expressions.append(a)
            } else {
                options.append(a)
                if valueOptions.contains(a), i + 1 < args.count {
                    options.append(args[i + 1])
                    i += 1
                }
            }
            i += 1
        }
        return expressions.isEmpty ? options : options + ["--"] + expressions
    }

    /// The diagnostic for the first argument that is not valid UTF-8, with its byte offset.
    static func invalidUTF8Argument() -> String? {
        for i in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[i] else { continue }
            let count = strlen(raw)
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: count))
            if String(validating: bytes, as: UTF8.self) == nil {
                do {
                    _ = try Parser().parse(bytes: bytes)
                } catch {
                    return error.rendered(source: bytes)
                }
                return "error: argument \(i) is not valid UTF-8"
            }
        }
        return nil
    }
}
