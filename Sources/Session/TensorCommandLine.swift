import SymDiff
import Tensor

/// The command line's vectors and matrices: `--vector w,y --matrix X(n,d) --symmetric A
/// --dims n=5,d=3 --data X=train.csv`. A call with any of these options reads its expressions
/// in the tensor language, its values as arrays (`--at w=[1, 2],X=[1, 2; 3, 4]`), and runs the
/// command's tensor implementation. The command-line front end hands the option texts here.
public enum TensorCommandLine {
    /// Why the command line cannot be read: the whole message as the front end prints it.
    public enum Failure: Error {
        /// Bad input (exit status 1): the message, with a caret where there is a position.
        case input(String)
        /// Options that do not fit together (exit status 64).
        case usage(String)
    }

    /// The parameters whose options switch a call to vectors and matrices.
    static let switches = [TensorParameters.vectors.spec, TensorParameters.matrices.spec, TensorParameters.symmetric.spec,
                           TensorParameters.dims.spec, TensorParameters.data.spec]

    /// The declarations, sizes and data files of a command line whose options are `options`
    /// (texts by parameter name), or nil when it gives none of them (a scalar call).
    public static func input(_ command: CommandSpec, options: NameTable<[String]>) throws(Failure) -> TensorInput? {
        guard switches.contains(where: { options[$0.name] != nil }) else { return nil }
        let offered = Set(command.parameters(in: .commandLine).map(\.name))
        guard switches.allSatisfy({ options[$0.name] == nil || offered.contains($0.name) }) else {
            throw .input("error: \(command.name) works on scalar expressions only, not on vectors and matrices")
        }
        var declarations = TensorDeclarations()
        var declaredBy: [String: String] = [:]
        for spec in [TensorParameters.vectors.spec, TensorParameters.matrices.spec, TensorParameters.symmetric.spec] {
            guard case let .shapes(shape) = spec.kind, let texts = options[spec.name] else { continue }
            let option = spec.optionName!
            for text in texts {
                for part in topLevelParts(text) {
                    let entry = part.filter { $0 != " " }
                    let name = String(entry.prefix { $0 != "(" })
                    if let earlier = declaredBy[name] {
                        throw .input("error: \(option): \(name) is already declared by \(earlier)")
                    }
                    let declaration = "\(name): \(shape)\(entry.dropFirst(name.count))"
                    do throws(Diagnostic) { try declarations.declare(declaration) } catch {
                        throw .input("error: \(option) \(entry): \(error.message)")
                    }
                    declaredBy[name] = option
                }
            }
        }
        var input = TensorInput(declarations: declarations)
        if let texts = options[TensorParameters.dims.spec.name] {
            for (name, value) in try pairs(texts.joined(separator: ","), TensorParameters.dims.spec) {
                guard let n = Int(value), n >= 1, n <= 1_000_000 else {
                    throw .input("error: --dims: the size \(name) must be a whole number from 1 to 1000000, got '\(value)'")
                }
                input.sizes[name] = n
            }
        }
        if let texts = options[TensorParameters.data.spec.name] {
            for (name, path) in try pairs(texts.joined(separator: ","), TensorParameters.data.spec) {
                do throws(DataFileError) {
                    input.data[name] = try DataTable.read(path, key: name).value(for: name, declared: declarations[name])
                } catch {
                    throw .input("error: --data: \(error)")
                }
                input.dataSources[name] = path
            }
        }
        return input
    }

    /// Whether `p` must be given for vectors and matrices: values (`--at`) need not be, since
    /// data files or random instances (`check`) may give them.
    public static func isRequired(_ p: ParameterSpec) -> Bool {
        if case .point = p.kind { return false }
        return p.isRequired
    }

    /// Reads an option of `p` that the tensor language reads differently (expressions, values,
    /// variables); false for the others, which the front end reads as for scalars.
    public static func read(_ given: [String], for p: ParameterSpec, into out: inout CommandArguments) throws(Failure) -> Bool {
        let option = p.optionName ?? p.valueName
        switch p.kind {
        case .expression, .relation, .subject, .expressions:
            try add(given.map { Array($0.utf8) }, for: p, to: &out, location: nil)
        case .point:
            var values: [TensorInput.NamedValue] = []
            for (name, text) in try pairs(given.last!, p) {
                values.append(TensorInput.NamedValue(name: name, value: try array(text, option: option, name: name)))
            }
            out.tensor!.points[p.name] = values
        case .variables:
            out.set(try variables(given.last!, option: option), for: p)
        case .countedVariables:
            var list: [CountedVariable] = []
            for text in given { list += try variables(text, option: option).map { CountedVariable(variable: $0, count: nil) } }
            out.set(list, for: p)
        case .shapes, .sizes, .dataFiles:
            break
        default:
            return false
        }
        return true
    }

    /// `out` with the expressions of `sources` (arguments, or lines of a file named by
    /// `location`) read in the tensor language for `p`.
    public static func add(_ sources: [[UInt8]], for p: ParameterSpec, to out: inout CommandArguments, location: String?) throws(Failure) {
        guard sources.count == 1 else {
            throw .usage("give one expression of vectors and matrices")
        }
        let parser = TensorParser(shapes: out.tensor!.declarations)
        do throws(Diagnostic) {
            out.tensor!.expressions[p.name] = .expression(try parser.parse(bytes: sources[0]))
        } catch {
            throw .input(error.rendered(source: sources[0], location: location))
        }
    }

    /// An array written as a literal or a constant expression: `[1, 2; 3, 4]`, `-0.5`, `pi/4`.
    private static func array(_ text: String, option: String, name: String) throws(Failure) -> TensorValue {
        let bytes = Array(text.utf8)
        let e: TensorExpression
        do throws(Diagnostic) { e = try TensorParser().parse(bytes: bytes) } catch {
            throw .input("error: \(option) \(name): " + error.rendered(source: bytes))
        }
        guard e.tensor.variables.isEmpty, let value = try? TensorEvaluator(values: [:]).evaluate([e.tensor])[0],
              value.entries.allSatisfy(\.isFinite) else {
            throw .input("error: \(option): the value of \(name), '\(text)', is not a number or an array of numbers such as [1, 2; 3, 4]")
        }
        return value
    }

    /// Variable names, comma-separated; an entry of an array is written `w[2]` or `A[1, 2]`.
    private static func variables(_ text: String, option: String) throws(Failure) -> [Expr] {
        var out: [Expr] = []
        for part in topLevelParts(text) {
            let name = part.filter { $0 != " " }
            let base = name.prefix { $0 != "[" }
            guard let first = base.first, first.isLetter, base.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                  base.count == name.count || name.last == "]" else {
                throw .input("error: \(option): '\(name)' is not a variable name or an entry such as w[2]")
            }
            if out.contains(.symbol(name)) { throw .input("error: \(option): \(name) is given twice") }
            out.append(.symbol(name))
        }
        if out.isEmpty { throw .input("error: \(option): expected variable names separated by commas, e.g. w,b") }
        return out
    }

    /// `a=1,X=[1, 2; 3, 4]` as pairs; commas inside brackets and parentheses belong to the value.
    private static func pairs(_ text: String, _ p: ParameterSpec) throws(Failure) -> [(String, String)] {
        var out: [(String, String)] = []
        for part in topLevelParts(text) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            let key = pieces.first.map { String($0.filter { $0 != " " }) } ?? ""
            guard pieces.count == 2, !key.isEmpty else {
                throw .input("error: \(p.optionName ?? p.valueName): '\(part)' is not of the form name=\(p.valueName.split(separator: "=").last ?? "value")")
            }
            out.append((key, String(pieces[1]).trimmedSpaces))
        }
        return out
    }

    /// `text` split at the commas outside brackets and parentheses.
    private static func topLevelParts(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for i in text.indices {
            switch text[i] {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<i])
                start = text.index(after: i)
            default: break
            }
        }
        parts.append(text[start...])
        return parts.filter { !$0.allSatisfy { $0 == " " } }
    }
}
