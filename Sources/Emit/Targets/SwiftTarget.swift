import Expr

extension CodeLanguage {
    /// Swift with Foundation.
    public static let swift = CodeLanguage(SwiftTarget())
}

/// Swift: a `func` over `[Double]` returning the value, or a named tuple of the value and the
/// derivatives (`[Double]` vectors, `[[Double]]` matrices). Foundation supplies the math.
struct SwiftTarget: ProgramTarget {
    let name = "swift"
    let fileExtension = "swift"
    let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any",
        "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try", "Double",
        "Foundation", "precondition", "some", "any", "await", "async",
    ]
    let seesLibraryNames = true
    let notANumber = "Double.nan"
    let infinity = "Double.infinity"
    let powerCall = "pow"

    func libraryCall(_ name: String) -> String { name }

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        let names = try FunctionNames(unit: unit, target: self, naming: .spelledOut)
        var pool = names.pool
        let plan = try ProgramPlan(unit: unit, variableNames: names.variables, pool: &pool)
        let syntax = Syntax(target: self)
        let n = unit.variables.count

        let header = Header.lines(for: unit, arguments: names.input, outputs: names.nestedArrayDescriptions(unit))
        var out = header.map { "// " + $0 + "\n" }.joined() + "import Foundation\n\n"
        for (_, helper) in try helperDefinitions(for: plan.functions) {
            out += helper + "\n\n"
        }

        let types = unit.blocks.map { $0.isMatrix ? "[[Double]]" : $0.kind == .value ? "Double" : "[Double]" }
        let returnType = unit.blocks.count == 1 ? types[0]
            : "(" + zip(names.outputs, types).map { "\($0): \($1)" }.joined(separator: ", ") + ")"
        out += "func \(unit.name)(_ \(names.input): [Double]) -> \(returnType) {\n"
        out += "    precondition(\(names.input).count == \(n), \"\(unit.name) takes \(n) values\")\n"
        for (name, index) in plan.inputs { out += "    let \(name) = \(names.input)[\(index)]\n" }
        for t in plan.temporaries { out += "    let \(t.name) = \(syntax.render(t.value))\n" }
        var k = 0
        for (block, name) in zip(unit.blocks, names.outputs) {
            let values = plan.outputs[k..<(k + block.entries.count)]
            k += block.entries.count
            if block.kind == .value {
                out += "    let \(name) = \(syntax.render(values.first!))\n"
                continue
            }
            // Arrays start at zero; only the other entries are assigned.
            let assigned = values.enumerated().filter { $0.element != .literal(0) }
            let zeros = block.isMatrix
                ? "[[Double]](repeating: [Double](repeating: 0, count: \(block.columns)), count: \(block.rows))"
                : "[Double](repeating: 0, count: \(block.rows))"
            out += "    \(assigned.isEmpty ? "let" : "var") \(name) = \(zeros)\n"
            for (i, value) in assigned {
                let index = block.isMatrix ? "[\(i / block.columns)][\(i % block.columns)]" : "[\(i)]"
                out += "    \(name)\(index) = \(syntax.render(value))\n"
            }
        }
        out += "    return " + (names.outputs.count == 1 ? names.outputs[0] : "(" + names.outputs.joined(separator: ", ") + ")") + "\n"
        out += "}\n"
        return out
    }
}
