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
    var keywords: Set<String> { PythonTarget().keywords }
    let notANumber = "np.nan"
    let infinity = "np.inf"
    let powerCall = "np.power"
    let powerOperator: String? = "**"

    func libraryCall(_ name: String) -> String { "np." + name }

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        try PythonLayout(target: self, vectorized: true).file(for: unit)
    }
}
