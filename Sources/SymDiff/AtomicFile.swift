import Glibc

/// Writing a whole file so that readers see either the old file or the complete new one, never a
/// half-written one: the bytes go to a temporary file in the same directory, are flushed to disk,
/// and the temporary file is renamed over the destination (rename is atomic within one file
/// system). The temporary file gets a fresh random name and is created with `O_EXCL` and
/// `O_NOFOLLOW`, so nothing planted in the directory beforehand (a symbolic link to another
/// file, say) is ever written through. A new file gets `permissions` less the umask; a file
/// that is replaced keeps its own permission bits. A crash or Ctrl-C in between leaves at most a
/// stray `.NAME.tmp-XXXXXXXXXXXX` file and the old file intact.
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

    /// Writes `text` (UTF-8) to `path`, replacing any existing file atomically; a new file gets
    /// `permissions` less the umask.
    public static func write(_ text: String, to path: String, permissions: mode_t = 0o666) throws(WriteError) {
        var bytes = Array(text.utf8)
        try write(bytes: &bytes, to: path, permissions: permissions)
    }

    /// Writes raw bytes to `path`, replacing any existing file atomically; a new file gets
    /// `permissions` less the umask.
    public static func write(bytes: inout [UInt8], to path: String, permissions: mode_t = 0o666) throws(WriteError) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        try write(bytes, to: path, permissions: permissions) { RandomName.make(prefix: ".\(name).tmp-") }
    }

    /// The same, with the temporary file's names (in the destination's directory) drawn from
    /// `temporaryName` until one is free.
    static func write(_ bytes: [UInt8], to path: String, permissions: mode_t,
                      temporaryName: () -> String) throws(WriteError) {
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        // A file replaced keeps its permissions (a history or key file made private stays so).
        var existing = stat()
        let replaced = lstat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG
        var temporary = "", descriptor: Int32 = -1
        for _ in 0..<100 where descriptor < 0 {
            temporary = directory + temporaryName()
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, replaced ? 0o600 : permissions)
            guard descriptor >= 0 || errno == EEXIST else { throw WriteError(path: path, reason: systemReason()) }
        }
        guard descriptor >= 0 else { throw WriteError(path: path, reason: "no free temporary name beside it") }
        var failure: String?
        if replaced && fchmod(descriptor, existing.st_mode & 0o777) != 0 { failure = systemReason() }
        let code = failure == nil ? FileDescriptorIO.write(bytes, to: descriptor) : 0
        if code != 0 { failure = String(cString: strerror(code)) }
        if failure == nil && fsync(descriptor) != 0 { failure = systemReason() }
        if close(descriptor) != 0 && failure == nil { failure = systemReason() }
        if failure == nil && rename(temporary, path) != 0 { failure = systemReason() }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno))
    }
}
