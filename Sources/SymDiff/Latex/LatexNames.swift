/// The LaTeX spellings the reader knows, taken from the function table's own LaTeX names, so
/// that everything the LaTeX printer writes reads back.
enum LatexNames {
    /// Commands that are functions: `\sin`, `\ln`, `\arctan`, `\min`, … (and `\log` as log).
    static let functions: [String: FunctionID] = {
        var map: [String: FunctionID] = ["log": .log, "ln": .log, "exp": .exp]
        for id in FunctionTable.ids {
            let latex = id.spec.latex
            guard latex.hasPrefix("\\"), latex.dropFirst().allSatisfy(\.isLetter), id != .sigmoid, id != .sqrt else { continue }
            map[String(latex.dropFirst())] = id
        }
        return map
    }()

    /// Words in `\operatorname{...}` that name a function: `relu`, `GELU`, `H`, `leaky_relu`.
    static let operatorNames: [String: FunctionID] = {
        var map: [String: FunctionID] = [:]
        for id in FunctionTable.ids {
            let latex = id.spec.latex
            guard latex.hasPrefix("\\operatorname{"), latex.hasSuffix("}") else { continue }
            let word = latex.dropFirst("\\operatorname{".count).dropLast().replacingOccurrences(of: "\\_", with: "_")
            map[word] = id
        }
        return map
    }()

    /// Greek letters, read as variables of that name (`\alpha` is alpha); `\pi` is the constant.
    static let greek = LatexPrinter.greekLetters.union(["varepsilon", "vartheta", "varrho", "varphi"])
}
