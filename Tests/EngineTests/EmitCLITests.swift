import Foundation
import SymDiff
import Testing

/// `symdiff emit` and `--native`, through the built binary.
@Suite struct EmitCLITests {
    /// The binary with `environment` added to this process's.
    static func symdiff(_ arguments: [String], environment: [String: String] = [:]) throws -> EmitToolchain.Run {
        let binary = try #require(CLITests.binary, "symdiff binary not found")
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try EmitToolchain.run(binary.path, arguments, environment: env)
    }

    @Test func emitsCWithGradient() throws {
        let r = try Self.symdiff(["emit", "x^2*y + sin(y)", "--vars", "x,y", "--lang", "c", "--grad"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.contains("double f(const double *point, double *grad)\n{\n    const double x = point[0];\n    const double y = point[1];\n    const double t1 = x*x;\n    grad[0] = 2.0*x*y;\n    grad[1] = t1 + cos(y);\n    return t1*y + sin(y);\n}\n"))
    }

    /// Two emitted C files that need the same helpers compile as one translation unit (a
    /// program concatenating its kernels): each helper stands under an include guard.
    @Test func cFilesSharingHelpersCompileTogether() throws {
        guard let cc = EmitToolchain.cCompiler else { Issue.record("skipped: no C compiler"); return }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var source = ""
        for name in ["f", "g"] {
            let r = try Self.symdiff(["emit", "(x - m)^2/s^3 + sigmoid(s)", "--vars", "x,m,s", "--lang", "c", "--grad", "--name", name])
            #expect(r.status == 0, "\(r.stderr)")
            source += r.stdout
        }
        #expect(source.contains("#ifndef SYMDIFF_HELPER_SIGMOID"))
        try source.write(to: dir.appendingPathComponent("both.c"), atomically: true, encoding: .utf8)
        let build = try EmitToolchain.run(cc, ["-std=c99", "-Wall", "-Werror", "-c", "both.c", "-o", "both.o"], in: dir)
        #expect(build.status == 0, "\(build.stderr)")
    }

    @Test func jacobianAndLeadingMinus() throws {
        let r = try Self.symdiff(["emit", "x*y", "--jacobian", "-x + y^2", "--vars", "x,y", "--lang", "js", "--name", "g"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("export function g(point) {"))
        #expect(r.stdout.contains("  jacobian[1][0] = -1.0;\n  jacobian[1][1] = 2.0*y;\n"))
    }

    @Test func badInputIsAClearErrorWithNonZeroStatus() throws {
        let language = try Self.symdiff(["emit", "x*y", "--lang", "fortran"])
        #expect(language.status == 64)
        #expect(language.stderr.contains("--lang: unknown value 'fortran'; use c, swift"))
        let unbound = try Self.symdiff(["emit", "x*y", "--vars", "x", "--lang", "c"])
        #expect(unbound.status == 1)
        #expect(unbound.stderr == "error: the variable 'y' is not in the variable list\n")
        let parse = try Self.symdiff(["emit", "sin(x", "--lang", "python"])
        #expect(parse.status == 1)
        #expect(parse.stderr.contains("^"))
        let name = try Self.symdiff(["emit", "x", "--lang", "c", "--name", "for"])
        #expect(name.status == 1)
        #expect(name.stderr.contains("'for' cannot be a function name"))
        #expect(name.stdout == "")
    }

    @Test func outputGoesToAFileAtomically() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.py").path
        let r = try Self.symdiff(["emit", "x^2", "--lang", "python", "--grad", "--output", path])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("    return value, grad\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f.py"])
        let missing = try Self.symdiff(["emit", "x^2", "--lang", "python", "--output", dir.appendingPathComponent("no/such/f.py").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot write"))
    }

    @Test func nativeEvalAgreesWithTheTape() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let arguments = ["eval", "sigmoid(x*y) + log(1 + x^2)*erf(y)", "--at", "x=0.7,y=-1.3", "--grad", "--hessian"]
        let tape = try Self.symdiff(arguments)
        let native = try Self.symdiff(arguments + ["--native"], environment: ["SYMDIFF_CACHE": cache.path])
        #expect(native.status == 0)
        #expect(native.stderr == "")
        func numbers(_ s: String) -> [Double] {
            s.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double(String($0)) }
        }
        let (a, b) = (numbers(native.stdout), numbers(tape.stdout))
        #expect(a.count == 7 && a.count == b.count)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * (1 + abs($1)) })
        // The library is in the cache now.
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(entries.count == 1 && FileManager.default.fileExists(atPath: "\(cache.path)/\(entries[0])/library.so"))
    }

    @Test func withoutACompilerTheTapeAnswersWithANote() throws {
        let r = try Self.symdiff(["eval", "x^2", "--at", "x=3", "--native"], environment: ["CC": "/nonexistent/cc"])
        #expect(r.status == 0)
        #expect(r.stdout == "9\n")
        #expect(r.stderr == "note: no C compiler found (looked for $CC = /nonexistent/cc); evaluating with the Tape instead\n")
    }

    @Test func nativeMinimizeConverges() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let r = try Self.symdiff(["minimize", "100*(y - x^2)^2 + (1 - x)^2", "--from", "x=-1.2,y=1", "--native"],
                                 environment: ["SYMDIFF_CACHE": cache.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("iterations: 21 (gradient norm below tolerance)\n"))
    }
}
