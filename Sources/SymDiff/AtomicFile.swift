import Glibc

/// Writing a whole file so that readers see either the old file or the complete new one, never a
/// half-written one: the text goes to a temporary file in the same directory, is flushed to disk,
/// and is renamed over the destination (rename is atomic within one file system). A crash or
/// Ctrl-C in between leaves at most a stray `.NAME.tmp-PID` file and the old file intact.
public enum AtomicFile {
    /// Why a file could not be written; the description names the path and the system's reason.
    public struct WriteError: Error, CustomStringConvertible {
        /// The file that could not be written.
        public let path: String
        /// Why, as the system said it.
        public let reason: String
        /// The message for a person.
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// Writes `text` (UTF-8) to `path`, replacing any existing file atomically.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        var bytes = Array(text.utf8)
        try write(bytes: &bytes, to: path)
    }

    /// Writes raw bytes to `path`, replacing any existing file atomically.
    public static func write(bytes: inout [UInt8], to path: String) throws(WriteError) {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: systemReason()) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = systemReason()
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = systemReason() }
        if close(descriptor) != 0 && failure == nil { failure = systemReason() }
        if failure == nil && rename(temporary, path) != 0 { failure = systemReason() }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
    }

    /// `dir/.name.tmp-PID`: hidden, next to the destination (same file system, so rename works).
    public static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(directory).\(name).tmp-\(getpid())"
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno))
    }
}
