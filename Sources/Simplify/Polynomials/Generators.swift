import BigInt
import Expr

/// The generators of an expression read as a rational function: the subexpressions that are
/// not sums, products or integer powers, each written as a rational power of a kernel.
///
/// Kernels are chosen so that related atoms share a generator: `x`, `sqrt(x)` and `x^(3/2)` are
/// powers of `x^(1/2)`; `x^y` and `x^(-2*y)` of `x^y`; and, when exponentials are split,
/// `exp(x1 + x2)`, `exp(-x1)` and `exp(x1/2)` are products of powers of `exp(x1/2)` and
/// `exp(x2)`. A kernel raised to a fraction 1/L, with L the least common denominator of its
/// exponents, is the generator; each atom is then a monomial with integer (possibly negative)
/// exponents. Algebraic relations between generators (sqrt(2)^2 = 2 aside, which the
/// constructors fold) are not known: `sqrt(2)` is as free as a variable, as in SymPy.
struct GeneratorTable {
    /// What an atom is a rational power of.
    enum Kernel: Hashable {
        /// `base^rest`, e.g. base `x`, rest `y` for `x^(2*y)`; rest 1 for `x^(1/2)` or `sin(x)`.
        case power(base: Expr, rest: Expr)
        /// `exp(rest)`.
        case exponential(rest: Expr)
    }

    let splittingExponentials: Bool
    private var denominators: [Kernel: Int] = [:]
    private var kernelOrder: [Kernel] = []
    /// The generators, structurally ordered, and the kernel and denominator each stands for.
    private(set) var generators: [Expr] = []
    private var place: [Kernel: (index: Int, denominator: Int)] = [:]

    init(splittingExponentials: Bool) {
        self.splittingExponentials = splittingExponentials
    }

    /// Exponent denominators up to this share a kernel (square roots, cube roots, …); an atom
    /// with a larger one is a kernel of its own, so that common denominators stay small.
    static let largestSharedDenominator = 12

    /// `atom` as a product of kernels raised to rational exponents.
    func decompose(_ atom: Expr) -> [(kernel: Kernel, exponent: Rational)] {
        let parts = kernels(of: atom)
        let shareable = parts.allSatisfy { $0.exponent.denominator <= BigInt(GeneratorTable.largestSharedDenominator) }
        return shareable ? parts : [(.power(base: atom, rest: .one), .one)]
    }

    private func kernels(of atom: Expr) -> [(kernel: Kernel, exponent: Rational)] {
        switch atom.head {
        case .pow:
            let base = atom.children[0], exponent = atom.children[1]
            let (c, rest) = exponent.splitCoefficient()
            return [(.power(base: base, rest: rest), c)]
        case .function(FunctionID.exp) where splittingExponentials:
            let u = atom.children[0]
            guard case let .add(constant) = u.head else {
                let (c, rest) = u.splitCoefficient()
                return [(.exponential(rest: rest), c)]
            }
            var parts = u.children.map { t -> (kernel: Kernel, exponent: Rational) in
                let (c, rest) = t.splitCoefficient()
                return (.exponential(rest: rest), c)
            }
            if !constant.isZero { parts.append((.exponential(rest: .one), constant)) }
            return parts
        case .function(FunctionID.exp):
            let (c, rest) = atom.children[0].splitCoefficient()
            return [(.exponential(rest: rest), c)]
        default:
            return [(.power(base: atom, rest: .one), .one)]
        }
    }

    /// Records the kernels of `atom`.
    mutating func register(_ atom: Expr) {
        for (kernel, c) in decompose(atom) {
            // At most `largestSharedDenominator` (see `decompose`).
            let q = c.denominator.asInt!
            if let d = denominators[kernel] {
                denominators[kernel] = d / Int(Rational.gcd(UInt(d), UInt(q))) * q
            } else {
                denominators[kernel] = q
                kernelOrder.append(kernel)
            }
        }
    }

    /// Fixes the generators once every atom is registered.
    mutating func seal() {
        let built = kernelOrder.map { k -> (Kernel, Expr) in (k, GeneratorTable.generator(k, denominators[k]!)) }
        let order = built.indices.sorted { Expr.structuralCompare(built[$0].1, built[$1].1) < 0 }
        generators = order.map { built[$0].1 }
        for (i, k) in order.enumerated() { place[built[k].0] = (i, denominators[built[k].0]!) }
    }

    /// The integer exponents of `atom` over the generators (after `seal`), as (generator index,
    /// exponent) pairs; nil when an exponent does not fit in an `Int`.
    func exponents(of atom: Expr) -> [(index: Int, exponent: Int)]? {
        var result: [(index: Int, exponent: Int)] = []
        for (kernel, c) in decompose(atom) {
            let (i, d) = place[kernel]!
            guard let e = (c * Rational(d)).intValue else { return nil }
            result.append((i, e))
        }
        return result
    }

    private static func generator(_ kernel: Kernel, _ denominator: Int) -> Expr {
        let scale = Expr.number(Rational(1, denominator))
        switch kernel {
        case let .power(base, rest):
            if denominator == 1 && rest == .one { return base }
            return .power(base, .product([rest, scale]))
        case let .exponential(rest):
            return .apply(FunctionID.exp, [.product([rest, scale])])
        }
    }
}

extension BigInt {
    /// The value as an `Int` when it fits.
    var asInt: Int? { Int(exactly: self) }
}
