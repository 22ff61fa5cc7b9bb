/// One program for the native path: the C source, the compiler and flags that build it, and the
/// names the code cache knows it by.
struct NativeProgram {
    let source: String
    let compiler: CCompiler
    let flags: [String]
    /// The cache entry's name: a stable hash of everything that goes into the library.
    let name: String
    /// The SHA-256 of the source, recorded in the entry's index and checked before loading.
    let sourceSHA256: String

    /// Changes whenever the layout of the generated library changes, so old entries are not used.
    static let formatVersion = "symdiff-native-1"

    init(source: String, compiler: CCompiler, flags: [String]) {
        self.source = source
        self.compiler = compiler
        self.flags = flags
        var hash = StableHash()
        hash.combine(NativeProgram.formatVersion)
        hash.combine(compiler.command.joined(separator: " "))
        hash.combine(flags.joined(separator: " "))
        hash.combine(source)
        name = hash.hex
        sourceSHA256 = SHA256.hex(of: Array(source.utf8))
    }

    /// The compiler and its flags, as the index records them.
    var command: [String] { compiler.command + flags }
}
