/// FNV-1a over 128 bits: a hash that is the same in every process and on every machine, unlike
/// Swift's `hashValue`, which is seeded per process. Native code is cached under it.
public struct StableHash: Sendable {
    private var state: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
    private static let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B

    /// The hash of nothing: FNV-1a's offset basis.
    public init() {}

    /// Mixes in the UTF-8 bytes of `text`, then a separator.
    public mutating func combine(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt128(byte)
            state = state &* StableHash.prime
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        state ^= 0xFF
        state = state &* StableHash.prime
    }

    /// 32 lowercase hexadecimal digits.
    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 32 - digits.count) + digits
    }
}
