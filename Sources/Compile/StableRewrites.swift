import Expr

extension StableRewrite {
    /// The rules whose results differentiate into stable forms again: all but the shifted
    /// quotients, whose `max` would differentiate into heaviside terms (derivatives of a function
    /// meet those where lowering computes them), and with the log of a softmax kept over its own
    /// logits (`log-softmax-of-logits`). Nor `square-quotient`: the canonical form writes the
    /// partials of `sqratio` as quotients of powers again, which lowering meets in the derivative.
    public static let differentiable: [StableRewrite] = all.compactMap { rule in
        if [softmaxQuotient.name, softmaxOfLogSumExp.name, squareOverPower.name].contains(rule.name) { return nil }
        return rule.name == logSoftmax.name ? logSoftmaxOfLogits : rule
    }

    /// Every rule, in the order they are tried at a node. A rule that sees a larger pattern comes
    /// before one that would take part of it (`log-softmax` before the quotient inside it,
    /// `log-one-plus-exp` before `log1p`, `log-one-minus-sigmoid` before `log-sigmoid`, which
    /// would meet its argument once `complement-sigmoid` has rewritten it).
    public static let all: [StableRewrite] = [
        logSoftmax, logOneMinusSigmoid, logSigmoid, logOnePlusExp, logSumExp, logOnePlus,
        softmaxOfLogSumExp, softmaxQuotient, combineExponentials, xLogX, hypotenuse, expOfSquare, sigmoidProduct, scaledSigmoid,
        complementOfSoftmax, complementOfSigmoid, complementOfErf, complementOfTanhSquared, complementOfTanh, softplusDifference, expMinusOne,
        erfOfRootTwo, squareOverPower,
    ]

    /// The rule called `name`.
    public static func named(_ name: String) -> StableRewrite? { all.first { $0.name == name } }

    // MARK: - Logarithms

    /// `log(exp(a)/(exp(b1) + … + exp(bn)))` = `logsoftmax(a, b1, …, bn)`: the log of a softmax
    /// probability (cross-entropy). The quotient underflows to 0 (log gives -inf) once a is about
    /// 745 below the largest b, and overflows to NaN once any b exceeds 709; `logsoftmax` shifts
    /// the largest b out and takes every difference exactly (as `-logsumexp(b1 - a, …)`, the
    /// rounding of b - a would be a relative error of its exponential, 8 bits of the result).
    static let logSoftmax = StableRewrite(name: "log-softmax") { e in
        guard let p = e.argument(of: .log), case let .mul(k) = p.head, k.isOne, p.children.count == 2 else { return nil }
        for (i, factor) in p.children.enumerated() {
            guard let a = factor.argument(of: .exp), let exponents = ExpSum(reciprocal: p.children[1 - i])?.exponents else { continue }
            return Expr.apply(.logsoftmax, [a] + exponents)
        }
        return nil
    }

    /// `log(exp(a)/(exp(b1) + … + exp(bn)))` = `a - logsumexp(b1, …, bn)`, the form derivatives
    /// are taken of: its partials are the softmax of the b's themselves. The derivatives of the
    /// value's form (`log-softmax`) see only the differences b - a, which round to one value once
    /// |a| dwarfs the b's (a = -3.7e232, b = 0 and 304: both differences are 3.7e232 and the
    /// softmax comes out 1/2, 1/2 instead of e^-304, 1).
    static let logSoftmaxOfLogits = StableRewrite(name: "log-softmax-of-logits") { e in
        guard let p = e.argument(of: .log), case let .mul(k) = p.head, k.isOne, p.children.count == 2 else { return nil }
        for (i, factor) in p.children.enumerated() {
            guard let a = factor.argument(of: .exp), let exponents = ExpSum(reciprocal: p.children[1 - i])?.exponents else { continue }
            return a - Expr.apply(.logsumexp, exponents)
        }
        return nil
    }

    /// `log(sigmoid(u))` = `-softplus(-u)`. sigmoid(u) rounds to 1 from u = 37 on (the log is 0,
    /// not -e^-u) and underflows to 0 below u = -745 (the log is -inf, not u).
    static let logSigmoid = StableRewrite(name: "log-sigmoid") { e in
        guard let s = e.argument(of: .log), let u = s.argument(of: .sigmoid) else { return nil }
        return -Expr.apply(.softplus, [-u])
    }

    /// `log(1 - sigmoid(u))` = `-softplus(u)`. 1 - sigmoid(u) cancels to 0 from u = 37 on (the
    /// log is -inf, not about -u) and loses digits well before.
    static let logOneMinusSigmoid = StableRewrite(name: "log-one-minus-sigmoid") { e in
        guard let s = e.argument(of: .log), case let .add(c) = s.head, c.isOne, s.children.count == 1,
              case let .mul(k) = s.children[0].head, k.isMinusOne, s.children[0].children.count == 1,
              let u = s.children[0].children[0].argument(of: .sigmoid) else { return nil }
        return -Expr.apply(.softplus, [u])
    }

    /// `log(1 + exp(u))` = `softplus(u)`. exp(u) overflows from u = 709.8 on (the log is inf,
    /// not u), and 1 + exp(u) rounds to 1 below u = -37 (the log is 0, not e^u).
    static let logOnePlusExp = StableRewrite(name: "log-one-plus-exp") { e in
        guard let s = e.argument(of: .log), case let .add(c) = s.head, c.isOne, s.children.count == 1,
              let u = s.children[0].argument(of: .exp) else { return nil }
        return Expr.apply(.softplus, [u])
    }

    /// `log(c + k1*exp(b1) + …)` = `logsumexp(log(c), b1 + log(k1), …)` (c >= 0, k > 0): the
    /// largest exponent shifted out. exp(b) overflows from b = 709.8 on (log(inf)), and when
    /// every b is below -745 the sum underflows to 0 (log(0) = -inf).
    static let logSumExp = StableRewrite(name: "log-sum-exp") { e in
        guard let s = e.argument(of: .log), let sum = ExpSum(s) else { return nil }
        return Expr.apply(.logsumexp, sum.exponents)
    }

    /// `log(1 + u)` = `log1p(u)`, u any sum of terms. 1 + u rounds away the digits of a small u
    /// (all of them below 1.1e-16, where log(1 + u) is 0 and not u).
    static let logOnePlus = StableRewrite(name: "log1p") { e in
        guard let s = e.argument(of: .log), case let .add(c) = s.head, c.isOne else { return nil }
        return Expr.apply(.log1p, [Expr.sum(s.children)])
    }

    // MARK: - Quotients of exponentials

    /// `exp(u - logsumexp(z1, …, zn))` = `exp(u)/(exp(z1) + … + exp(zn))`, the partial derivative
    /// of logsumexp, then computed as a shifted quotient (`softmax-quotient`). Computed as
    /// written, the rounding of logsumexp (about |logsumexp|·1.1e-16) becomes a relative error of
    /// the result: 250 ulps at logits near 1000.
    static let softmaxOfLogSumExp = StableRewrite(name: "softmax-of-logsumexp") { e in
        guard let exponent = e.argument(of: .exp), case let .add(c) = exponent.head else { return nil }
        for (i, t) in exponent.children.enumerated() {
            guard case let .mul(k) = t.head, k.isMinusOne, t.children.count == 1,
                  case .function(.logsumexp) = t.children[0].head else { continue }
            var rest = exponent.children
            rest.remove(at: i)
            let u = Expr.sum(rest + [.number(c)])
            let denominator = Expr.sum(t.children[0].children.map { Expr.apply(.exp, [$0]) })
            return Expr.apply(.exp, [u]) / denominator
        }
        return nil
    }

    /// `exp(a)*(exp(b1) + … + exp(bn))^k` = `exp(a + k*m)*(exp(b1 - m) + … + exp(bn - m))^k` with
    /// m the largest b: softmax and its derivatives. Written out, exp(b) overflows from b = 709.8
    /// on (inf/inf = NaN) and the whole quotient underflows (0/0) when every exponent is below
    /// -745, although the value is between 0 and 1. Shifted, every exp is at most 1 and the sum
    /// at least 1. Each shifted exponential is `expdiff(b, m)`, of the exact difference: of the
    /// rounded b - m, its relative error would be |b - m| times the double precision (260 ulps
    /// at logits 1000 apart). Two terms make the sigmoid's own formula: with a the largest,
    /// 1/(1 + expdiff(b, a)), else expdiff(a, b)/(expdiff(a, b) + 1); when the other is the
    /// constant 1 (exponent 0), `sigmoid(a)` itself.
    static let softmaxQuotient = StableRewrite(name: "softmax-quotient") { e in
        guard case let .mul(c) = e.head else { return nil }
        let factors = e.children
        guard let s = factors.firstIndex(where: { ExpSum.power($0) != nil }) else { return nil }
        let (sum, k) = ExpSum.power(factors[s])!
        let expIndex = factors.firstIndex { $0.argument(of: .exp) != nil }
        guard expIndex != nil || k < 0 else { return nil }
        var rest = factors
        if let j = expIndex, k == -1, sum.exponents.count == 2, sum.exponents.contains(.zero),
           let i = sum.exponents.firstIndex(of: factors[j].argument(of: .exp)!) {
            // exp(a)/(exp(a) + 1) = sigmoid(a): one exp, and no difference to round.
            rest[j] = Expr.apply(.sigmoid, [sum.exponents[i] - sum.exponents[1 - i]])
            rest.remove(at: s)
            return Expr.product(rest + [.number(c)])
        }
        let m = sum.maximum
        let shift = Expr.number(Rational(k)) * m
        if let j = expIndex {
            rest[j] = Expr.apply(.expdiff, [factors[j].argument(of: .exp)!, -shift])
        } else {
            rest.append(Expr.apply(.exp, [shift]))
        }
        rest[s] = Expr.power(sum.shifted(by: m), .integer(k))
        return Expr.product(rest + [.number(c)])
    }

    /// `exp(a)*(t1 + t2 + …)` = `exp(a)*t1 + exp(a)*t2 + …` where a term holds an exponential (as
    /// reverse accumulation writes the softmax gradient, `exp(z1)*(1/(exp(z1) + …) - exp(-z1))`):
    /// the exponentials then multiply by adding exponents (`exp(z1)*exp(-z1)` is 1, where the
    /// product of the two is inf*0 = NaN from |z1| = 710 on), and quotients meet the other rules.
    static let combineExponentials = StableRewrite(name: "combine-exponentials") { e in
        guard case let .mul(c) = e.head, let j = e.children.firstIndex(where: { $0.argument(of: .exp) != nil }) else { return nil }
        func holdsExponential(_ t: Expr) -> Bool {
            let factors = t.head == .mul(t.coefficient) ? t.children : [t]
            return factors.contains { $0.argument(of: .exp) != nil || ExpSum.power($0) != nil }
        }
        guard let i = e.children.firstIndex(where: { f in
            guard case .add = f.head else { return false }
            return f.children.contains(where: holdsExponential)
        }) else { return nil }
        let exponential = e.children[j], sum = e.children[i]
        let distributed = Expr.sum(sum.children.map { exponential * $0 } + [exponential * .number(sum.coefficientOfSum)])
        var rest = e.children
        rest[i] = distributed
        rest.remove(at: j)
        return Expr.product(rest + [.number(c)])
    }

    // MARK: - Products and powers

    /// `u*log(u)` = `xlogy(u, u)`: 0 at u = 0, its limit, where the product is 0*(-inf) = NaN.
    static let xLogX = StableRewrite(name: "xlogx") { e in
        guard case .mul = e.head else { return nil }
        let factors = e.children
        for (i, f) in factors.enumerated() {
            guard let u = f.argument(of: .log), let j = factors.firstIndex(of: u) else { continue }
            var rest = factors
            rest[i] = Expr.apply(.xlogy, [u, u])
            rest.remove(at: j)
            return Expr.product(rest + [.number(e.coefficient)])
        }
        return nil
    }

    /// `(a^2 + b^2 + …)^(k/2)` = `hypot(hypot(a, b), …)^k` for odd k (a constant counts as the
    /// square of its root when it has one). a^2 overflows from |a| = 1.3e154 on and underflows to
    /// 0 below 1.5e-162, where the root itself is an ordinary number.
    static let hypotenuse = StableRewrite(name: "hypot") { e in
        guard case .pow = e.head, let q = e.children[1].rationalValue, q.denominator == 2,
              case let .add(c) = e.children[0].head, !c.isNegative else { return nil }
        var sides: [Expr] = []
        if !c.isZero {
            guard let root = c.root(2) else { return nil }
            sides.append(.number(root))
        }
        for t in e.children[0].children {
            let (k, square) = t.splitCoefficient()
            guard case .pow = square.head, square.children[1] == .two, !k.isNegative, let root = k.root(2) else { return nil }
            sides.append(.number(root) * square.children[0])
        }
        guard sides.count >= 2 else { return nil }
        let h = sides.dropFirst().reduce(sides[0]) { Expr.apply(.hypot, [$0, $1]) }
        return Expr.power(h, .number(q * Rational(2)))
    }

    /// `x*exp(k*a^(2m)*b^(2n)*…)` = `expsq(x, a^m*b^n*…, k)` (GELU's derivative, the normal
    /// density), x the product's other factors or 1, and `x*exp(-u^2/2)/sqrt(2*pi)` =
    /// `xnormpdf(x, u)`: exp of the rounded k*u^2 carries the
    /// rounding, up to half an ulp of |k*u^2|, as a relative error of its result, 370 ulps at
    /// k*u^2 = -740 (exp(-z^2/2) at z = -38), and x times an exp that is subnormal magnifies its
    /// lost relative precision (11 ulps at z = -37.7); `expsq` takes k*u^2 exactly and applies x
    /// first.
    static let expOfSquare = StableRewrite(name: "exp-of-square") { e in
        if let (u, k) = squareExponent(e) { return Expr.apply(.expsq, [.one, u, .number(k)]) }
        guard case .mul = e.head, let i = e.children.firstIndex(where: { squareExponent($0) != nil }) else { return nil }
        let (u, k) = squareExponent(e.children[i])!
        var rest = e.children
        rest.remove(at: i)
        // The normal density's constant 1/sqrt(2*pi) in doubles is two roundings off (up to 1.25
        // ulps of the result); `xnormpdf` holds its log to 106 bits inside the exponent.
        if k == -.half, let j = rest.firstIndex(of: reciprocalRootTwoPi) {
            rest.remove(at: j)
            return Expr.apply(.xnormpdf, [Expr.product(rest + [.number(e.coefficient)]), u])
        }
        return Expr.apply(.expsq, [Expr.product(rest + [.number(e.coefficient)]), u, .number(k)])
    }

    /// 1/sqrt(2*pi) as the canonical form writes it, (2*pi)^(-1/2).
    private static let reciprocalRootTwoPi = Expr.power(2 * Expr.pi, .number(-.half))

    /// (u, k) when `e` is `exp(k*u^2)` written as `exp(k*a^(2m)*b^(2n)*…)`, u = `a^m*b^n*…`.
    private static func squareExponent(_ e: Expr) -> (Expr, Rational)? {
        guard let exponent = e.argument(of: .exp) else { return nil }
        let (k, body) = exponent.splitCoefficient()
        let factors = if case .mul = body.head { body.children } else { [body] }
        var roots: [Expr] = []
        for f in factors {
            guard case .pow = f.head, let n = f.children[1].rationalValue?.intValue, n % 2 == 0 else { return nil }
            roots.append(Expr.power(f.children[0], .integer(n / 2)))
        }
        return (Expr.product(roots), k)
    }

    /// `sigmoid(u)*sigmoid(-u)` = `dsigmoid(u)` (sigmoid's derivative, once `complement-sigmoid`
    /// has written 1 - sigmoid(u) as sigmoid(-u)): the product of two rounded sigmoids is up to
    /// 3.3 ulps off; `dsigmoid` rounds in exp and one division only.
    static let sigmoidProduct = StableRewrite(name: "sigmoid-product") { e in
        guard case .mul = e.head else { return nil }
        let factors = e.children
        for (i, f) in factors.enumerated() {
            guard let u = f.argument(of: .sigmoid),
                  let j = factors.indices.first(where: { $0 != i && factors[$0].argument(of: .sigmoid) == -u }) else { continue }
            var rest = factors
            // dsigmoid is even: of u and -u, the one written without a leading minus.
            let leadsWithMinus = if case .add = u.head { u.children[0].coefficient.isNegative } else { u.coefficient.isNegative }
            rest[i] = Expr.apply(.dsigmoid, [leadsWithMinus ? -u : u])
            rest.remove(at: j)
            return Expr.product(rest + [.number(e.coefficient)])
        }
        return nil
    }

    /// `x*sigmoid(u)` = `xsigmoid(x, u)` where x is not a number (the logistic loss by its label,
    /// -z*sigmoid(-y*z)): below u = -708 sigmoid(u) is subnormal and has lost relative precision,
    /// which x magnifies (370 ulps at x = 740, u = -740); `xsigmoid` scales x*e^u instead.
    static let scaledSigmoid = StableRewrite(name: "scaled-sigmoid") { e in
        guard case .mul = e.head, e.children.count >= 2,
              let i = e.children.firstIndex(where: { $0.argument(of: .sigmoid) != nil }) else { return nil }
        var rest = e.children
        let u = rest.remove(at: i).argument(of: .sigmoid)!
        return Expr.apply(.xsigmoid, [Expr.product(rest + [.number(e.coefficient)]), u])
    }

    /// `k*u^2*v^(-n)` = `k*sqratio(u, v)` for n = 2 and `k*sqratio3(u, v)*v^(3 - n)` for n >= 3
    /// (the normal log-density and its derivative by the scale, ((x - mu)/s)^2 and
    /// (x - mu)^2/s^3, which the canonical form writes as quotients of powers): u^2 overflows
    /// from |u| = 1.3e154 on (inf, or NaN from inf/inf) and underflows below 1.5e-162, where the
    /// quotient is an ordinary number; `sqratio` divides first, and rounds once where u^2/v^2
    /// rounds three times. For n >= 3 `sqratio(u, v)/v` would overflow in (u/v)^2 before the
    /// division by v where u^2/v^3 is finite (d/ds at x - mu = 1.3e165, s = 1.1e8: 1.4e314, the
    /// derivative 1.27e306); `sqratio3` takes it as (u/v)*(u/v^2), no factor beyond the result. Last
    /// of the rules, so that the patterns that hold such a product (`exp-of-square`) see it whole.
    static let squareOverPower = StableRewrite(name: "square-quotient") { e in
        guard case .mul = e.head else { return nil }
        let factors = e.children
        guard let i = factors.firstIndex(where: { f in if case .pow = f.head { return f.children[1] == .two } else { return false } }),
              let j = factors.firstIndex(where: { f in
                  guard case .pow = f.head, let n = f.children[1].rationalValue?.intValue else { return false }
                  return n <= -2
              }) else { return nil }
        let n = factors[j].children[1].rationalValue!.intValue!
        let v = factors[j].children[0]
        var rest = factors
        let cube = n <= -3
        rest[i] = Expr.apply(cube ? .sqratio3 : .sqratio, [factors[i].children[0], v])
        rest[j] = Expr.power(v, .integer(cube ? n + 3 : n + 2))
        return Expr.product(rest + [.number(e.coefficient)])
    }

    // MARK: - Complements (c - c*f(u) where f(u) approaches 1)

    /// `c - c*exp(a)/(exp(a) + exp(b) + …)` = `c*(exp(b) + …)/(exp(a) + exp(b) + …)`: 1 minus a
    /// softmax probability (the cross-entropy gradient) cancels to 0 when the probability rounds
    /// to 1. The same for a quotient already shifted (`softmax-quotient`), whose terms are
    /// `expdiff(b, m)`.
    static let complementOfSoftmax = StableRewrite(name: "complement-softmax") { e in
        complement(in: e) { term in
            guard case .mul = term.head, term.children.count == 2 else { return nil }
            for (i, factor) in term.children.enumerated() {
                let reciprocal = term.children[1 - i]
                if let a = factor.argument(of: .exp), let sum = ExpSum(reciprocal: reciprocal),
                   let position = sum.exponents.firstIndex(of: a) {
                    var others = sum.exponents
                    others.remove(at: position)
                    return Expr.sum(others.map { Expr.apply(.exp, [$0]) / sum.expression })
                }
                if case .function(.expdiff) = factor.head, case .pow = reciprocal.head, reciprocal.children[1] == .minusOne,
                   case let .add(c) = reciprocal.children[0].head, c.isZero {
                    let sum = reciprocal.children[0]
                    guard sum.children.allSatisfy({ if case .function(.expdiff) = $0.head { return true } else { return false } }),
                          let position = sum.children.firstIndex(of: factor) else { continue }
                    var others = sum.children
                    others.remove(at: position)
                    return Expr.sum(others.map { $0 / sum })
                }
            }
            return nil
        }
    }

    /// `c - c*sigmoid(u)` = `c*sigmoid(-u)` (the derivative of log-sigmoid and sigmoid's own):
    /// 1 - sigmoid(u) cancels to 0 from u = 37 on and loses digits from u = 1.
    static let complementOfSigmoid = StableRewrite(name: "complement-sigmoid") { e in
        complement(in: e) { term in term.argument(of: .sigmoid).map { Expr.apply(.sigmoid, [-$0]) } }
    }

    /// `c - c*erf(u)` = `c*erfc(u)` and `c + c*erf(u)` = `c*erfc(-u)` (GELU's derivative): they
    /// cancel as erf(u) approaches ±1, completely beyond |u| = 6.
    static let complementOfErf = StableRewrite(name: "complement-erf") { e in
        complement(in: e) { term in term.argument(of: .erf).map { Expr.apply(.erfc, [$0]) } }
            ?? complement(in: e, ratio: .one) { term in term.argument(of: .erf).map { Expr.apply(.erfc, [-$0]) } }
    }

    /// `erfc(c*sqrt(2)*u)` = `erfcsqrt2(u, c)` and `erf(c*sqrt(2)*u)` = `erfsqrt2(u, c)` for a
    /// fraction c exact in doubles (the normal distribution function erfc(-z/sqrt(2))/2, and
    /// `1 + erf(z/sqrt(2))` once `complement-erf` has written it as erfc): erfc magnifies the
    /// relative error of its argument t about 2t^2 times, and -z/sqrt(2) in doubles rounds twice
    /// (the constant 1/sqrt(2), then the product): Phi 8.2 ulps off at z = -3.27 and 1306 ulps at
    /// z = -35. `erfcsqrt2` holds the argument exactly, as `gelu` does. A c that doubles round
    /// (1/3) is left alone: its own rounding would be magnified alike.
    static let erfOfRootTwo = StableRewrite(name: "erf-root-two") { e in
        let exact: FunctionID
        switch e.head {
        case .function(.erfc): exact = .erfcsqrt2
        case .function(.erf): exact = .erfsqrt2
        default: return nil
        }
        guard e.children.count == 1, case let .mul(c) = e.children[0].head, let parts = c.smallParts,
              parts.denominator & (parts.denominator - 1) == 0, parts.numerator.magnitude < 1 << 53 else { return nil }
        var factors = e.children[0].children
        guard factors.count >= 2, let i = factors.firstIndex(of: rootTwo) else { return nil }
        factors.remove(at: i)
        return Expr.apply(exact, [Expr.product(factors), .number(c)])
    }

    /// sqrt(2) as the canonical form writes it, 2^(1/2).
    private static let rootTwo = Expr.power(.two, .number(.half))

    /// `c - c*tanh(u)^2` = `4c*dsigmoid(2u)` (tanh's derivative, 4e/(1 + e)^2 with e = e^(-2|u|)):
    /// tanh(u) rounds to ±1 from |u| = 19 on, where 1 - tanh(u)^2 is 0 and not 4e^(-2|u|); as
    /// 1/cosh(u)^2, cosh's rounding is doubled by the square (3 ulps measured), where 2u is exact
    /// and `dsigmoid` rounds in exp and one division only.
    static let complementOfTanhSquared = StableRewrite(name: "complement-tanh-squared") { e in
        complement(in: e) { term in
            guard case .pow = term.head, term.children[1] == .two, let u = term.children[0].argument(of: .tanh) else { return nil }
            return 4 * Expr.apply(.dsigmoid, [2 * u])
        }
    }

    /// `c - c*tanh(u)` = `2c*sigmoid(-2u)` and `c + c*tanh(u)` = `2c*sigmoid(2u)`: they cancel as
    /// tanh(u) approaches ±1 (to 0 from |u| = 19 on).
    static let complementOfTanh = StableRewrite(name: "complement-tanh") { e in
        complement(in: e) { term in term.argument(of: .tanh).map { 2 * Expr.apply(.sigmoid, [-2 * $0]) } }
            ?? complement(in: e, ratio: .one) { term in term.argument(of: .tanh).map { 2 * Expr.apply(.sigmoid, [2 * $0]) } }
    }

    /// `k*softplus(u) - k*softplus(-u)` = `k*u` within any sum (the derivative of binary
    /// cross-entropy by its label): both softplus values are near log(2) for small u, and their
    /// difference is 0 or 1.1e-16 where it is u (at u = 1e-20).
    static let softplusDifference = StableRewrite(name: "softplus-difference") { e in
        guard case .add = e.head else { return nil }
        let terms = e.children.map { $0.splitCoefficient() }
        for (i, (k, base)) in terms.enumerated() {
            guard let u = base.argument(of: .softplus),
                  let j = terms.firstIndex(where: { $0.0 == -k && $0.1.argument(of: .softplus) == -u }) else { continue }
            var rest = e.children
            rest[i] = .number(k) * u
            rest.remove(at: j)
            return Expr.sum(rest + [.number(e.coefficientOfSum)])
        }
        return nil
    }

    /// `k*exp(u) - k` = `k*expm1(u)` within any sum: exp(u) - 1 cancels for small u (it is 0,
    /// not u, below 1.1e-16).
    static let expMinusOne = StableRewrite(name: "expm1") { e in
        complement(in: e, scaledByTerm: true) { term in term.argument(of: .exp).map { Expr.apply(.expm1, [$0]) } }
    }

    /// In a sum with constant c (c != 0), the first term `k*t` with k = `ratio*c` for which
    /// `form(t)` gives `f`, replaced together with the constant by `c*f` (or `k*f` when
    /// `scaledByTerm`): `c - c*t` becomes `c*f` with f = 1 - t, `k*t - k` becomes `k*f` with
    /// f = t - 1.
    private static func complement(in e: Expr, ratio: Rational = Rational(-1), scaledByTerm: Bool = false, _ form: (Expr) -> Expr?) -> Expr? {
        guard case let .add(c) = e.head, !c.isZero else { return nil }
        for (i, t) in e.children.enumerated() {
            let (k, base) = t.splitCoefficient()
            guard k == ratio * c, let f = form(base) else { continue }
            var rest = e.children
            rest[i] = .number(scaledByTerm ? k : c) * f
            return Expr.sum(rest)
        }
        return nil
    }
}

/// A sum of exponentials `c + k1*exp(b1) + … + kn*exp(bn)` with c >= 0 and every k > 0, of at
/// least two members, read as the exponents `log(c), b1 + log(k1), …` (0 for c = 1 or k = 1).
struct ExpSum {
    let expression: Expr
    let exponents: [Expr]

    init?(_ sum: Expr) {
        guard case let .add(c) = sum.head, !c.isNegative else { return nil }
        var exponents: [Expr] = []
        if !c.isZero { exponents.append(Expr.apply(.log, [.number(c)])) }
        for t in sum.children {
            let (k, base) = t.splitCoefficient()
            guard !k.isNegative, !k.isZero, let b = base.argument(of: .exp) else { return nil }
            exponents.append(k.isOne ? b : b + Expr.apply(.log, [.number(k)]))
        }
        guard exponents.count >= 2 else { return nil }
        self.expression = sum
        self.exponents = exponents
    }

    /// The sum in `sum^(-1)`.
    init?(reciprocal e: Expr) {
        guard case .pow = e.head, e.children[1] == .minusOne else { return nil }
        self.init(e.children[0])
    }

    /// The sum and the integer exponent k (not 0) of a factor `sum^k` or `sum`.
    static func power(_ e: Expr) -> (ExpSum, Int)? {
        if case .pow = e.head {
            guard let k = e.children[1].rationalValue?.intValue, k != 0, let sum = ExpSum(e.children[0]) else { return nil }
            return (sum, k)
        }
        return ExpSum(e).map { ($0, 1) }
    }

    /// The largest exponent, as nested `max` calls.
    var maximum: Expr { exponents.dropFirst().reduce(exponents[0]) { Expr.apply(.max, [$0, $1]) } }

    /// `expdiff(b1, m) + … + expdiff(bn, m)`: exp(b - m) of the exact differences.
    func shifted(by m: Expr) -> Expr { Expr.sum(exponents.map { Expr.apply(.expdiff, [$0, m]) }) }
}

extension Expr {
    /// The constant of a sum (0 for anything else).
    var coefficientOfSum: Rational {
        if case let .add(c) = head { return c }
        return .zero
    }

    /// The argument when `self` is the one-argument call `f(argument)`.
    func argument(of f: FunctionID) -> Expr? {
        if case .function(f) = head, children.count == 1 { return children[0] }
        return nil
    }
}
