import Expr

/// Calls of the function table's functions in one code target, as `emit` writes them for
/// tensor programs: the target's own call (`np.arcsin`), a helper the file defines (each once,
/// the helpers it uses first), or the C math library's function under the target's prefix.
struct FunctionCalls {
    /// A function the target has no code for.
    struct Missing: Error {
        let function: String
    }

    /// The target's key in the table (`numpy`, `c`).
    let target: String
    /// What goes before a C math library name (`np.`, or nothing in C).
    let libraryPrefix: String
    /// The helpers' definitions, in the order they must be written.
    private(set) var definitions: [String] = []
    private var defined: Set<String> = []

    init(target: String, libraryPrefix: String) {
        self.target = target
        self.libraryPrefix = libraryPrefix
    }

    /// `f(arguments)` in the target.
    mutating func call(_ f: FunctionSpec, _ arguments: [String]) throws(Missing) -> String {
        "\(try callee(f))(\(arguments.joined(separator: ", ")))"
    }

    private mutating func callee(_ f: FunctionSpec) throws(Missing) -> String {
        switch f.code.targets[target] {
        case let .call(name)?: return name
        case let .helper(name, definition, uses)?:
            if !defined.contains(name) {
                for used in uses { if let id = FunctionTable.lookup(used) { _ = try callee(id.spec) } }
                defined.insert(name)
                definitions.append(definition)
            }
            return name
        case nil:
            guard let library = f.code.library else { throw Missing(function: f.name) }
            return libraryPrefix + library
        }
    }
}
