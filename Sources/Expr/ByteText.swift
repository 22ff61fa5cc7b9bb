/// Output text as UTF-8 bytes: appending to a `String` costs a few hundred instructions per
/// piece, appending bytes a few.
struct ByteText {
    var bytes: [UInt8] = []

    mutating func literal(_ literal: StaticString) {
        // Literals are a few bytes: appending them one by one beats the generic bulk append.
        let start = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount { bytes.append(start[i]) }
    }

    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits of `n` without building a string.
    mutating func integer(_ n: Int) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        if m < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(m))
            return
        }
        let start = bytes.count
        while m > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        }
        bytes[start...].reverse()
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
