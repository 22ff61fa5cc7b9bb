import Expr

extension CodeLanguage {
    /// C99 with `<math.h>`.
    public static let c = CodeLanguage(CTarget())
}

/// C99 with `<math.h>`: `const double *x` in, caller-owned output arrays (matrices row-major),
/// no allocation. The value is the return value when it is the only function.
struct CTarget: ProgramTarget {
    let name = "c"
    let fileExtension = "c"
    let keywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
        "_Complex", "_Imaginary", "bool", "NAN", "INFINITY", "main",
    ]
    let seesLibraryNames = true
    let notANumber = "NAN"
    let infinity = "INFINITY"
    let powerCall = "pow"

    func libraryCall(_ name: String) -> String { name }

    /// C has no variadic functions of doubles that know their count: a variadic function of the
    /// table takes the count and an array (`logsumexp(2, (const double[]){a, b})`).
    func call(_ f: FunctionID, _ arguments: [String]) -> String {
        let callee = code(for: f)!.callee
        guard f.spec.arity.isVariadic else { return callee + "(" + arguments.joined(separator: ", ") + ")" }
        return "\(callee)(\(arguments.count), (const double[]){" + arguments.joined(separator: ", ") + "})"
    }

    /// From this many zero entries in a block on, the block is cleared by a loop first.
    static let zeroLoopThreshold = 8

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        let names = try FunctionNames(unit: unit, target: self, naming: .short)
        var pool = names.pool
        let plan = try ProgramPlan(unit: unit, variableNames: names.variables, pool: &pool)
        let syntax = Syntax(target: self)
        let n = unit.variables.count

        var outputLines: [String] = []
        for (block, name) in zip(unit.blocks, names.outputs) {
            switch block.kind {
            case .value: outputLines.append("Returns the value.")
            case .values: outputLines.append("\(name)[i] = function i + 1, for i < \(block.rows).")
            case .gradient: outputLines.append("\(name)[i] = the derivative with respect to argument i (\(n) entries).")
            case .hessian: outputLines.append("\(name)[i*\(n) + j] = the second derivative with respect to arguments i and j (row-major).")
            case .jacobian: outputLines.append("\(name)[i*\(n) + j] = the derivative of function i + 1 with respect to argument j (row-major).")
            case .outputs: outputLines.append("\(name)[i] = output i, for i < \(block.rows).")
            }
        }
        let header = Header.lines(for: unit, arguments: names.input, outputs: outputLines)
        var out = "/*\n" + header.map { " * " + $0.replacingOccurrences("*/", "* /") + "\n" }.joined() + " */\n"
        out += "#include <math.h>\n\n"
        // Each helper under an include guard, so that several emitted files compile as one
        // translation unit (concatenated, or included side by side) without redefinitions.
        for (name, helper) in try helperDefinitions(for: plan.functions) {
            let guardName = "SYMDIFF_HELPER_" + name.uppercased()
            out += "#ifndef \(guardName)\n#define \(guardName)\n" + helper + "\n#endif\n\n"
        }

        let returnsValue = unit.blocks.first?.kind == .value
        let parameters = ["const double *\(names.input)"] + zip(unit.blocks, names.outputs).compactMap { block, name in
            block.kind == .value ? nil : "double *\(name)"
        }
        out += "\(returnsValue ? "double" : "void") \(unit.name)(\(parameters.joined(separator: ", ")))\n{\n"
        if unit.blocks.count == 1, unit.blocks[0].kind == .outputs {
            return out + registerOrderedBody(plan, syntax: syntax, input: names.input, output: names.outputs[0]) + "}\n"
        }
        for (name, index) in plan.inputs { out += "    const double \(name) = \(names.input)[\(index)];\n" }
        for t in plan.temporaries { out += "    const double \(t.name) = \(syntax.render(t.value));\n" }
        var k = 0
        var returned: String?
        for (block, name) in zip(unit.blocks, names.outputs) {
            let values = plan.outputs[k..<(k + block.entries.count)]
            k += block.entries.count
            if block.kind == .value {
                returned = syntax.render(values.first!)
                continue
            }
            // Many zeros (a sparse Hessian) are cleared in one loop: thousands of separate stores
            // also make gcc slow.
            let zeros = values.filter { $0 == .literal(0) }.count
            let clearFirst = zeros >= CTarget.zeroLoopThreshold
            if clearFirst {
                out += "    for (int i = 0; i < \(values.count); i++) \(name)[i] = 0.0;\n"
            }
            for (i, value) in values.enumerated() where !(clearFirst && value == .literal(0)) {
                out += "    \(name)[\(i)] = \(syntax.render(value));\n"
            }
        }
        if let returned { out += "    return \(returned);\n" }
        out += "}\n"
        return out
    }

    /// The body of a flat unit (what native evaluation compiles), in the order that keeps few
    /// values alive (see `registerOrder`): this code is for the compiler more than for people.
    private func registerOrderedBody(_ plan: ProgramPlan, syntax: Syntax<CTarget>, input: String, output: String) -> String {
        var out = ""
        let isZero = plan.outputs.map { $0 == .literal(0) }
        let clearFirst = isZero.filter { $0 }.count >= CTarget.zeroLoopThreshold
        if clearFirst { out += "    for (int i = 0; i < \(plan.outputs.count); i++) \(output)[i] = 0.0;\n" }
        for statement in plan.registerOrder(skip: { clearFirst && isZero[$0] }) {
            switch statement {
            case let .load(name, index): out += "    const double \(name) = \(input)[\(index)];\n"
            case let .assign(a): out += "    const double \(a.name) = \(syntax.render(a.value));\n"
            case let .output(index, value): out += "    \(output)[\(index)] = \(syntax.render(value));\n"
            }
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
