import Foundation

/// The stationary points of a function in a box, each classified by its Hessian. Found by
/// Newton's method on the gradient from a grid of starts (and, for one variable with a
/// polynomial derivative, from the derivative's factors over the rationals); a point whose
/// coordinates are rational numbers (or roots of a rational quadratic factor) is confirmed
/// exactly by putting it into the gradient, and its Hessian's eigenvalues are then exact for up
/// to two variables.
public struct CriticalPoints {
    /// How a stationary point is classified by the Hessian's eigenvalues.
    public enum Kind: String, Sendable {
        case minimum = "minimum", maximum = "maximum", saddle = "saddle point", degenerate = "degenerate"
    }

    /// One stationary point.
    public struct Point: Sendable {
        /// The exact coordinates, where the gradient is exactly zero; nil for a point found
        /// numerically only.
        public let coordinates: [Expr]?
        /// The coordinates as numbers.
        public let values: [Double]
        /// The Hessian's eigenvalues exactly (at an exact point of one or two variables), ascending.
        public let eigenvalues: [Expr]?
        /// The eigenvalues as numbers, ascending.
        public let eigenvalueValues: [Double]
        /// The classification.
        public let kind: Kind
    }

    /// The function.
    public let function: Expr
    /// Its variables, in order.
    public let variables: [Expr]
    /// The box searched: one range per variable.
    public let box: [ClosedRange<Double>]

    /// A search for the stationary points of `function` in `box`.
    public init(function: Expr, variables: [Expr], box: [ClosedRange<Double>]) {
        self.function = function
        self.variables = variables
        self.box = box
    }

    /// The stationary points, ordered by their coordinates.
    public func points() -> [Point] {
        let gradient = variables.map { Simplifier().simplify(function.derivative(withRespectTo: $0)) }
        let hessian = gradient.map { g in variables.map { Simplifier().simplify(g.derivative(withRespectTo: $0)) } }
        var found: [Point] = []
        func add(_ p: Point) {
            guard zip(p.values, box).allSatisfy({ $1.contains($0) }) else { return }
            if found.contains(where: { q in zip(q.values, p.values).allSatisfy { abs($0 - $1) <= 1e-6 * (1 + abs($0)) } }) { return }
            found.append(p)
        }
        for exact in exactRoots(gradient) { add(classify(exact, exact.map { $0.evaluate(at: [:]) }, hessian: hessian)) }
        for start in starts() {
            guard var x = newton(from: start, gradient: gradient, hessian: hessian) else { continue }
            // Rounding leaves 1e-37 where the point has 0.
            let width = box.map { $0.upperBound - $0.lowerBound }.max() ?? 1
            x = x.map { abs($0) < 1e-12 * width ? 0 : $0 }
            add(classify(recognized(x, gradient: gradient), x, hessian: hessian))
        }
        return found.sorted { $0.values.lexicographicallyPrecedes($1.values) }
    }

    // MARK: - Exact roots

    /// For one variable with a polynomial derivative: the roots of its linear and quadratic
    /// factors over the rationals.
    private func exactRoots(_ gradient: [Expr]) -> [[Expr]] {
        guard variables.count == 1, let factored = try? gradient[0].factored() else { return [] }
        let x = variables[0]
        var roots: [[Expr]] = []
        for factor in factored.isProduct ? factored.children : [factored] {
            let base = factor.asPower.base
            guard let c = try? coefficients(of: base, in: x) else { continue }
            switch c.count {
            case 2: roots.append([.number(-c[0] / c[1])])
            case 3:
                let (a, b, cc) = (c[2], c[1], c[0])
                let discriminant = b * b - Rational(4) * a * cc
                guard !discriminant.isNegative else { continue }
                let root = Self.squareRoot(discriminant)
                roots.append([(Expr.number(-b) - root) / .number(Rational(2) * a)])
                if !discriminant.isZero { roots.append([(Expr.number(-b) + root) / .number(Rational(2) * a)]) }
            default: continue
            }
        }
        return roots
    }

    /// sqrt(q) with square factors taken out: sqrt(24) is 2*sqrt(6).
    static func squareRoot(_ q: Rational) -> Expr {
        guard let (n, d) = q.smallParts, n < 1 << 40, d < 1 << 20 else { return .power(.number(q), .half) }
        // sqrt(n/d) = sqrt(n*d)/d.
        var rest = n * d, outside = 1, k = 2
        while k * k <= rest {
            while rest % (k * k) == 0 { rest /= k * k; outside *= k }
            k += 1
        }
        return Expr.number(Rational(outside, d)) * .power(.integer(rest), .half)
    }

    /// The rational coefficients of `p`, a polynomial in `x`, lowest degree first.
    private func coefficients(of p: Expr, in x: Expr) throws -> [Rational] {
        let expanded = try p.expanded()
        var c: [Int: Rational] = [:]
        var terms = expanded.isSum ? expanded.children : [expanded]
        if case let .add(constant) = expanded.head { terms.append(.number(constant)) }
        for t in terms {
            let (r, rest) = t.splitCoefficient()
            if rest == .one { c[0, default: .zero] += r; continue }
            let (base, power) = rest.asPower
            guard base == x, let k = power.rationalValue?.intValue, k > 0 else { throw NotPolynomial() }
            c[k, default: .zero] += r
        }
        let degree = c.keys.max() ?? 0
        return (0...degree).map { c[$0] ?? .zero }
    }

    private struct NotPolynomial: Error {}

    // MARK: - Newton on the gradient

    private func starts() -> [[Double]] {
        let n = variables.count
        let perAxis = max(2, min(200, Int(pow(200, 1 / Double(n)))))
        var points: [[Double]] = [[]]
        for r in box {
            let step = (r.upperBound - r.lowerBound) / Double(perAxis)
            let axis = (0..<perAxis).map { r.lowerBound + (Double($0) + 0.5) * step }
            points = points.flatMap { p in axis.map { p + [$0] } }
        }
        return points
    }

    private func environment(_ x: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(variables.map(\.description), x).map { ($0, $1) })
    }

    private func newton(from start: [Double], gradient: [Expr], hessian: [[Expr]]) -> [Double]? {
        var x = start
        let width = box.map { $0.upperBound - $0.lowerBound }.max() ?? 1
        for _ in 0..<60 {
            let env = environment(x)
            let g = gradient.map { $0.evaluate(at: env) }
            guard g.allSatisfy(\.isFinite) else { return nil }
            let norm = g.map { $0 * $0 }.reduce(0, +).squareRoot()
            let h = hessian.map { row in row.map { $0.evaluate(at: env) } }
            guard let d = solve(h, g.map { -$0 }) else { return nil }
            let step = d.map { $0 * $0 }.reduce(0, +).squareRoot()
            x = zip(x, d).map { $0 + $1 }
            // Far outside the box: this start leads elsewhere.
            if zip(x, box).contains(where: { $0 < $1.lowerBound - width || $0 > $1.upperBound + width }) { return nil }
            if step <= 1e-13 * (1 + x.map(abs).max()!) || norm == 0 {
                let final = gradient.map { $0.evaluate(at: environment(x)) }
                return final.allSatisfy { abs($0) < 1e-7 } ? x : nil
            }
        }
        return nil
    }

    /// The solution of `a·d = b` by elimination with partial pivoting; nil when singular.
    private func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var r = b
        let n = b.count
        let scale = a.flatMap { $0 }.map(abs).max() ?? 0
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            guard abs(m[pivot][col]) > 1e-12 * max(scale, 1e-300), m[pivot][col].isFinite else { return nil }
            m.swapAt(col, pivot)
            r.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let f = m[row][col] / m[col][col]
                for k in col..<n { m[row][k] -= f * m[col][k] }
                r[row] -= f * r[col]
            }
        }
        var d = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = r[row]
            for k in (row + 1)..<n { s -= m[row][k] * d[k] }
            d[row] = s / m[row][row]
        }
        return d.allSatisfy(\.isFinite) ? d : nil
    }

    /// The point as rationals with small denominators, when the gradient is exactly zero there.
    private func recognized(_ x: [Double], gradient: [Expr]) -> [Expr]? {
        var exact: [Expr] = []
        for v in x {
            guard let q = Self.smallRational(v) else { return nil }
            exact.append(.number(q))
        }
        let at = Dictionary(uniqueKeysWithValues: zip(variables, exact).map { ($0, $1) })
        return gradient.allSatisfy({ Simplifier().simplify($0.substituting(at)).isZero }) ? exact : nil
    }

    /// p/q with q <= 1000 within 1e-9 of `v`.
    static func smallRational(_ v: Double) -> Rational? {
        guard v.isFinite, abs(v) < 1e9 else { return nil }
        for q in 1...1000 {
            let p = (v * Double(q)).rounded()
            if abs(p / Double(q) - v) <= 1e-9 * max(1, abs(v)) { return Rational(Int(p), q) }
        }
        return nil
    }

    // MARK: - Classification

    private func classify(_ coordinates: [Expr]?, _ values: [Double], hessian: [[Expr]]) -> Point {
        var eigenvalues: [Expr]?
        var numbers: [Double]
        if let coordinates, variables.count <= 2 {
            let at = Dictionary(uniqueKeysWithValues: zip(variables, coordinates).map { ($0, $1) })
            let h = hessian.map { row in row.map { Simplifier().simplify($0.substituting(at)) } }
            if variables.count == 1 {
                eigenvalues = [h[0][0]]
            } else {
                // (a + c)/2 ± sqrt(((a - c)/2)^2 + b^2)
                let (a, b, c) = (h[0][0], h[0][1], h[1][1])
                let mean = (a + c) / .two, radius = Expr.power(.power((a - c) / .two, .two) + .power(b, .two), .half)
                eigenvalues = [Simplifier().simplify(mean - radius), Simplifier().simplify(mean + radius)]
            }
            numbers = eigenvalues!.map { $0.evaluate(at: [:]) }
        } else {
            let h = hessian.map { row in row.map { $0.evaluate(at: environment(values)) } }
            numbers = SymmetricEigen(h)?.values ?? h.indices.map { h[$0][$0] }
        }
        let largest = numbers.map(abs).max() ?? 0
        let kind: Kind
        if let eigenvalues, eigenvalues.contains(where: \.isZero) {
            kind = .degenerate
        } else if eigenvalues == nil, numbers.contains(where: { abs($0) <= 1e-8 * max(1, largest) }) {
            kind = .degenerate
        } else if numbers.allSatisfy({ $0 > 0 }) {
            kind = .minimum
        } else if numbers.allSatisfy({ $0 < 0 }) {
            kind = .maximum
        } else {
            kind = .saddle
        }
        let order = numbers.indices.sorted { numbers[$0] < numbers[$1] }
        return Point(coordinates: coordinates, values: values, eigenvalues: eigenvalues.map { e in order.map { e[$0] } },
                     eigenvalueValues: order.map { numbers[$0] }, kind: kind)
    }
}
