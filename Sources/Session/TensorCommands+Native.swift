import SymDiff
import Tensor

/// `eval --native` over vectors and matrices: the C that `emit --lang c` writes, compiled once
/// per machine through the native-code cache, loaded and called on the given arrays.
extension TensorCommands {
    /// The values of `roots` at `point` from compiled code; in-process, with a note saying why,
    /// when no code can be built (no C compiler, a node without C code). Sizes and shapes are
    /// checked first, by the same rules as the in-process evaluation.
    static func nativeValues(_ roots: [Tensor], at point: Point, parameter: Parameter<[Coordinate]>)
        throws(CommandError) -> (values: [TensorValue], notes: [String])
    {
        let evaluator = point.evaluator()
        let sizes: [String: Int]
        do throws(TensorEvaluationError) { sizes = try evaluator.sizes(of: roots) } catch {
            throw evaluationError(error, parameter)
        }
        let code: CProgram.Loadable
        let library: NativeLibrary
        do {
            code = try CProgram(name: "symdiff_tensor").loadable(roots)
            library = try NativeLibrary(source: code.source)
        } catch {
            return (try inProcess(roots, evaluator, parameter), ["note: \(error); evaluating in-process instead"])
        }
        guard let entry = library.symbol("symdiff_tensor_entry"), let workspace = library.symbol("symdiff_tensor_entry_workspace") else {
            return (try inProcess(roots, evaluator, parameter), ["note: the compiled code lacks its entry point; evaluating in-process instead"])
        }
        typealias Entry = @convention(c) (UnsafePointer<Int>?, UnsafePointer<UnsafePointer<Double>?>?,
                                          UnsafePointer<UnsafeMutablePointer<Double>?>?, UnsafeMutablePointer<Double>?) -> Void
        typealias Workspace = @convention(c) (UnsafePointer<Int>?) -> Int
        let sizeArguments = code.sizeNames.map { sizes[$0] ?? 0 }
        var shapes: [[Int]] = []
        for root in roots {
            var shape: [Int] = []
            for s in root.shape {
                guard let n = s.value(sizes), n >= 0 else { throw evaluationError(.unknownSize(s.description), parameter) }
                shape.append(n)
            }
            shapes.append(shape)
        }
        let inputs = code.inputNames.map { point.values[$0]!.entries }
        let outputs = shapes.map { UnsafeMutablePointer<Double>.allocate(capacity: max($0.reduce(1, *), 1)) }
        defer { for p in outputs { p.deallocate() } }
        let count = sizeArguments.withUnsafeBufferPointer { unsafeBitCast(workspace, to: Workspace.self)($0.baseAddress) }
        var work = [Double](repeating: 0, count: max(count, 1))
        withExtendedLifetime(library) {
            withPointers(to: inputs) { inputPointers in
                let outputPointers: [UnsafeMutablePointer<Double>?] = outputs
                outputPointers.withUnsafeBufferPointer { o in
                    sizeArguments.withUnsafeBufferPointer { s in
                        work.withUnsafeMutableBufferPointer { w in
                            unsafeBitCast(entry, to: Entry.self)(s.baseAddress, inputPointers, o.baseAddress, w.baseAddress)
                        }
                    }
                }
            }
        }
        let values = zip(shapes, outputs).map { shape, p in
            TensorValue(shape: shape, entries: Array(UnsafeBufferPointer(start: p, count: shape.reduce(1, *))))
        }
        return (values, library.notes)
    }

    /// The in-process values, for when compiled code is not available (or to say why compiled
    /// values are not finite).
    static func inProcess(_ roots: [Tensor], _ evaluator: TensorEvaluator, _ parameter: Parameter<[Coordinate]>)
        throws(CommandError) -> [TensorValue]
    {
        do throws(TensorEvaluationError) { return try evaluator.evaluate(roots) } catch { throw evaluationError(error, parameter) }
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
