import Expr

extension CodeLanguage {
    /// Python with `math`, one point at a time.
    public static let python = CodeLanguage(PythonTarget())
}

/// Python with `math`: a function of one point (a sequence of numbers) returning numbers and
/// lists.
struct PythonTarget: ProgramTarget {
    let name = "python"
    let fileExtension = "py"
    let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "math", "np", "numpy",
        "float", "range", "len", "print", "list", "map",
    ]
    let notANumber = "math.nan"
    let infinity = "math.inf"
    let powerCall = "math.pow"
    let powerOperator: String? = "**"

    func libraryCall(_ name: String) -> String { "math." + name }

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        try PythonLayout(target: self, vectorized: false).file(for: unit)
    }
}

/// The layout of a Python file, with `math` for one point (lists out), or with NumPy vectorized
/// over arrays of points: `x` has shape (n, ...) and every output gets the trailing shape, so
/// `f(points.T)` evaluates many points at once.
struct PythonLayout<Target: ProgramTarget> {
    let target: Target
    let vectorized: Bool

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        let names = try FunctionNames(unit: unit, target: target, locals: vectorized ? ["shape"] : [], naming: .short)
        var pool = names.pool
        let plan = try ProgramPlan(unit: unit, variableNames: names.variables, pool: &pool)
        let syntax = Syntax(target: target)
        let n = unit.variables.count
        let trailing = vectorized ? " (each with the points' shape)" : ""

        var outputLines: [String] = []
        for (block, name) in zip(unit.blocks, names.outputs) {
            let (i, j) = vectorized ? ("[i]", "[i, j]") : ("[i]", "[i][j]")
            switch block.kind {
            case .value: outputLines.append("\(name): the value\(trailing).")
            case .values: outputLines.append("\(name)\(i): function i + 1\(trailing).")
            case .gradient: outputLines.append("\(name)\(i): the derivative with respect to argument i\(trailing).")
            case .hessian: outputLines.append("\(name)\(j): the second derivative with respect to arguments i and j\(trailing).")
            case .jacobian: outputLines.append("\(name)\(j): the derivative of function i + 1 with respect to argument j\(trailing).")
            case .outputs: outputLines.append("\(name)\(i): output i\(trailing).")
            }
        }
        if vectorized {
            outputLines.insert("\(names.input) has shape (\(n), ...): one row per argument, one column per point (pass points.T).", at: 0)
        }
        let header = Header.lines(for: unit, arguments: names.input, outputs: outputLines)
        var out = header.map { "# " + $0 + "\n" }.joined() + "import math\n"
        if vectorized { out += "\nimport numpy as np\n" }
        out += "\n"
        for (_, helper) in try target.helperDefinitions(for: plan.functions) {
            out += "\n" + helper + "\n\n"
        }

        out += "\ndef \(unit.name)(\(names.input)):\n"
        out += "    \"\"\"Returns \(names.outputs.count == 1 ? names.outputs[0] : "(" + names.outputs.joined(separator: ", ") + ")").\"\"\"\n"
        if vectorized {
            out += "    \(names.input) = np.asarray(\(names.input), dtype=float)\n"
            out += "    shape = \(names.input).shape[1:]\n"
        }
        for (name, index) in plan.inputs { out += "    \(name) = \(names.input)[\(index)]\n" }
        for t in plan.temporaries { out += "    \(t.name) = \(syntax.render(t.value))\n" }
        var k = 0
        for (block, name) in zip(unit.blocks, names.outputs) {
            let values = plan.outputs[k..<(k + block.entries.count)]
            k += block.entries.count
            if block.kind == .value {
                if vectorized {
                    // Assigning into an array of the points' shape also spreads a constant.
                    out += "    \(name) = np.empty(shape)\n    \(name)[...] = \(syntax.render(values.first!))\n"
                } else {
                    out += "    \(name) = \(syntax.render(values.first!))\n"
                }
                continue
            }
            if vectorized {
                let dims = block.isMatrix ? "(\(block.rows), \(block.columns))" : "(\(block.rows),)"
                out += "    \(name) = np.zeros(\(dims) + shape)\n"
            } else {
                out += block.isMatrix
                    ? "    \(name) = [[0.0] * \(block.columns) for _ in range(\(block.rows))]\n"
                    : "    \(name) = [0.0] * \(block.rows)\n"
            }
            for (i, value) in values.enumerated() where value != .literal(0) {
                let index = !block.isMatrix ? "[\(i)]"
                    : vectorized ? "[\(i / block.columns), \(i % block.columns)]" : "[\(i / block.columns)][\(i % block.columns)]"
                out += "    \(name)\(index) = \(syntax.render(value))\n"
            }
        }
        out += "    return \(names.outputs.joined(separator: ", "))\n"
        return out
    }
}
