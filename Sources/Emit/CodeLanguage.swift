/// A language `emit` writes: C, Swift, Python, NumPy (plain Python and NumPy count separately:
/// one evaluates a point, the other arrays of points), JavaScript and LaTeX for documents. Each
/// is one `CodeTarget` in a file of its own, listed once in `registered`.
public struct CodeLanguage: Hashable, Sendable, CaseIterable, RawRepresentable {
    let target: any CodeTarget

    init(_ target: any CodeTarget) { self.target = target }

    /// Every language, in the order help texts list them. Adding a language is adding it here.
    static let registered: [CodeLanguage] = [.c, .swift, .python, .numpy, .javascript, .latex]

    /// Every language `emit` writes.
    public static var allCases: [CodeLanguage] { registered }

    /// The name users select the language by (`c`, `js`).
    public var rawValue: String { target.name }

    /// The language called exactly `rawValue`.
    public init?(rawValue: String) {
        guard let found = CodeLanguage.registered.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }

    /// The language called `name` or one of its other names (`js` and `javascript` are the same).
    public init?(name: String) {
        guard let found = CodeLanguage.registered.first(where: { $0.rawValue == name || $0.target.aliases.contains(name) }) else {
            return nil
        }
        self = found
    }

    /// Every name the language is selected by: its own, then the others (`js`, `javascript`).
    public var names: [String] { [rawValue] + target.aliases }

    /// The usual file extension, for naming files of emitted code.
    public var fileExtension: String { target.fileExtension }

    /// Languages are equal when their names are.
    public static func == (a: CodeLanguage, b: CodeLanguage) -> Bool { a.rawValue == b.rawValue }
    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
