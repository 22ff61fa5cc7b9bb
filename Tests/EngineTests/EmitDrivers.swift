import Foundation
import SymDiff

/// Small main programs that call emitted functions at given points and print every output, one
/// line per point, each case after a `== name` line; one build and one run per language.
enum EmitDrivers {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Builds and runs `cases` in `language`; the printed lines of each case by name.
    static func run(_ language: CodeLanguage, _ cases: [EmitCase], in dir: URL, flags: [String] = ["-O1"]) throws -> [String: String] {
        for c in cases {
            let code = try Emitter(language: language).emit(c.unit)
            let file = language == .javascript ? "\(c.name).mjs" : "\(c.name).\(language.fileExtension)"
            try code.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let result: EmitToolchain.Run
        switch language {
        case .c:
            try cDriver(cases).write(to: dir.appendingPathComponent("driver.c"), atomically: true, encoding: .utf8)
            let sources = cases.map { "\($0.name).c" } + ["driver.c"]
            let build = try EmitToolchain.run(EmitToolchain.cCompiler!, ["-std=c99", "-Wall", "-Werror"] + flags + sources + ["-o", "driver", "-lm"], in: dir)
            guard build.status == 0 else { throw Failure(description: "C build failed:\n\(build.stderr)") }
            result = try EmitToolchain.run(dir.appendingPathComponent("driver").path, [], in: dir)
        case .swift:
            try swiftDriver(cases).write(to: dir.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
            let sources = cases.map { "\($0.name).swift" } + ["main.swift"]
            let build = try EmitToolchain.run("swiftc", sources + ["-o", "driver"], in: dir)
            guard build.status == 0 else { throw Failure(description: "Swift build failed:\n\(build.stderr)") }
            result = try EmitToolchain.run(dir.appendingPathComponent("driver").path, [], in: dir)
        case .python, .numpy:
            try pythonDriver(cases, vectorized: language == .numpy).write(to: dir.appendingPathComponent("driver.py"), atomically: true, encoding: .utf8)
            result = try EmitToolchain.run("python3", ["driver.py"], in: dir)
        case .javascript:
            try javascriptDriver(cases).write(to: dir.appendingPathComponent("driver.mjs"), atomically: true, encoding: .utf8)
            result = try EmitToolchain.run("node", ["driver.mjs"], in: dir)
        default:
            throw Failure(description: "no test driver runs \(language.rawValue) (add one to EmitDrivers)")
        }
        guard result.status == 0 else { throw Failure(description: "\(language.rawValue) run failed:\n\(result.stderr)") }
        var sections: [String: String] = [:]
        var current: String?
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("== ") { current = String(line.dropFirst(3)); sections[current!] = ""; continue }
            if let current, !line.isEmpty { sections[current]! += line + "\n" }
        }
        return sections
    }

    private static func list(_ values: [Double]) -> String { values.map { "\($0)" }.joined(separator: ", ") }

    private static func cDriver(_ cases: [EmitCase]) -> String {
        var out = "#include <stdio.h>\n\n"
        for c in cases {
            let params = ["const double *"] + c.unit.blocks.filter { $0.kind != .value }.map { _ in "double *" }
            let returns = c.unit.blocks.first?.kind == .value ? "double" : "void"
            out += "\(returns) \(c.name)(\(params.joined(separator: ", ")));\n"
        }
        out += "\nint main(void)\n{\n"
        for c in cases {
            let n = c.unit.variables.count
            out += "    {\n        static const double points[] = {\(list(c.points))};\n"
            out += "        printf(\"== \(c.name)\\n\");\n"
            out += "        for (int p = 0; p < \(c.rows.count); p++) {\n"
            let arrays = c.unit.blocks.enumerated().filter { $0.element.kind != .value }
            for (i, block) in arrays { out += "            double b\(i)[\(block.entries.count)];\n" }
            let call = "\(c.name)(points + p*\(n)\(arrays.map { ", b\($0.offset)" }.joined()))"
            if c.unit.blocks.first?.kind == .value {
                out += "            printf(\"%.17g\", \(call));\n"
            } else {
                out += "            \(call);\n"
            }
            for (i, block) in arrays {
                out += "            for (int k = 0; k < \(block.entries.count); k++) printf(\" %.17g\", b\(i)[k]);\n"
            }
            out += "            printf(\"\\n\");\n        }\n    }\n"
        }
        return out + "    return 0;\n}\n"
    }

    private static func swiftDriver(_ cases: [EmitCase]) -> String {
        var out = ""
        for c in cases {
            out += "print(\"== \(c.name)\")\n"
            out += "for p: [Double] in [\(c.rows.map { "[\(list($0))]" }.joined(separator: ", "))] {\n"
            out += "    let r = \(c.name)(p)\n    var out: [Double] = []\n"
            let blocks = c.unit.blocks
            for block in blocks {
                let access = blocks.count == 1 ? "r" : "r.\(swiftName(block.kind))"
                switch block.kind {
                case .value: out += "    out.append(\(access))\n"
                case .hessian, .jacobian: out += "    out += \(access).flatMap { $0 }\n"
                default: out += "    out += \(access)\n"
                }
            }
            out += "    print(out.map { \"\\($0)\" }.joined(separator: \" \"))\n}\n"
        }
        return out
    }

    private static func swiftName(_ kind: CodeUnit.Block.Kind) -> String {
        switch kind {
        case .value: return "value"
        case .values: return "values"
        case .gradient: return "gradient"
        case .hessian: return "hessian"
        case .jacobian: return "jacobian"
        case .outputs: return "outputs"
        }
    }

    private static func pythonDriver(_ cases: [EmitCase], vectorized: Bool) -> String {
        var out = "import sys\nsys.path.insert(0, '.')\n"
        if vectorized { out += "import numpy as np\n" }
        out += """

            def flat(r):
                if isinstance(r, (list, tuple)):
                    return [y for x in r for y in flat(x)]
                return [float(r)]


            """
        for c in cases {
            out += "import \(c.name)\nprint('== \(c.name)')\n"
            out += "points = [\(c.rows.map { "[\(list($0))]" }.joined(separator: ", "))]\n"
            if vectorized {
                out += "r = \(c.name).\(c.name)(np.array(points).T)\n"
                out += "parts = r if isinstance(r, tuple) else (r,)\n"
                out += "for p in range(len(points)):\n"
                out += "    print(' '.join(repr(float(v)) for part in parts for v in np.asarray(part)[..., p].ravel()))\n"
            } else {
                out += "for p in points:\n    print(' '.join(repr(v) for v in flat(\(c.name).\(c.name)(p))))\n"
            }
        }
        return out
    }

    private static func javascriptDriver(_ cases: [EmitCase]) -> String {
        var out = ""
        for c in cases { out += "import { \(c.name) } from './\(c.name).mjs';\n" }
        out += "const flat = (r) => (typeof r === 'number' ? [r] : Object.values(r).flat(Infinity));\n"
        for c in cases {
            out += "console.log('== \(c.name)');\n"
            out += "for (const p of [\(c.rows.map { "[\(list($0))]" }.joined(separator: ", "))]) {\n"
            out += "  console.log(flat(\(c.name)(p)).map(String).join(' '));\n}\n"
        }
        return out
    }
}
