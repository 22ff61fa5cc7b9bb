import Session
import SymDiff
import Testing

/// Large gradients, Hessians and Jacobians: the natural order of many names, simplification
/// shared across entries, nonzero entries listed with the sparsity stated, and the form with
/// shared subexpressions, each checked against the plain way of doing the same.
@Suite struct MatrixOutputTests {
    @Test func naturalOrderSortsByStemThenNumber() {
        #expect(naturallySorted(["x10", "x2", "y", "x1", "b", "x", "w10a", "w9a", "x01"]) == ["b", "w10a", "w9a", "x", "x01", "x1", "x2", "x10", "y"])
        var rng = SplitMix64(seed: 91)
        let shuffled = (1...1000).map { "x\($0)" }.shuffled(using: &rng)
        #expect(naturallySorted(shuffled) == (1...1000).map { "x\($0)" })
    }

    /// Lists of random expressions that share subexpressions, as the entries of a matrix do.
    static func entryLists(seed: UInt64, count: Int) -> [[Expr]] {
        var generator = ExpressionGenerator(seed: seed, maximumDepth: 4)
        return (0..<count).map { _ in
            let shared = (0..<3).map { _ in generator.expression() }
            return (0..<12).map { k in generator.expression() * shared[k % 3] + shared[(k + 1) % 3] }
        }
    }

    @Test func simplifyingManyAtOnceGivesWhatSimplifyingEachGives() {
        for list in Self.entryLists(seed: 5, count: 30) {
            let one = list.map { Simplifier().simplify($0) }
            #expect(Simplifier().simplify(list) == one)
            #expect(Simplifier().simplify(list + list + list, threads: 2) == one + one + one)
            #expect(Simplifier(decimals: true).simplify(list) == list.map { Simplifier(decimals: true).simplify($0) })
        }
    }

    @Test func sharedSubexpressionsWriteTheSameExpressions() {
        for list in Self.entryLists(seed: 6, count: 30) {
            let cse = SharedSubexpressions(list)
            // Substituting the definitions back, last first, gives the expressions again.
            var back = cse.expressions
            for d in cse.definitions.reversed() {
                back = back.map { $0.substituting([.symbol(d.name): d.value]) }
            }
            #expect(zip(back, list).allSatisfy { $0.canonicalized == $1.canonicalized })
            // Every name stands for something used twice, and is defined before it is used.
            let tokens = (cse.definitions.map(\.value) + cse.expressions).flatMap { e in
                e.description.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
            }
            for (k, d) in cse.definitions.enumerated() {
                #expect(tokens.filter { $0 == d.name }.count >= 2, "\(d.name) used once")
                #expect(cse.definitions[...k].allSatisfy { !$0.value.freeSymbols.contains(d.name) })
            }
        }
        // On several threads, the same text.
        let many = Array(Self.entryLists(seed: 7, count: 20).joined())
        let one = SharedSubexpressions(many), two = SharedSubexpressions(many, threads: 2)
        #expect(one.expressions == two.expressions && one.definitions.map(\.value) == two.definitions.map(\.value))
    }

    @Test func namesNeverClashWithVariables() {
        let u = Expr.symbol("t1"), x = Expr.symbol("x")
        let big = Expr.apply(FunctionID.sin, [u + x * x + .apply(FunctionID.exp, [u]) * x])
        let cse = SharedSubexpressions([big * x, big * u])
        #expect(cse.definitions.map(\.name) == ["t_1"])
    }

    @Test func largeHessiansListTheirNonzeroEntries() throws {
        var session = Session()
        // Rosenbrock with 20 variables: 210 positions of the upper triangle, 39 nonzero.
        let f = (1..<20).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }.joined(separator: " + ")
        let sparse = session.execute("hessian(\(f))").output.split(separator: "\n")
        #expect(sparse[0] == "# 39 of 210 entries (upper triangle) are nonzero; the others are 0 and not listed")
        #expect(sparse.count == 40 && sparse[1] == "d2/dx1dx1: 1200*x1^2 - 400*x2 + 2" && sparse[2] == "d2/dx1dx2: -400*x1")
        let dense = session.execute("hessian(\(f), dense=true)").output.split(separator: "\n")
        #expect(dense.count == 210 && dense[2] == "d2/dx1dx3: 0")
        // Every nonzero line of the dense listing is in the sparse one.
        #expect(Set(dense.filter { !$0.hasSuffix(": 0") }) == Set(sparse.dropFirst()))
        // A small matrix lists every entry, as always.
        #expect(session.execute("hessian(x^2*y)").output == "d2/dxdx: 2*y\nd2/dxdy: 2*x\nd2/dydy: 0")
    }

    @Test func sharedFormIsChosenWhenMuchShorterAndOnRequest() throws {
        var session = Session()
        // A sum over "data" of sigmoids of one long linear form each: every Hessian entry holds
        // every sigmoid.
        let weights = (1...12).map { "w\($0)" }
        let rows = (1...6).map { k in "softplus(" + weights.enumerated().map { j, w in "\((k * 7 + j * 3) % 11 - 5)*\(w)" }.joined(separator: " + ") + ")" }
        let f = rows.joined(separator: " + ")
        let shared = session.execute("hessian(\(f))").output
        #expect(shared.hasPrefix("# t1 … t") && shared.contains(": subexpressions the entries share\nt1 = sigmoid("))
        let tree = session.execute("hessian(\(f), tree=true)").output
        #expect(!tree.contains("t1") && tree.count > 4 * shared.count)
        // The two forms are the same numbers: evaluate both at a point.
        let point = Dictionary(uniqueKeysWithValues: weights.enumerated().map { ($1, 0.1 * Double($0) - 0.4) })
        let definitions = shared.split(separator: "\n").filter { $0.hasPrefix("t") }
        var values = point
        for d in definitions {
            let parts = d.split(separator: "=", maxSplits: 1)
            values[String(parts[0].dropLast())] = evaluate(try Parser().parse(String(parts[1])), values)
        }
        func entries(_ text: String) throws -> [Double] {
            try text.split(separator: "\n").filter { $0.hasPrefix("d2/") }.map { line in
                evaluate(try Parser().parse(String(line.split(separator: ":", maxSplits: 1)[1])), values)
            }
        }
        let a = try entries(shared), b = try entries(tree)
        #expect(a.count == 78 && a.count == b.count)
        #expect(zip(a, b).allSatisfy { isClose($0, $1, relative: 1e-12, absolute: 1e-15) })
        #expect(session.execute("hessian(x^2*y, shared=true, tree=true)").message.contains("give shared=true or tree=true, not both"))
    }

    @Test func commandLineFlagsForLayout() throws {
        let many = (1..<20).map { "(x\($0 + 1) - x\($0)^2)^2" }.joined(separator: " + ")
        let listed = try CLITests.symdiff(["hessian", many])
        #expect(listed.stdout.hasPrefix("# 39 of 210 entries (upper triangle) are nonzero"))
        let dense = try CLITests.symdiff(["hessian", many, "--dense"])
        #expect(dense.stdout.split(separator: "\n").count == 210)
        let both = try CLITests.symdiff(["hessian", many, "--shared", "--tree"])
        #expect(both.status == 64 && both.stderr.contains("give --shared or --tree, not both"))
        let jacobian = try CLITests.symdiff(["jacobian"] + (1...11).map { "x\($0)*x\($0 + 1)" })
        #expect(jacobian.stdout.hasPrefix("# 22 of 132 entries are nonzero; the others are 0 and not listed\nd f1/dx1: x2\n"))
    }
}
