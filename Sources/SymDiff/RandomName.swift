/// File names that cannot be guessed in advance, for temporary files and directories: whoever
/// might plant a file or a symbolic link at a name we are about to create would have to guess it.
enum RandomName {
    /// `prefix` and twelve random letters and digits (62 bits from the system's generator).
    static func make(prefix: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
