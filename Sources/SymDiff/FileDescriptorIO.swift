import Glibc

/// Whole reads and writes on open file descriptors, retrying short transfers and interruptions.
enum FileDescriptorIO {
    /// Writes all of `bytes`; 0, or the system's error number.
    static func write(_ bytes: [UInt8], to fd: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
    }

    /// Passes the file's bytes from the current offset to the end to `consume`, a chunk at a
    /// time; false on a read error.
    static func readToEnd(_ fd: Int32, _ consume: (UnsafeRawBufferPointer) -> Void) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer in
            while true {
                let n = read(fd, buffer.baseAddress, buffer.count)
                if n == 0 { return true }
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                consume(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
        }
    }

    /// The whole file from the current offset, or nil on a read error or past `limit` bytes.
    static func readAll(_ fd: Int32, limit: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        guard readToEnd(fd, { if bytes.count <= limit { bytes += $0 } }), bytes.count <= limit else { return nil }
        return bytes
    }

    /// The SHA-256 digest (hexadecimal) of the file's bytes from the current offset, or nil on
    /// a read error.
    static func sha256(_ fd: Int32) -> String? {
        var hash = SHA256()
        guard readToEnd(fd, { hash.update($0) }) else { return nil }
        return SHA256.hexadecimal(hash.finish())
    }
}
