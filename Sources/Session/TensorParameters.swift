import SymDiff

/// A size given by name: `n=5`.
public struct NamedSize: Sendable, Equatable {
    /// The size's name.
    public let name: String
    /// Its value.
    public let value: Int

    /// The size `name=value`.
    public init(name: String, value: Int) {
        self.name = name
        self.value = value
    }
}

/// An array to read from a file: `X=train.csv`.
public struct DataFileName: Sendable, Equatable {
    /// The name the array is bound to.
    public let name: String
    /// The file to read it from.
    public let path: String

    /// The binding `name=path`.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}

/// The parameters of vectors and matrices that the commands taking them share: declarations,
/// data files and sizes on the command line, and writing out entry by entry (`unroll`).
enum TensorParameters {
    static let vectors = Parameter<[String]>(
        ParameterSpec(name: "vector", kind: .shapes("vector"), help: "Names that are vectors, comma-separated; a length in parentheses: w(d).",
                      valueName: "w,y", defaultDescription: nil, isRequired: false, commandLine: .option("--vector"), statement: .unavailable),
        default: [])
    static let matrices = Parameter<[String]>(
        ParameterSpec(name: "matrix", kind: .shapes("matrix"), help: "Names that are matrices, comma-separated; sizes in parentheses: X(n,d).",
                      valueName: "X", defaultDescription: nil, isRequired: false, commandLine: .option("--matrix"), statement: .unavailable),
        default: [])
    static let symmetric = Parameter<[String]>(
        ParameterSpec(name: "symmetric", kind: .shapes("symmetric matrix"), help: "Names that are symmetric matrices (A' = A), comma-separated; a size in parentheses: A(n).",
                      valueName: "A", defaultDescription: nil, isRequired: false, commandLine: .option("--symmetric"), statement: .unavailable),
        default: [])
    static let dims = Parameter<[NamedSize]>(
        ParameterSpec(name: "dims", kind: .sizes, help: "Sizes by name for the random instances (n=5,d=3); each size takes a few values unless given.",
                      valueName: "n=5,d=3", defaultDescription: nil, isRequired: false, commandLine: .option("--dims"), statement: .unavailable),
        default: [])
    static let data = Parameter<[DataFileName]>(
        ParameterSpec(name: "data", kind: .dataFiles, help: "Arrays from files: name=file pairs, comma-separated (.csv, .json or .npy).",
                      valueName: "X=train.csv", defaultDescription: nil, isRequired: false, commandLine: .option("--data"), statement: .unavailable),
        default: [])
    static let unroll = Parameter.flag("unroll", help: "Write vectors and matrices out entry by entry (numeric sizes: declared, from values or --dims) and work in the scalar engine.")

    /// The declarations every command that takes vectors and matrices has on the command line.
    static let shapes = [vectors.spec, matrices.spec, symmetric.spec]
    /// The shape parameters, sizes and unrolling: the commands that work on expressions.
    static let symbolic = shapes + [dims.spec, unroll.spec]
    /// The shape parameters, sizes, data files and unrolling: the commands that work with numbers.
    static let numeric = shapes + [dims.spec, data.spec, unroll.spec]
}
