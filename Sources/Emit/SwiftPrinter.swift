/// Swift: a `func` over `[Double]` returning the value, or a named tuple of the value and the
/// derivatives (`[Double]` vectors, `[[Double]]` matrices). Foundation supplies the math.
struct SwiftPrinter {
    func print(_ unit: CodeUnit) throws(EmitError) -> String {
        let names = try FunctionNames(unit: unit, language: .swift, naming: .spelledOut)
        var pool = names.pool
        let plan = try ProgramPlan(unit: unit, variableNames: names.variables, pool: &pool)
        let syntax = Syntax(language: .swift)
        let n = unit.variables.count

        let header = Header.lines(for: unit, arguments: names.input, outputs: names.nestedArrayDescriptions(unit))
        var out = header.map { "// " + $0 + "\n" }.joined() + "import Foundation\n\n"
        for helper in Helpers.definitions(for: Set(plan.callees.map(syntax.name(of:))), language: .swift) {
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
