/// The languages `emit` writes: four programming languages (plain Python and NumPy count
/// separately: one evaluates a point, the other arrays of points) and LaTeX for documents.
public enum CodeLanguage: String, CaseIterable, Sendable {
    case c, swift, python, numpy
    case javascript = "js"
    case latex

    /// The language called `name` (`js` and `javascript` are the same).
    public init?(name: String) {
        if name == "javascript" { self = .javascript; return }
        self.init(rawValue: name)
    }

    /// The usual file extension, for naming files of emitted code.
    public var fileExtension: String {
        switch self {
        case .c: return "c"
        case .swift: return "swift"
        case .python, .numpy: return "py"
        case .javascript: return "mjs"
        case .latex: return "tex"
        }
    }
}
