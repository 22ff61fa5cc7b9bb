/// The tokens only the tensor language has.
public enum TensorToken: Equatable, Sendable {
    /// `'` or `ᵀ` after an operand.
    case transpose
    /// `.*` or `⊙`.
    case elementwiseProduct
    /// `./`.
    case elementwiseQuotient
    /// `.^`.
    case elementwisePower
    /// `;` between the rows of a matrix literal.
    case semicolon
    /// `:` in an index (`A[i, :]`, `v[2:n]`) and after a declared name (`w: vector`).
    case colon

    /// U+1D40 MODIFIER LETTER CAPITAL T: `Aᵀ`.
    static let superscriptT: Unicode.Scalar = "\u{1D40}"

    var text: String {
        switch self {
        case .transpose: return "'"
        case .elementwiseProduct: return ".*"
        case .elementwiseQuotient: return "./"
        case .elementwisePower: return ".^"
        case .semicolon: return ";"
        case .colon: return ":"
        }
    }
}

extension Lexer {
    /// The tensor token at byte `i` and its length in bytes, or nil. `[`, `]` and `=` are the
    /// statement language's tokens, read here too.
    func tensorToken(at i: Int) -> (Token.Kind, Int)? {
        let b = bytes[i]
        let next: UInt8? = i + 1 < bytes.count ? bytes[i + 1] : nil
        switch b {
        case UInt8(ascii: "'"): return (.tensor(.transpose), 1)
        case UInt8(ascii: ";"): return (.tensor(.semicolon), 1)
        case UInt8(ascii: ":"): return (.tensor(.colon), 1)
        case UInt8(ascii: "["): return (.leftBracket, 1)
        case UInt8(ascii: "]"): return (.rightBracket, 1)
        case UInt8(ascii: "="):
            return next == UInt8(ascii: "=") ? nil : (.equals, 1)
        case UInt8(ascii: "."):
            switch next {
            case UInt8(ascii: "*"): return (.tensor(.elementwiseProduct), 2)
            case UInt8(ascii: "/"): return (.tensor(.elementwiseQuotient), 2)
            case UInt8(ascii: "^"): return (.tensor(.elementwisePower), 2)
            default: return nil
            }
        default:
            guard b >= 0x80, let (scalar, length) = decodeScalar(at: i) else { return nil }
            if scalar.value == 0x2299 { return (.tensor(.elementwiseProduct), length) }  // ⊙
            if scalar == TensorToken.superscriptT { return (.tensor(.transpose), length) }
            return nil
        }
    }
}
