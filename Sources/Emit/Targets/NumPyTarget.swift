import Expr

extension CodeLanguage {
    /// Python with NumPy, vectorized over arrays of points.
    public static let numpy = CodeLanguage(NumPyTarget())
}

/// NumPy: the Python layout (`PythonLayout`) over arrays, each point one column of the argument,
/// with NumPy's elementwise functions (`np.sin`, `np.arcsin`).
struct NumPyTarget: ProgramTarget {
    let name = "numpy"
    let fileExtension = "py"
    /// A NumPy file is Python: what Python reserves (with its builtins the table calls).
    var keywords: Set<String> { PythonTarget().reservedWords }
    let notANumber = "np.nan"
    let infinity = "np.inf"
    let powerCall = "np.power"
    let powerOperator: String? = "**"

    func libraryCall(_ name: String) -> String { "np." + name }

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        try PythonLayout(target: self, vectorized: true).file(for: unit)
    }
}
