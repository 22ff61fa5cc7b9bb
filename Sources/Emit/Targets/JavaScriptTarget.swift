import Expr

extension CodeLanguage {
    /// JavaScript, an ES module.
    public static let javascript = CodeLanguage(JavaScriptTarget())
}

/// JavaScript, an ES module: `export function f(x)` over an array of numbers, returning the
/// value, or an object of the value and the derivatives (arrays; matrices as arrays of rows).
struct JavaScriptTarget: ProgramTarget {
    let name = "js"
    let aliases = ["javascript"]
    let fileExtension = "mjs"
    let keywords: Set<String> = [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements", "import",
        "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public",
        "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
        "with", "yield", "arguments", "eval", "Math", "Array", "Infinity", "NaN", "undefined", "Number",
    ]
    let notANumber = "NaN"
    let infinity = "Infinity"
    let powerCall = "Math.pow"

    func libraryCall(_ name: String) -> String { "Math." + name }

    /// Numbers are doubles, so `Math.pow(x, 5)` needs no decimal point.
    func integerExponent(_ k: Int) -> String { "\(k)" }

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        let names = try FunctionNames(unit: unit, target: self, naming: .spelledOut)
        var pool = names.pool
        let plan = try ProgramPlan(unit: unit, variableNames: names.variables, pool: &pool)
        let syntax = Syntax(target: self)

        let header = Header.lines(for: unit, arguments: names.input, outputs: names.nestedArrayDescriptions(unit))
        var out = header.map { "// " + $0 + "\n" }.joined() + "\n"
        for (_, helper) in try helperDefinitions(for: plan.functions) {
            out += helper + "\n\n"
        }

        out += "export function \(unit.name)(\(names.input)) {\n"
        for (name, index) in plan.inputs { out += "  const \(name) = \(names.input)[\(index)];\n" }
        for t in plan.temporaries { out += "  const \(t.name) = \(syntax.render(t.value));\n" }
        var k = 0
        for (block, name) in zip(unit.blocks, names.outputs) {
            let values = plan.outputs[k..<(k + block.entries.count)]
            k += block.entries.count
            if block.kind == .value {
                out += "  const \(name) = \(syntax.render(values.first!));\n"
                continue
            }
            out += block.isMatrix
                ? "  const \(name) = Array.from({ length: \(block.rows) }, () => new Array(\(block.columns)).fill(0));\n"
                : "  const \(name) = new Array(\(block.rows)).fill(0);\n"
            for (i, value) in values.enumerated() where value != .literal(0) {
                let index = block.isMatrix ? "[\(i / block.columns)][\(i % block.columns)]" : "[\(i)]"
                out += "  \(name)\(index) = \(syntax.render(value));\n"
            }
        }
        out += "  return " + (names.outputs.count == 1 ? names.outputs[0] : "{ " + names.outputs.joined(separator: ", ") + " }") + ";\n"
        out += "}\n"
        return out
    }
}
