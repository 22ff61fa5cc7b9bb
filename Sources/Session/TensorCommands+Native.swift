import SymDiff
import Tensor

/// The C that `emit --lang c` writes for tensor roots, compiled once per machine through the
/// native-code cache and loaded, bound to numeric sizes: called as often as needed (`minimize
/// --native` calls it once per step) on arrays given by variable name.
struct NativeTensorProgram: @unchecked Sendable {
    private typealias Entry = @convention(c) (UnsafePointer<Int>?, UnsafePointer<UnsafePointer<Double>?>?,
                                              UnsafePointer<UnsafeMutablePointer<Double>?>?, UnsafeMutablePointer<Double>?) -> Void
    private typealias Workspace = @convention(c) (UnsafePointer<Int>?) -> Int

    /// Why no program could be built (no C compiler, a node without C code): said in a note.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Kept alive while the entry point is used.
    private let library: NativeLibrary
    private let entry: Entry
    private let sizeArguments: [Int]
    private let inputNames: [String]
    /// The shapes of the roots at these sizes.
    let shapes: [[Int]]
    private let workspaceCount: Int
    /// What the user should hear about how the code was obtained.
    var notes: [String] { library.notes }

    /// The program for `roots` at `sizes` (every size the roots' shapes name).
    init(_ roots: [Tensor], sizes: [String: Int]) throws(Unavailable) {
        let code: CProgram.Loadable
        do {
            code = try CProgram(name: "symdiff_tensor").loadable(roots)
            library = try NativeLibrary(source: code.source)
        } catch {
            throw Unavailable(description: "\(error)")
        }
        guard let entry = library.symbol("symdiff_tensor_entry"), let workspace = library.symbol("symdiff_tensor_entry_workspace") else {
            throw Unavailable(description: "the compiled code lacks its entry point")
        }
        self.entry = unsafeBitCast(entry, to: Entry.self)
        sizeArguments = code.sizeNames.map { sizes[$0] ?? 0 }
        inputNames = code.inputNames
        var shapes: [[Int]] = []
        for root in roots {
            var shape: [Int] = []
            for s in root.shape {
                guard let n = s.value(sizes), n >= 0 else { throw Unavailable(description: "the size \(s) is not known") }
                shape.append(n)
            }
            shapes.append(shape)
        }
        self.shapes = shapes
        workspaceCount = sizeArguments.withUnsafeBufferPointer { unsafeBitCast(workspace, to: Workspace.self)($0.baseAddress) }
    }

    /// The roots' values with `inputs` (flat row-major entries by variable name, every variable
    /// of the roots given, at the program's sizes).
    func values(_ inputs: [String: [Double]]) -> [TensorValue] {
        let arrays = inputNames.map { inputs[$0]! }
        let counts = shapes.map { $0.reduce(1, *) }
        // The outputs one after another in one array.
        var outputs = [Double](repeating: 0, count: max(counts.reduce(0, +), 1))
        var work = [Double](repeating: 0, count: max(workspaceCount, 1))
        withExtendedLifetime(library) {
            Self.withPointers(to: arrays) { inputPointers in
                outputs.withUnsafeMutableBufferPointer { o in
                    var starts: [UnsafeMutablePointer<Double>?] = []
                    var offset = 0
                    for c in counts {
                        starts.append(o.baseAddress! + offset)
                        offset += c
                    }
                    starts.withUnsafeBufferPointer { outputPointers in
                        sizeArguments.withUnsafeBufferPointer { s in
                            work.withUnsafeMutableBufferPointer { w in entry(s.baseAddress, inputPointers, outputPointers.baseAddress, w.baseAddress) }
                        }
                    }
                }
            }
        }
        var offset = 0
        return zip(shapes, counts).map { shape, c in
            defer { offset += c }
            return TensorValue(shape: shape, entries: Array(outputs[offset..<(offset + c)]))
        }
    }

    /// `body` with the base addresses of `arrays`, kept valid throughout.
    private static func withPointers<R>(to arrays: [[Double]], _ body: (UnsafePointer<UnsafePointer<Double>?>?) -> R) -> R {
        var pointers: [UnsafePointer<Double>?] = []
        func nest(_ k: Int) -> R {
            if k == arrays.count { return pointers.withUnsafeBufferPointer { body($0.baseAddress) } }
            return arrays[k].withUnsafeBufferPointer { p in
                pointers.append(p.baseAddress)
                return nest(k + 1)
            }
        }
        return nest(0)
    }
}

/// `eval --native` over vectors and matrices.
extension TensorCommands {
    /// The values of `roots` at `point` from compiled code; in-process, with a note saying why,
    /// when no code can be built. Sizes and shapes are checked first, by the same rules as the
    /// in-process evaluation.
    static func nativeValues(_ roots: [Tensor], at point: Point, parameter: Parameter<[Coordinate]>)
        throws(CommandError) -> (values: [TensorValue], notes: [String])
    {
        let evaluator = point.evaluator()
        let sizes: [String: Int]
        do throws(TensorEvaluationError) { sizes = try evaluator.sizes(of: roots) } catch {
            throw evaluationError(error, parameter)
        }
        do throws(NativeTensorProgram.Unavailable) {
            let program = try NativeTensorProgram(roots, sizes: sizes)
            return (program.values(point.values.mapValues(\.entries)), program.notes)
        } catch {
            return (try inProcess(roots, evaluator, parameter), ["note: \(error); evaluating in-process instead"])
        }
    }

    /// The in-process values, for when compiled code is not available (or to say why compiled
    /// values are not finite).
    static func inProcess(_ roots: [Tensor], _ evaluator: TensorEvaluator, _ parameter: Parameter<[Coordinate]>)
        throws(CommandError) -> [TensorValue]
    {
        do throws(TensorEvaluationError) { return try evaluator.evaluate(roots) } catch { throw evaluationError(error, parameter) }
    }
}
