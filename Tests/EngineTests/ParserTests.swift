import Testing
import SymDiff

/// The accepted syntax and the diagnostics for rejected input. Accepted forms are compared with
/// expressions built through the constructors (identity `==`), so a parse that merely prints the
/// same text but means something else still fails.
@Suite struct ParserTests {
    static let x = Expr.symbol("x"), y = Expr.symbol("y")

    private func parse(_ s: String) throws -> Expr { try Parser().parse(s) }

    // MARK: - Numbers are exact

    @Test(arguments: [
        ("3", Rational(3)), ("2.5", Rational(5, 2)), (".5", Rational(1, 2)), ("1e-3", Rational(1, 1000)),
        ("0.1", Rational(1, 10)), ("1E2", Rational(100)), ("2.50e+1", Rational(25)),
    ])
    func exactNumbers(_ c: (String, Rational)) throws {
        #expect(try parse(c.0) == .number(c.1))
    }

    @Test func decimalsStayExact() throws {
        // 0.1 + 0.2 is exactly 3/10 (it would not be in binary floating point).
        #expect(try parse("0.1 + 0.2") == .number(Rational(3, 10)))
    }

    // MARK: - Operators

    @Test func powerIsRightAssociativeAndBindsTighterThanUnaryMinus() throws {
        let x = Self.x
        #expect(try parse("2^3^2") == .integer(512))
        #expect(try parse("2**3**2") == .integer(512))
        #expect(try parse("x**2") == x ^ 2)
        #expect(try parse("-x^2") == -(x ^ 2))
        #expect(try parse("-x^2") != (-x) ^ 2)
        #expect(try parse("x^-2") == .power(x, .integer(-2)))
        #expect(try parse("2^-x") == .power(.two, -x))
    }

    @Test func stackedSigns() throws {
        #expect(try parse("- -x") == Self.x)
        #expect(try parse("+-x") == -Self.x)
        #expect(try parse("-+-x") == Self.x)
        #expect(try parse("x - -y") == Self.x + Self.y)
    }

    @Test(arguments: [
        ("2x", "2*x"), ("3sin(x)", "3*sin(x)"), ("2(x+1)", "2*(x+1)"), ("(x+1)(x-1)", "(x+1)*(x-1)"),
        ("x y", "x*y"), ("2 pi x", "2*pi*x"), ("(x+1)y", "(x+1)*y"), ("2x^2", "2*(x^2)"), ("x/2y", "(x/2)*y"),
    ])
    func implicitMultiplication(_ c: (String, String)) throws {
        // Implicit multiplication binds exactly like '*' (so x/2y is (x/2)*y, as documented).
        #expect(try parse(c.0) == parse(c.1))
    }

    @Test(arguments: [
        ("2×x", "2*x"), ("2·x", "2*x"), ("x−1", "x-1"), ("π", "pi"), ("√x", "sqrt(x)"), ("x²", "x^2"),
        ("x⁻¹", "x^-1"), ("√x²", "(sqrt(x))^2"), ("2πx", "2*pi*x"),
    ])
    func unicodeForms(_ c: (String, String)) throws {
        // As the grammar says (postfix = primary superscript*), √x² is (√x)², not √(x²).
        #expect(try parse(c.0) == parse(c.1))
    }

    @Test func unicodeAgainstConstructors() throws {
        #expect(try parse("π") == .pi)
        #expect(try parse("√x") == .power(Self.x, .half))
        #expect(try parse("x²") == .power(Self.x, .two))
    }

    @Test func callsAndDefaults() throws {
        #expect(try parse("sin(x)") == Expr.call("sin", [Self.x])!)
        #expect(try parse("ln(x)") == Expr.call("log", [Self.x])!)
        #expect(try parse("max(x, y)") == Expr.call("max", [Self.x, Self.y])!)
        // A left-out optional argument is filled in from the table.
        #expect(try parse("leaky_relu(x)") == Expr.call("leaky_relu", [Self.x, .number(Rational(1, 100))])!)
    }

    // MARK: - Rejected input

    /// (input, diagnostic id, a piece the message must contain)
    static let rejected: [(String, String, String)] = [
        ("x)", "unbalanced-paren", "')'"),
        ("(x+1", "unclosed-paren", "expected ')'"),
        ("sin(x, y)", "arity", "sin takes 1 argument, got 2"),
        ("sin x", "function-without-call", "'sin' is a function"),
        ("pi pi", "missing-operator", "two constants"),
        ("tan(x)(y)", "call-result-called", "cannot be called"),
        ("x,y", "unexpected-comma", "','"),
        ("x = 1", "unexpected-character", "'='"),
        ("1e", "bad-number", "exponent"),
        ("..5", "bad-number", "'.'"),
        ("2..3", "bad-number", "two decimal points"),
        ("1_000*x", "bad-number", "digit separators"),
        ("1e3.5*x", "bad-number", "whole number"),
        ("", "empty", "empty expression"),
        ("   ", "empty", "empty expression"),
        ("()", "empty-parens", "empty parentheses"),
        ("exp(x,)", "missing-argument", "argument"),
        ("x\u{200B}+1", "unexpected-character", "U+200B"),
        ("x\u{01}+1", "control-character", "byte offset 1"),
        ("x +", "missing-operand", "after '+'"),
        ("x * * y", "missing-operand", "'*'"),
        ("pi(x)", "constant-called", "'pi' is a constant"),
        ("Sin(x)", "unknown-function", "unknown function 'Sin'; did you mean 'sin'?"),
        ("sqrt()", "missing-argument", "sqrt needs an argument"),
        ("x 2", "adjacent-numbers", "number"),
    ]

    @Test(arguments: rejected)
    func rejectedInput(_ c: (String, String, String)) {
        do {
            let e = try Parser().parse(c.0)
            Issue.record("'\(c.0)' was accepted as \(e)")
        } catch {
            #expect(error.id == c.1, "input: \(c.0.debugDescription)")
            #expect(error.message.contains(c.2), "input: \(c.0.debugDescription), message: \(error.message)")
        }
    }

    @Test func misspelledFunctionSuggestsTheClosestName() {
        // 'sinn' is one deletion from 'sin'; 'sign' and 'sinh' are one substitution / insertion
        // away. The suggestion should be the function the user most plausibly meant: sin.
        // (`sinn(x)` itself is an unknown function; the suggestion goes into a note.)
        #expect(Parser.closestFunction(to: "sinn") == "sin")
    }

    @Test func invalidUTF8NamesTheByteOffset() {
        do {
            let e = try Parser().parse(bytes: [0x78, 0xC0, 0xAF])
            Issue.record("invalid UTF-8 accepted as \(e)")
        } catch {
            #expect(error.id == "invalid-utf8")
            #expect(error.message.contains("byte offset 1"), "got: \(error.message)")
            #expect(error.range.lowerBound == 1)
        }
    }

    // MARK: - Caret rendering

    /// The caret line of the rendered diagnostic for `source`.
    private func caretLine(_ source: String) -> String? {
        do {
            _ = try Parser().parse(source)
            return nil
        } catch {
            let lines = error.rendered(source: Array(source.utf8), location: nil).split(separator: "\n", omittingEmptySubsequences: false)
            // The first line names the column, so it helps even where only one line is shown.
            let column = error.column(in: Array(source.utf8))
            #expect(lines.first == Substring("error at column \(column): " + error.message))
            #expect(lines.count >= 3)
            return lines.count >= 3 ? String(lines[2]) : nil
        }
    }

    @Test func caretUnderUnmatchedParen() {
        // Two spaces of indentation, then the caret under column 2.
        #expect(caretLine("x)") == "   ^")
    }

    @Test func caretAtEndForUnclosedParen() {
        #expect(caretLine("(x+1") == "      ^")
    }

    @Test func caretSpansTheWholeCall() {
        #expect(caretLine("sin(x, y)") == "  ^^^^^^^^^")
    }

    @Test func caretCountsCharactersNotBytes() {
        // 'π' and '×' are two bytes each in UTF-8 but one column on screen.
        #expect(caretLine("π×x)") == "     ^")
    }

    @Test func renderedWithLocation() {
        do {
            _ = try Parser().parse("1 + )")
            Issue.record("'1 + )' was accepted")
        } catch {
            let text = error.rendered(source: Array("1 + )".utf8), location: "f.txt:3")
            #expect(text.hasPrefix("f.txt:3:5: error: "), "got: \(text)")
        }
    }
}
