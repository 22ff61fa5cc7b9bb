/// A point given as text, `x=1,y=-2.5,z=pi/4`: each value may be any constant expression.
public struct PointSpec: Sendable {
    public let values: [String: Double]
    /// Names in the order given.
    public let order: [String]

    public enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        case notANumber(String, String)
        case missing([String])

        public var description: String {
            switch self {
            case let .malformed(part): return "'\(part)' is not of the form name=value"
            case let .notANumber(name, value): return "the value of \(name), '\(value)', is not a number"
            case let .missing(names): return "no value for \(names.joined(separator: ", "))"
            }
        }
    }

    public init(_ text: String) throws(Failure) {
        var values: [String: Double] = [:]
        var order: [String] = []
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            let name = pieces.first.map { String($0.filter { $0 != " " }) } ?? ""
            guard pieces.count == 2, !name.isEmpty else { throw .malformed(String(part)) }
            let valueText = String(pieces[1])
            guard let e = try? Parser().parse(valueText), e.freeSymbols.isEmpty else {
                throw .notANumber(name, valueText)
            }
            let v = e.evaluate(at: [:])
            guard v.isFinite else { throw .notANumber(name, valueText) }
            if values[name] == nil { order.append(name) }
            values[name] = v
        }
        self.values = values
        self.order = order
    }

    /// The values of `variables`, in their order; throws naming the ones missing.
    public func values(for variables: [String]) throws(Failure) -> [Double] {
        let missing = variables.filter { values[$0] == nil }
        guard missing.isEmpty else { throw .missing(missing) }
        return variables.map { values[$0]! }
    }
}

/// Text for a double that reads back to the same value (shortest round-trip form).
public func formatNumber(_ v: Double) -> String { NumberText.decimal(v) }
