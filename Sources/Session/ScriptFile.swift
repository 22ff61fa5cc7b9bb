import Glibc

/// Reading a script file whole, with a message that names the file and the reason on failure,
/// and a check that the bytes are UTF-8 text (the offset of the first bad byte otherwise).
public enum ScriptFile {
    /// The text of the file, or a message saying why it could not be read.
    public enum ReadResult {
        case success(String)
        case failure(String)
    }

    /// The largest script accepted.
    public static let maximumBytes = 64 << 20

    /// Reads `path` ("-" is stdin).
    public static func read(_ path: String) -> ReadResult {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
            if bytes.count > maximumBytes { return .failure("'\(path)' is larger than \(maximumBytes >> 20) MiB") }
        }
        if let bad = firstInvalidUTF8(bytes) {
            return .failure("'\(path)' is not UTF-8 text (invalid byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad))")
        }
        if let zero = bytes.firstIndex(of: 0) {
            return .failure("'\(path)' is not text (a NUL byte at byte offset \(zero))")
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// The offset of the first byte that is not part of valid UTF-8, if any.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
