import Foundation
import Testing

/// Every hostile input of the shared acceptance list, run through the built binary: each ends in a
/// clean error (non-zero status, a message on stderr, nothing on stdout) or, where the input is
/// valid but odd, in one line of output. Never a crash (a signal), never a hang (bounded by the
/// tool's own `--timeout`). Inputs too long for one argument go through `--file -`.
@Suite struct HostileInputTests {
    enum Input {
        case text(String)
        case generated(String, Int)

        var text: String {
            switch self {
            case let .text(s): return s
            case let .generated(name, n): return HostileInputTests.generate(name, n)
            }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        /// True when the input is invalid and must be refused.
        let reject: Bool
        let input: Input
        /// The command line, with "$EXPR" standing for the input.
        let arguments: [String]
        var testDescription: String { id }
    }

    static func generate(_ name: String, _ n: Int) -> String {
        func digits(_ k: Int) -> String { String(String(repeating: "1234567890", count: k / 10 + 1).prefix(k)) }
        switch name {
        case "nested_parens": return String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n)
        case "long_sum": return "x" + String(repeating: "+x", count: (n - 1) / 2)
        case "poly_sum":
            var parts: [String] = [], total = 0, k = 1
            while total < n { let t = "x^\(k)"; parts.append(t); total += t.count + 1; k += 1 }
            return parts.joined(separator: "+")
        case "digits": return digits(n)
        case "digits_times_x": return digits(n) + "*x"
        case "decimal_digits": return "0." + digits(n) + "*x"
        case "nested_sin": return String(repeating: "sin(", count: n) + "x" + String(repeating: ")", count: n)
        case "nested_exp": return String(repeating: "exp(", count: n) + "x" + String(repeating: ")", count: n)
        case "unary_minus": return String(repeating: "-", count: n) + "x"
        case "unary_plus": return String(repeating: "+", count: n) + "x"
        case "long_ident": return String(repeating: "a", count: n)
        case "long_product": return "x" + String(repeating: "*x", count: n - 1)
        case "spaces": return String(repeating: " ", count: n) + "x"
        default: fatalError("unknown generator \(name)")
        }
    }

    static let cases: [Case] = [
        Case(id: "bad-002", reject: true, input: .text("x)"), arguments: ["$EXPR", "--wrt", "x"]), // unbalanced )
        Case(id: "bad-004", reject: true, input: .text("(x))"), arguments: ["$EXPR", "--wrt", "x"]), // unbalanced )
        Case(id: "bad-006", reject: true, input: .text("()"), arguments: ["$EXPR", "--wrt", "x"]), // empty parens
        Case(id: "bad-008", reject: true, input: .text(")"), arguments: ["$EXPR", "--wrt", "x"]), // lone )
        Case(id: "bad-010", reject: true, input: .text("sin(x))"), arguments: ["$EXPR", "--wrt", "x"]), // extra )
        Case(id: "bad-012", reject: true, input: .text("(x+1)*(x-1"), arguments: ["$EXPR", "--wrt", "x"]), // unclosed
        Case(id: "bad-014", reject: true, input: .text("((((((((((x)))))))))))"), arguments: ["$EXPR", "--wrt", "x"]), // one extra )
        Case(id: "bad-016", reject: true, input: .text("x-"), arguments: ["$EXPR", "--wrt", "x"]), // trailing -
        Case(id: "bad-018", reject: true, input: .text("x/"), arguments: ["$EXPR", "--wrt", "x"]), // trailing /
        Case(id: "bad-020", reject: true, input: .text("x**"), arguments: ["$EXPR", "--wrt", "x"]), // trailing **
        Case(id: "bad-022", reject: true, input: .text("*x"), arguments: ["$EXPR", "--wrt", "x"]), // leading *
        Case(id: "bad-024", reject: true, input: .text("^x"), arguments: ["$EXPR", "--wrt", "x"]), // leading ^
        Case(id: "bad-026", reject: true, input: .text("x+*y"), arguments: ["$EXPR", "--wrt", "x"]), // two binary ops
        Case(id: "bad-028", reject: true, input: .text("x***2"), arguments: ["$EXPR", "--wrt", "x"]), // triple *
        Case(id: "bad-030", reject: true, input: .text("x^*2"), arguments: ["$EXPR", "--wrt", "x"]), // ^ then *
        Case(id: "bad-032", reject: true, input: .text("pi pi"), arguments: ["$EXPR", "--wrt", "x"]), // two constants
        Case(id: "bad-034", reject: false, input: .text("2x"), arguments: ["$EXPR", "--wrt", "x"]), // implicit multiplication (implicit multiplication / unicode o
        Case(id: "bad-036", reject: false, input: .text("(x)(x)"), arguments: ["$EXPR", "--wrt", "x"]), // implicit multiplication (implicit multiplication / unicode o
        Case(id: "bad-038", reject: true, input: .text("x,y"), arguments: ["$EXPR", "--wrt", "x"]), // comma
        Case(id: "bad-040", reject: true, input: .text("x = 1"), arguments: ["$EXPR", "--wrt", "x"]), // assignment
        Case(id: "bad-042", reject: true, input: .text("x < 1"), arguments: ["$EXPR", "--wrt", "x"]), // comparison
        Case(id: "bad-044", reject: true, input: .text("x%2"), arguments: ["$EXPR", "--wrt", "x"]), // modulo
        Case(id: "bad-046", reject: true, input: .text("x|y"), arguments: ["$EXPR", "--wrt", "x"]), // pipe
        Case(id: "bad-048", reject: true, input: .text("#x"), arguments: ["$EXPR", "--wrt", "x"]), // hash
        Case(id: "bad-050", reject: true, input: .text("x'"), arguments: ["$EXPR", "--wrt", "x"]), // prime
        Case(id: "bad-052", reject: true, input: .text("[x]"), arguments: ["$EXPR", "--wrt", "x"]), // brackets
        Case(id: "bad-054", reject: true, input: .text("x\\y"), arguments: ["$EXPR", "--wrt", "x"]), // backslash
        Case(id: "bad-056", reject: true, input: .text("~x"), arguments: ["$EXPR", "--wrt", "x"]), // tilde
        Case(id: "bad-058", reject: true, input: .text("   "), arguments: ["$EXPR", "--wrt", "x"]), // only spaces
        Case(id: "bad-060", reject: true, input: .text("\u{a}"), arguments: ["$EXPR", "--wrt", "x"]), // only newline
        Case(id: "bad-062", reject: true, input: .text("sin"), arguments: ["$EXPR", "--wrt", "x"]), // function name alone
        Case(id: "bad-064", reject: true, input: .text("sin(x,y)"), arguments: ["$EXPR", "--wrt", "x"]), // two arguments
        Case(id: "bad-066", reject: true, input: .text("exp(x,)"), arguments: ["$EXPR", "--wrt", "x"]), // trailing comma
        Case(id: "bad-068", reject: true, input: .text("sin x"), arguments: ["$EXPR", "--wrt", "x"]), // no parentheses
        Case(id: "bad-070", reject: false, input: .text("foo(x)"), arguments: ["$EXPR", "--wrt", "x"]), // unknown function: differentiated as one
        Case(id: "bad-072", reject: true, input: .text("Sin(x)"), arguments: ["$EXPR", "--wrt", "x"]), // unknown function (case)
        Case(id: "bad-074", reject: true, input: .text("pi(x)"), arguments: ["$EXPR", "--wrt", "x"]), // constant called
        Case(id: "bad-076", reject: true, input: .text("tan(x)(y)"), arguments: ["$EXPR", "--wrt", "x"]), // call result called
        Case(id: "bad-078", reject: true, input: .text("relu(x, 0)"), arguments: ["$EXPR", "--wrt", "x"]), // two arguments
        Case(id: "bad-080", reject: true, input: .text("exp"), arguments: ["$EXPR", "--wrt", "x"]), // function name alone
        Case(id: "bad-082", reject: true, input: .text("x + sin"), arguments: ["$EXPR", "--wrt", "x"]), // function name as operand
        Case(id: "bad-084", reject: true, input: .text("erf(x)(x)"), arguments: ["$EXPR", "--wrt", "x"]), // call result called
        Case(id: "bad-086", reject: false, input: .text("frobnicate(x)"), arguments: ["$EXPR", "--wrt", "x"]), // unknown function: differentiated as one
        Case(id: "bad-088", reject: false, input: .text("log10(x)"), arguments: ["$EXPR", "--wrt", "x"]), // log10 is not a contract function (extension allowed if right
        Case(id: "bad-090", reject: true, input: .text("2..3"), arguments: ["$EXPR", "--wrt", "x"]), // double dot
        Case(id: "bad-092", reject: true, input: .text("1e"), arguments: ["$EXPR", "--wrt", "x"]), // missing exponent
        Case(id: "bad-094", reject: true, input: .text("1e-"), arguments: ["$EXPR", "--wrt", "x"]), // missing exponent
        Case(id: "bad-096", reject: true, input: .text("..5"), arguments: ["$EXPR", "--wrt", "x"]), // double dot
        Case(id: "bad-098", reject: true, input: .text("1_000*x"), arguments: ["$EXPR", "--wrt", "x"]), // digit separator
        Case(id: "bad-100", reject: true, input: .text("1e3.5*x"), arguments: ["$EXPR", "--wrt", "x"]), // fractional exponent
        Case(id: "bad-102", reject: false, input: .text("x\u{2212}1"), arguments: ["$EXPR", "--wrt", "x"]), // unicode minus U+2212 — accepted form allowed
        Case(id: "bad-104", reject: false, input: .text("x\u{b7}y"), arguments: ["$EXPR", "--wrt", "x"]), // middle dot — accepted form allowed
        Case(id: "bad-106", reject: false, input: .text("\u{221a}x"), arguments: ["$EXPR", "--wrt", "x"]), // radical sign — accepted form allowed
        Case(id: "bad-108", reject: true, input: .text("x\u{200b}+1"), arguments: ["$EXPR", "--wrt", "x"]), // zero-width space
        Case(id: "bad-110", reject: true, input: .text("x\u{1}"), arguments: ["$EXPR", "--wrt", "x"]), // control character
        Case(id: "bad-112", reject: true, input: .text("x\u{7f}"), arguments: ["$EXPR", "--wrt", "x"]), // DEL character
        Case(id: "bad-114", reject: false, input: .text("x\u{2013}1"), arguments: ["$EXPR", "--wrt", "x"]), // en dash — accepted form allowed
        Case(id: "bad-118", reject: false, input: .text("sin(\u{3b8})"), arguments: ["$EXPR", "--wrt", "x"]), // greek letter identifier (identifier rules unspecified)
        Case(id: "bad-120", reject: false, input: .text("\u{1d465}^2"), arguments: ["$EXPR", "--wrt", "x"]), // mathematical italic x
        Case(id: "bad-122", reject: false, input: .text("x\u{d}"), arguments: ["$EXPR", "--wrt", "x"]), // trailing carriage return
        Case(id: "bad-124", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", ""]), // --wrt ''
        Case(id: "bad-126", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "exp"]), // --wrt a function name
        Case(id: "bad-128", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "log"]), // --wrt a function name
        Case(id: "bad-130", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "e"]), // --wrt a constant
        Case(id: "bad-132", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "x+y"]), // --wrt an expression
        Case(id: "bad-134", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "-x"]), // --wrt starting with -
        Case(id: "bad-136", reject: false, input: .text("x^2"), arguments: ["$EXPR"]), // no --wrt (may default to x or fail)
        Case(id: "bad-138", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "x", "--order", "-1"]), // --order -1
        Case(id: "bad-140", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "x", "--order", "abc"]), // --order abc
        Case(id: "bad-142", reject: true, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "x", "--order"]), // --order without value
        Case(id: "bad-144", reject: true, input: .text("x"), arguments: ["$EXPR", "y", "--wrt", "x"]), // two expressions
        Case(id: "bad-146", reject: false, input: .text("x^3"), arguments: ["$EXPR", "--wrt", "x", "--order", "1000000"]), // --order 1000000, polynomial
        Case(id: "bad-148", reject: false, input: .text("exp(x^2)"), arguments: ["$EXPR", "--wrt", "x", "--order", "1000000"]), // --order 1000000, growing (expect a clean refusal)
        Case(id: "bad-150", reject: false, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "x", "--order", "99999999999999999999"]), // --order overflowing 64 bits
        Case(id: "bad-152", reject: false, input: .text("x^2"), arguments: ["$EXPR", "--wrt", "x", "--wrt", "x"]), // --wrt given twice
        Case(id: "bad-154", reject: false, input: .text("-x"), arguments: ["$EXPR", "--wrt", "x"]), // expression starting with - (looks like an option)
        Case(id: "bad-156", reject: false, input: .text("-x^2"), arguments: ["$EXPR", "--wrt", "x", "--order", "2"]), // leading minus with --order
        Case(id: "bad-158", reject: false, input: .generated("nested_parens", 100000), arguments: ["$EXPR", "--wrt", "x"]), // 10^5 nested parentheses: 200 KB, over the Linux per-argument
        Case(id: "bad-160", reject: false, input: .generated("long_sum", 5000000), arguments: ["$EXPR", "--wrt", "x"]), // 5 MB sum: over the Linux per-argument limit -> not deliverab
        Case(id: "bad-162", reject: false, input: .generated("poly_sum", 120000), arguments: ["$EXPR", "--wrt", "x"]), // 120 KB sum of distinct powers x^1+x^2+...
        Case(id: "bad-164", reject: false, input: .text("2^2^2^2^2^2^2*x"), arguments: ["$EXPR", "--wrt", "x"]), // derivative is 2^(2^65536): symbolic or clean refusal
        Case(id: "bad-166", reject: false, input: .text("x^x^x^x^x^x^x^x^x^x"), arguments: ["$EXPR", "--wrt", "x"]), // tower of ten x
        Case(id: "bad-168", reject: false, input: .text("1e999999*x"), arguments: ["$EXPR", "--wrt", "x"]), // overflowing literal
        Case(id: "bad-170", reject: false, input: .text("1e-999999*x"), arguments: ["$EXPR", "--wrt", "x"]), // underflowing literal
        Case(id: "bad-172", reject: false, input: .generated("digits_times_x", 10000), arguments: ["$EXPR", "--wrt", "x"]), // 10000-digit integer times x
        Case(id: "bad-174", reject: false, input: .generated("nested_sin", 1000), arguments: ["$EXPR", "--wrt", "x"]), // sin nested 1000 deep (output grows quadratically)
        Case(id: "bad-176", reject: false, input: .generated("nested_exp", 500), arguments: ["$EXPR", "--wrt", "x"]), // exp nested 500 deep
        Case(id: "bad-178", reject: false, input: .generated("unary_plus", 100000), arguments: ["$EXPR", "--wrt", "x"]), // 100000 unary plus signs
        Case(id: "bad-180", reject: false, input: .generated("long_product", 30000), arguments: ["$EXPR", "--wrt", "x"]), // x*x*...*x 30000 factors
        Case(id: "bad-182", reject: false, input: .text("(x+1)^1000000"), arguments: ["$EXPR", "--wrt", "x"]), // huge integer power
        Case(id: "bad-184", reject: false, input: .text("sin(x)^1e308"), arguments: ["$EXPR", "--wrt", "x"]), // huge float exponent
        Case(id: "bad-186", reject: false, input: .text("x/0"), arguments: ["$EXPR", "--wrt", "x"]), // division by zero
        Case(id: "bad-188", reject: false, input: .text("log(0)*x"), arguments: ["$EXPR", "--wrt", "x"]), // log(0)
        Case(id: "bad-190", reject: false, input: .text("acosh(0)*x"), arguments: ["$EXPR", "--wrt", "x"]), // complex constant
        Case(id: "bad-192", reject: false, input: .text("x^-0"), arguments: ["$EXPR", "--wrt", "x"]), // negative zero exponent
        Case(id: "bad-194", reject: false, input: .text("nan + x"), arguments: ["$EXPR", "--wrt", "x"]), // identifier nan (a variable per the contract)
        Case(id: "bad-196", reject: false, input: .text("sinx + x"), arguments: ["$EXPR", "--wrt", "x"]), // identifier starting with a function name
    ]

    @Test(arguments: cases)
    func endsCleanly(_ c: Case) throws {
        let binary = try #require(CLITests.binary, "symdiff binary not found")
        let text = c.input.text
        var arguments = ["--timeout", "20"]
        var stdin: Data? = nil
        for a in c.arguments {
            if a == "$EXPR" {
                if text.utf8.count > 100_000 {
                    arguments += ["--file", "-"]
                    stdin = Data(text.utf8)
                } else {
                    arguments.append(text)
                }
            } else {
                arguments.append(a)
            }
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(c.id)-\(UUID()).out")
        let errFile = outFile.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let stdout = String(decoding: try Data(contentsOf: outFile), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: errFile), as: UTF8.self)

        #expect(process.terminationReason == .exit, "\(c.id) ended by signal \(process.terminationStatus)")
        #expect(process.terminationStatus != 3 || stderr.contains("limit") || stderr.contains("too large"), "\(c.id): \(stderr.prefix(200))")
        if c.reject {
            #expect(process.terminationStatus != 0, "\(c.id) accepted invalid input, printed \(stdout.prefix(80))")
        }
        if process.terminationStatus == 0 {
            let lines = stdout.split(separator: "\n")
            #expect(lines.count == 1, "\(c.id): \(lines.count) output lines")
        } else {
            #expect(!stderr.isEmpty, "\(c.id): failed without a message")
            #expect(stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(c.id): output despite the error")
        }
    }
}
