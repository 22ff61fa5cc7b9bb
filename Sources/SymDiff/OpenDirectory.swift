import Glibc

/// A directory held open by its descriptor. Files in it are reached relative to the descriptor
/// and never through a symbolic link, and names we create are fresh and random, so nothing
/// planted at a predictable path is ever followed.
final class OpenDirectory {
    /// The path the directory was opened by (for messages and for `dlopen`).
    let path: String
    let descriptor: Int32
    /// The last component of `path`.
    var name: String { path.split(separator: "/").last.map(String.init) ?? "/" }

    /// Takes ownership of `descriptor`, an open directory.
    init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The subdirectory `name`, unless it is missing, not a directory, or a symbolic link.
    func subdirectory(_ name: String) -> OpenDirectory? {
        let fd = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return fd < 0 ? nil : OpenDirectory(path: path + "/" + name, descriptor: fd)
    }

    /// A new subdirectory only this user can enter (mode 0700), under a fresh random name
    /// starting with `prefix`.
    func makeSubdirectory(prefix: String) throws(SystemError) -> OpenDirectory {
        for _ in 0..<100 {
            let name = RandomName.make(prefix: prefix)
            if mkdirat(descriptor, name, 0o700) == 0 {
                guard let made = subdirectory(name) else { throw SystemError(path: path + "/" + name) }
                return made
            }
            guard errno == EEXIST else { throw SystemError(path: path + "/" + name) }
        }
        throw SystemError(path: path + "/" + prefix + "*", code: EEXIST)
    }

    /// Opens the regular file `name` for reading, without following a symbolic link; -1 when
    /// it cannot.
    func openForReading(_ name: String) -> Int32 {
        openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    }

    /// Creates `name`, which must not exist yet (not even as a symbolic link), with `mode`,
    /// open for writing (`O_WRONLY`) or for both (`O_RDWR`).
    func create(_ name: String, mode: mode_t, access: Int32 = O_WRONLY) throws(SystemError) -> Int32 {
        let fd = openat(descriptor, name, access | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemError(path: path + "/" + name) }
        return fd
    }

    /// Creates `name` holding `bytes` (mode `mode`), flushed to disk.
    func write(_ bytes: [UInt8], to name: String, mode: mode_t) throws(SystemError) {
        let fd = try create(name, mode: mode)
        defer { close(fd) }
        let code = FileDescriptorIO.write(bytes, to: fd)
        guard code == 0, fsync(fd) == 0 || errno == EINVAL else {
            throw SystemError(path: path + "/" + name, code: code == 0 ? errno : code)
        }
    }

    /// Renames the entry `name` to `newName` in `target` (by default this directory); the
    /// system's error number when it fails. Atomic: readers see the old entry or the new one.
    func rename(_ name: String, to newName: String, in target: OpenDirectory? = nil) -> Int32 {
        renameat(descriptor, name, (target ?? self).descriptor, newName) == 0 ? 0 : errno
    }

    /// Removes the subdirectory `name` and the files in it (the directories this type makes
    /// hold files only), or `name` itself when it is not a directory; quietly leaves what it
    /// cannot remove.
    func removeSubdirectory(_ name: String) {
        if let child = subdirectory(name) {
            for entry in child.entries() { unlinkat(child.descriptor, entry, 0) }
        }
        if unlinkat(descriptor, name, AT_REMOVEDIR) != 0 && errno == ENOTDIR { unlinkat(descriptor, name, 0) }
    }

    /// The names in this directory, without `.` and `..`.
    func entries() -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// A failed system call on a path: the path and the system's reason.
struct SystemError: Error, CustomStringConvertible {
    let path: String
    let code: Int32

    /// The error of the call just made (`errno`) unless `code` is given.
    init(path: String, code: Int32 = errno) {
        self.path = path
        self.code = code
    }

    var description: String { "cannot write '\(path)': \(String(cString: strerror(code)))" }
}
