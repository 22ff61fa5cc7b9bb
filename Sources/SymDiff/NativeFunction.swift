import Glibc
import Synchronization

/// Expressions compiled to machine code: the emitted C is built by the machine's C compiler
/// (`-O2 -shared -fPIC`) into a shared library, which is loaded into the process (`dlopen`).
/// Libraries are cached on disk under a stable hash of the C source (which spells out the
/// expressions, the variables and the derivatives asked for) and the compiler command, so the
/// same program is compiled once per machine; `NativeCache` says which libraries it trusts.
/// Called like `CompiledFunction`.
public final class NativeFunction: @unchecked Sendable {
    /// The number of variables (values per point) and of outputs (results per point).
    public let variableCount: Int
    /// The number of outputs (results per point).
    public let outputCount: Int
    /// The shared library: its entry in the cache, or the private temporary directory it was
    /// built in (removed once loaded) when the cache was refused.
    public let libraryPath: String
    /// What the user should hear on stderr about how the code was obtained: a cache refused
    /// because others could write to it, a cached library rebuilt because it had changed.
    public let notes: [String]

    private let handle: UnsafeMutableRawPointer
    private let single: @convention(c) (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?) -> Void
    private let batch: @convention(c) (UnsafePointer<Double>?, Int, UnsafeMutablePointer<Double>?) -> Void

    /// Compiles (or finds in the cache) and loads native code computing `outputs` over
    /// `variables`, in order.
    public init(_ outputs: [Expr], variables: [Expr], options: NativeOptions = NativeOptions()) throws(NativeError) {
        let unit: CodeUnit
        let code: String
        do {
            unit = try CodeUnit(outputs: outputs, variables: variables, name: NativeFunction.entry)
            code = try Emitter(language: .c).emit(unit)
        } catch { throw .emit(error) }
        let n = variables.count, m = outputs.count
        let source = code + """

            /* Evaluates `count` points stored one after another; the outputs likewise. */
            void \(NativeFunction.entry)_batch(const double *points, long count, double *out)
            {
                for (long k = 0; k < count; k++) \(NativeFunction.entry)(points + k * \(n), out + k * \(m));
            }

            """
        let library = try NativeCache.load(source: source, options: options)
        let loaded = library.handle
        guard let single = dlsym(loaded, NativeFunction.entry), let batch = dlsym(loaded, NativeFunction.entry + "_batch") else {
            dlclose(loaded)
            throw .load("\(library.path) lacks \(NativeFunction.entry)")
        }
        self.handle = loaded
        self.single = unsafeBitCast(single, to: (@convention(c) (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?) -> Void).self)
        self.batch = unsafeBitCast(batch, to: (@convention(c) (UnsafePointer<Double>?, Int, UnsafeMutablePointer<Double>?) -> Void).self)
        self.variableCount = n
        self.outputCount = m
        self.libraryPath = library.path
        self.notes = library.notes
    }

    // The library stays loaded while this object lives; the function pointers never escape it.
    deinit { dlclose(handle) }

    /// All outputs at one point.
    public func callAsFunction(_ point: [Double]) -> [Double] {
        precondition(point.count == variableCount, "expected \(variableCount) values")
        var out = [Double](repeating: 0, count: outputCount)
        point.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { single(p.baseAddress, $0.baseAddress) } }
        return out
    }

    /// Outputs at many points: `points` holds the points one after another, the result the
    /// outputs one point after another (the layout of `CompiledFunction.evaluate(points:)`).
    public func evaluate(points: [Double]) -> [Double] {
        let count = variableCount == 0 ? 1 : points.count / variableCount
        var out = [Double](repeating: 0, count: count * outputCount)
        points.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { evaluate(points: p.baseAddress!, count: count, into: $0.baseAddress!) }
        }
        return out
    }

    /// The same over raw buffers, without allocating: `count` points in, `count * outputCount`
    /// values out.
    public func evaluate(points: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>) {
        batch(points, count, out)
    }

    /// The name of the emitted C function.
    static let entry = "symdiff_eval"
    /// One build at a time in this process (builds in several processes are safe: see
    /// `NativeCache`).
    static let buildLock = Mutex(())
}

/// Where and how native code is built.
public struct NativeOptions: Sendable {
    /// The compiler: a path or a name on the PATH; nil for `$CC`, else cc, gcc or clang.
    public var compiler: String?
    /// Where libraries are cached; nil for `$SYMDIFF_CACHE`, else `$XDG_CACHE_HOME/symdiff`, else
    /// `~/.cache/symdiff`.
    public var cacheDirectory: String?
    /// Optimization flags. `-fno-tree-ter` keeps gcc from moving each single-use expression
    /// down to its use, which would undo the statement order chosen to keep few values alive
    /// (on the Rosenbrock-100 gradient: 384 stack accesses instead of 96); clang ignores it.
    public var flags: [String]

    /// The flags used unless others are given.
    public static let defaultFlags = ["-O2", "-fno-tree-ter"]

    /// Options: the compiler (else `cc`, then `gcc`, then `clang`), the cache directory and the optimization flags.
    public init(compiler: String? = nil, cacheDirectory: String? = nil, flags: [String] = NativeOptions.defaultFlags) {
        self.compiler = compiler
        self.cacheDirectory = cacheDirectory
        self.flags = flags
    }

    /// The cache directory the environment names.
    public static func defaultCacheDirectory() -> String {
        func env(_ name: String) -> String? {
            guard let value = getenv(name).map({ String(cString: $0) }), !value.isEmpty else { return nil }
            return value
        }
        if let dir = env("SYMDIFF_CACHE") { return dir }
        if let dir = env("XDG_CACHE_HOME") { return dir + "/symdiff" }
        if let home = env("HOME") { return home + "/.cache/symdiff" }
        return "/tmp/symdiff-cache-\(getuid())"
    }
}

/// Why native code is not available.
public enum NativeError: Error, CustomStringConvertible {
    case emit(EmitError)
    case noCompiler(String)
    case compiler(String)
    case cache(String)
    case load(String)

    /// The message for a person.
    public var description: String {
        switch self {
        case let .emit(error): return error.description
        case let .noCompiler(name): return "no C compiler found (looked for \(name))"
        case let .compiler(message): return "the C compiler failed: \(message)"
        case let .cache(message): return message
        case let .load(message): return "cannot load the compiled code: \(message)"
        }
    }
}
