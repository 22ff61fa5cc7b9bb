import SymDiff
import Tensor

/// Arrays a session read from data files (`:data X=train.csv, y=labels.csv`): what `--data`
/// gives one command line, kept for every later statement. The names stay variables in
/// expressions (a derivative of `loss` is not written over ten thousand numbers); `eval`,
/// `minimize` and the other numeric commands take their values from here unless the call
/// gives others.
public struct LoadedData: Sendable {
    /// The arrays, by variable name.
    public internal(set) var values: [String: TensorValue] = [:]
    /// The file each array came from, as written in the statement.
    public internal(set) var sources: [String: String] = [:]

    /// No arrays.
    public init() {}
}

extension Session {
    /// `:data X=train.csv, y=labels.json`: each file read (CSV, JSON or `.npy`, as `--data`
    /// reads them) and checked against the name's declaration (its kind, numeric sizes, and
    /// size names that arrays read earlier fix), then kept. A relative path is taken from the
    /// running script's folder (so a script finds its data wherever it is run from), in the
    /// REPL from the working directory. All or nothing: an error keeps none of the statement's
    /// files.
    mutating func loadData(_ argument: String?, at location: Location?) -> Outcome {
        var outcome = Outcome()
        func fail(_ message: String) -> Outcome {
            var o = Outcome()
            o.status = .error
            o.message = (location.map { "\($0.file):\($0.line): " } ?? "") + "error: :data: " + message
            return o
        }
        guard let argument else { return fail("give name=file pairs, such as :data X=train.csv, y=labels.csv") }
        guard limits.fileAccess else { return fail("reading files is turned off in this session") }
        var loaded = data
        var lines: [String] = []
        for pair in argument.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { Self.trimmed($0) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return fail("'\(Self.trimmed(pair))' is not name=file (such as X=train.csv)")
            }
            let name = parts[0], written = Self.unquoted(parts[1])
            guard let declared = declarations[name] else {
                return fail("\(name) is not declared; declare it first (\(name): vector, or \(name): matrix(n, d))")
            }
            let value: TensorValue
            do throws(DataFileError) {
                value = try DataTable.read(Self.path(written, relativeTo: location), key: name).value(for: name, declared: declared)
            } catch {
                return fail("\(error)")
            }
            loaded.values[name] = value
            loaded.sources[name] = written
            lines.append("\(name): \(value.shape.map(String.init).joined(separator: "×")) from \(written)")
        }
        if let conflict = Self.sizeConflict(loaded, declarations) { return fail(conflict) }
        data = loaded
        outcome.output = lines.joined(separator: "\n")
        return outcome
    }

    /// `s` without spaces and tabs around it.
    private static func trimmed(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// `"my data.csv"` without its quotes.
    private static func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    /// `path` as given when absolute or read in the REPL; else beside the running script.
    private static func path(_ path: String, relativeTo location: Location?) -> String {
        guard !path.hasPrefix("/"), let script = location?.file, script != "-", script != "<stdin>",
              let slash = script.lastIndex(of: "/") else { return path }
        return String(script[...slash]) + path
    }

    /// The first disagreement between the arrays and their declarations: a numeric size that
    /// differs, or a size name two arrays give different values; nil when all fit.
    private static func sizeConflict(_ data: LoadedData, _ declarations: TensorDeclarations) -> String? {
        var fixed: [String: (value: Int, by: String)] = [:]
        for name in data.values.keys.sorted() {
            guard let declared = declarations[name], let value = data.values[name] else { continue }
            let source = "\(name) (\(data.sources[name] ?? "?"))"
            let shape = value.shape
            for (axis, size) in declared.sizes.enumerated() where axis < shape.count {
                if let n = size.intValue {
                    let what = declared.kind == .vector ? "entries" : axis == 0 ? "rows" : "columns"
                    if n != shape[axis] { return "\(source) has \(shape[axis]) \(what), but \(name) is declared \(declared)" }
                } else if size.names.count == 1, case let .symbol(sizeName) = size.expr.head, !UnknownSizes.isUnknown(size) {
                    if let earlier = fixed[sizeName], earlier.value != shape[axis] {
                        return "the size \(sizeName) is \(earlier.value) from \(earlier.by) but \(shape[axis]) from \(source)"
                    }
                    fixed[sizeName] = fixed[sizeName] ?? (shape[axis], source)
                }
            }
        }
        return nil
    }
}
