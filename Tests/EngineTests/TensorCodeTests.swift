import Foundation
import Testing

/// `emit --lang numpy` and `--lang c` for vectors and matrices, run: the emitted gradient and
/// Hessian agree with central differences of the emitted value on random data of several sizes
/// (1 included).
@Suite struct TensorCodeTests {
    struct Case: Sendable, CustomStringConvertible {
        let expression: String
        let declarations: [String]
        /// The variable differentiated; the others are data.
        let variable: String
        /// Python that makes the arguments from sizes n, d and a generator rng.
        let data: String
        var description: String { expression }
    }

    static let cases = [
        Case(expression: "sum(log(1 + exp(-y .* (X*w))))", declarations: ["--vector", "w(d),y(n)", "--matrix", "X(n,d)"], variable: "w",
             data: "dict(X=rng.standard_normal((n, d)), w=rng.standard_normal(d), y=rng.choice([-1.0, 1.0], n))"),
        Case(expression: "x'*A*x", declarations: ["--vector", "x(d)", "--matrix", "A(d,d)"], variable: "x",
             data: "dict(A=rng.standard_normal((d, d)), x=rng.standard_normal(d))"),
        Case(expression: "norm2(W*x - y)^2", declarations: ["--vector", "x(d),y(n)", "--matrix", "W(n,d)"], variable: "x",
             data: "dict(W=rng.standard_normal((n, d)), x=rng.standard_normal(d), y=rng.standard_normal(n))"),
        Case(expression: "logdet(X) + trace(inv(X)*B)", declarations: ["--matrix", "X(d,d),B(d,d)"], variable: "X",
             data: "dict(X=rng.standard_normal((d, d)) + 3*d*np.eye(d), B=rng.standard_normal((d, d)))"),
        Case(expression: "logsumexp(W*x) + sum(softmax(x) .* x)", declarations: ["--vector", "x(d)", "--matrix", "W(n,d)"], variable: "x",
             data: "dict(W=rng.standard_normal((n, d)), x=rng.standard_normal(d))"),
    ]

    /// Python that loads the emitted C as `f(**arrays)` through ctypes: sizes d and n (those the
    /// expression has, in that order) from the arrays' shapes, outputs allocated here.
    static func cLoader(_ c: Case) -> String {
        """
        import ctypes
        lib = ctypes.CDLL('./emitted.so')
        lib.f_workspace.restype = ctypes.c_long
        def f(**a):
            sizes = [s for s in ('d', 'n') if s in SIZES]
            values = {'d': a['\(c.variable)'].shape[-1], 'n': N}
            longs = [ctypes.c_long(values[s]) for s in sizes]
            names = sorted(a)
            x = a['\(c.variable)']
            value, grad, hess = np.zeros(1), np.zeros(x.shape), np.zeros(x.shape + x.shape)
            work = np.zeros(lib.f_workspace(*longs) + 1)
            ptr = lambda v: np.ascontiguousarray(v, dtype=float).ctypes.data_as(ctypes.POINTER(ctypes.c_double))
            lib.f(*longs, *[ptr(a[k]) for k in names], ptr(value), ptr(grad), ptr(hess), ptr(work))
            return value[0], grad, hess
        """
    }

    /// Emits `c`'s value, gradient and Hessian in `language` into `dir` (C compiled to
    /// `emitted.so`) and returns the code with the Python line that makes `f` callable.
    private static func emit(_ c: Case, language: String, in dir: URL) throws -> (code: String, loader: String) {
        let emitted = try CLITests.symdiff(["emit", c.expression] + c.declarations + ["--vars", c.variable, "--lang", language, "--grad", "--hessian"])
        #expect(emitted.status == 0, "\(emitted.stderr)")
        guard language == "c" else {
            try emitted.stdout.write(to: dir.appendingPathComponent("emitted.py"), atomically: true, encoding: .utf8)
            return (emitted.stdout, "from emitted import f")
        }
        try emitted.stdout.write(to: dir.appendingPathComponent("emitted.c"), atomically: true, encoding: .utf8)
        let cc = try EmitToolchain.run(EmitToolchain.cCompiler!, ["-O2", "-shared", "-fPIC", "-o", "emitted.so", "emitted.c", "-lm"], in: dir)
        #expect(cc.status == 0, "\(cc.stderr)")
        let sizes = c.declarations.joined().contains("n") ? "'dn'" : "'d'"
        return (emitted.stdout, cLoader(c).replacingOccurrences(of: "SIZES", with: sizes))
    }

    /// Runs the Python `driver` in `dir` and reads the one number it prints (infinity when it
    /// fails); `context` goes into the failure message.
    private static func worst(printedBy driver: String, in dir: URL, context: String) throws -> Double {
        try driver.write(to: dir.appendingPathComponent("driver.py"), atomically: true, encoding: .utf8)
        let r = try EmitToolchain.run("python3", ["driver.py"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)\n\(context)")
        return Double(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .infinity
    }

    @Test(arguments: cases)
    func numpyDerivativesAgreeWithCentralDifferences(_ c: Case) throws {
        try run(c, language: "numpy")
    }

    @Test(arguments: cases)
    func cDerivativesAgreeWithCentralDifferences(_ c: Case) throws {
        try run(c, language: "c")
    }

    private func run(_ c: Case, language: String) throws {
        if let missing = EmitToolchain.missing(.numpy) ?? EmitToolchain.missing(.c) {
            Issue.record("skipped: \(missing)")
            return
        }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (emitted, loader) = try Self.emit(c, language: language, in: dir)
        let driver = """
            import numpy as np
            \(loader)
            rng = np.random.default_rng(7)
            worst = 0.0
            for n, d in [(1, 1), (4, 3), (7, 5)]:
                N = n
                args = \(c.data)
                value, grad, hess = f(**args)
                x = args['\(c.variable)']
                def at(v):
                    a = dict(args); a['\(c.variable)'] = v
                    return f(**a)
                h = 1e-6
                for k in np.ndindex(x.shape):
                    up, down = x.copy(), x.copy()
                    up[k] += h; down[k] -= h
                    fu, gu, _ = at(up); fd, gd, _ = at(down)
                    scale = 1 + abs(grad[k])
                    worst = max(worst, abs((fu - fd)/(2*h) - grad[k])/scale)
                    column = (gu - gd)/(2*h)
                    worst = max(worst, float(np.max(np.abs(column - hess[(Ellipsis,) + k])/(1 + np.abs(column)))))
            print(worst)
            """
        let worst = try Self.worst(printedBy: driver, in: dir, context: "")
        #expect(worst < 1e-5, "\(c.expression): worst relative error \(worst)\n\(emitted)")
    }

    /// The logistic loss (`cases[0]`) emitted in `language` into a fresh folder (the caller
    /// removes it), or nil, recorded as skipped, without NumPy or a C compiler.
    private static func emittedLogisticLoss(_ language: String) throws -> (emitted: String, loader: String, dir: URL)? {
        if let missing = EmitToolchain.missing(.numpy) ?? EmitToolchain.missing(.c) {
            Issue.record("skipped: \(missing)")
            return nil
        }
        let dir = try EmitToolchain.temporaryDirectory()
        do {
            let (emitted, loader) = try emit(cases[0], language: language, in: dir)
            return (emitted, loader, dir)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    /// The logistic loss at sizes across the edges of the C code's blocks (64 rows for the run over
    /// the rows that computes the value and gradient, 128 rows and 4×4 tiles for the Hessian's
    /// symmetric product `X'*diag(s)*X`; NumPy: one matrix product): against the value, gradient
    /// and Hessian written by hand in NumPy.
    @Test(arguments: ["numpy", "c"])
    func largeSizesAgreeWithTheHandWrittenLoss(_ language: String) throws {
        guard let (emitted, loader, dir) = try Self.emittedLogisticLoss(language) else { return }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(emitted.contains(language == "c" ? "symdiff_gram(n, d, X, scratch" : "X.T @ ("))
        let driver = """
            import numpy as np
            \(loader)
            rng = np.random.default_rng(11)
            worst = 0.0
            for n, d in [(1, 1), (63, 2), (127, 4), (128, 5), (300, 9), (257, 12)]:
                N = n
                X, w, y = rng.standard_normal((n, d)), rng.standard_normal(d), rng.choice([-1.0, 1.0], n)
                value, grad, hess = f(X=X, w=w, y=y)
                s = 1/(1 + np.exp(y*(X @ w)))
                expected = X.T @ np.diag(y*y*s*(1 - s)) @ X
                worst = max(worst, float(np.max(np.abs(hess - expected))/np.max(np.abs(expected))))
                worst = max(worst, abs(value - np.sum(np.logaddexp(0, -y*(X @ w))))/abs(value))
                gradient = -X.T @ (y*s)
                worst = max(worst, float(np.max(np.abs(grad - gradient))/np.max(np.abs(gradient))))
            print(worst)
            """
        let worst = try Self.worst(printedBy: driver, in: dir, context: "")
        #expect(worst < 1e-12, "worst relative difference \(worst)")
    }

    /// The logistic loss where the margins y*(X*w) reach ±1000: the emitted code spells each
    /// elementwise template in its stable form (`softplus`, not `log(1 + exp(...))`, which gives
    /// inf once exp overflows), so value and gradient are finite and equal NumPy's `logaddexp`.
    @Test(arguments: ["numpy", "c"])
    func extremeMarginsGiveFiniteValues(_ language: String) throws {
        guard let (emitted, loader, dir) = try Self.emittedLogisticLoss(language) else { return }
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = """
            import numpy as np
            \(loader)
            N = 4
            X = np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.5, 2.0], [-800.0, 1.0]])
            w, y = np.array([1.0, 0.25]), np.array([-1.0, -1.0, 1.0, 1.0])
            value, grad, hess = f(X=X, w=w, y=y)
            m = y*(X @ w)
            s = np.exp(-np.logaddexp(0, m))
            expected = np.sum(np.logaddexp(0, -m)), -X.T @ (y*s)
            assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(hess)), (value, grad, hess)
            print(max(abs(value - expected[0])/abs(expected[0]), float(np.max(np.abs(grad - expected[1]))/np.max(np.abs(expected[1])))))
            """
        let worst = try Self.worst(printedBy: driver, in: dir, context: emitted)
        #expect(worst < 1e-14, "worst relative difference \(worst)")
    }

    /// C for `lowertri`: the value and gradient of sum(lowertri(v, d) .* W) against NumPy's
    /// placement of v below the diagonal column by column (value sum_p v[p]*W[r_p, c_p],
    /// gradient W[r_p, c_p]), for d = 1, 2, 5.
    @Test func cLowerTriangularPlacesEntriesColumnByColumn() throws {
        if let missing = EmitToolchain.missing(.numpy) ?? EmitToolchain.missing(.c) {
            Issue.record("skipped: \(missing)")
            return
        }
        let emitted = try CLITests.symdiff(["emit", "sum(lowertri(v, d) .* W)", "--vector", "v", "--matrix", "W(d,d)", "--vars", "v", "--lang", "c", "--grad"])
        #expect(emitted.status == 0, "\(emitted.stderr)")
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try emitted.stdout.write(to: dir.appendingPathComponent("emitted.c"), atomically: true, encoding: .utf8)
        let cc = try EmitToolchain.run(EmitToolchain.cCompiler!, ["-O2", "-shared", "-fPIC", "-o", "emitted.so", "emitted.c", "-lm"], in: dir)
        #expect(cc.status == 0, "\(cc.stderr)")
        let driver = """
            import ctypes
            import numpy as np
            lib = ctypes.CDLL('./emitted.so')
            lib.f_workspace.restype = ctypes.c_long
            ptr = lambda a: a.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
            rng = np.random.default_rng(3)
            worst = 0.0
            for d in (1, 2, 5):
                W = rng.standard_normal((d, d))
                v = rng.standard_normal(d*(d - 1)//2)
                positions = [(r, c) for c in range(d) for r in range(c + 1, d)]
                want = np.array([W[r, c] for r, c in positions])
                value, grad = np.zeros(1), np.zeros(len(v))
                work = np.zeros(lib.f_workspace(ctypes.c_long(d)) + 1)
                lib.f(ctypes.c_long(d), ptr(W), ptr(v), ptr(value), ptr(grad), ptr(work))
                worst = max(worst, abs(value[0] - float(v @ want)), float(np.max(np.abs(grad - want), initial=0.0)))
            print(worst)
            """
        let worst = try Self.worst(printedBy: driver, in: dir, context: "")
        #expect(worst < 1e-12, "worst error \(worst)\n\(emitted.stdout)")
    }

    @Test func unsupportedTargetsSayHowToGetCode() throws {
        let r = try CLITests.symdiff(["emit", "x'*x", "--vector", "x", "--lang", "python"])
        #expect(r.status == 1 && r.stderr.contains("python code for vectors and matrices is written entry by entry") && r.stderr.contains("--unroll"))
        let unrolled = try CLITests.symdiff(["emit", "x'*x", "--vector", "x(2)", "--lang", "c", "--grad", "--unroll"])
        #expect(unrolled.status == 0 && unrolled.stdout.contains("grad[1] = 2.0*x_2;"))
    }
}
