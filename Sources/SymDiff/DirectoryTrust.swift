import Glibc

/// Whether a directory may hold code this process will run. The rule is the one ssh applies to
/// `~/.ssh`: the directory belongs to this user and no one else can write to it, and every
/// directory above it belongs to this user or to root and no one else can write to it either
/// (except a sticky one such as `/tmp`, where others may add entries but not rename or remove
/// ours). Otherwise another user could put a library there, or swap the path under us.
enum DirectoryTrust {
    /// Why a directory is not used, as a sentence for stderr.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Opens `path` (called `label` in messages, "the code cache") as a directory of this
    /// user's own, first creating it and any missing parent with mode 0700.
    static func open(_ path: String, label: String) throws(Refusal) -> OpenDirectory {
        let named = "\(label) '\(path)'"
        var info = stat()
        var current = "/"
        guard lstat(current, &info) == 0 else { throw Refusal(description: "cannot use \(named): \(reason(errno))") }
        if let problem = problemAbove(info) { throw Refusal(description: "refusing \(named): the directory '/' above it is \(problem)") }
        let components = canonicalComponents(path)
        for (index, name) in components.enumerated() {
            current += (current == "/" ? "" : "/") + name
            if lstat(current, &info) != 0 {
                // Missing: make it ours alone. EEXIST means another process just made it; the
                // checks below apply to it as to any directory we found.
                guard errno == ENOENT, mkdir(current, 0o700) == 0 || errno == EEXIST, lstat(current, &info) == 0 else {
                    throw Refusal(description: "cannot create \(named): \(reason(errno))")
                }
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw Refusal(description: "cannot use \(named): '\(current)' is not a directory")
            }
            if index == components.count - 1 {
                if let problem = problemOwn(info) { throw Refusal(description: "refusing \(named): \(problem)") }
            } else if let problem = problemAbove(info) {
                throw Refusal(description: "refusing \(named): the directory '\(current)' above it is \(problem)")
            }
        }
        let fd = Glibc.open(current, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(description: "cannot use \(named): \(reason(errno))") }
        // The checks above went by path; every later step goes by this descriptor, so check it.
        guard fstat(fd, &info) == 0, problemOwn(info) == nil else {
            close(fd)
            throw Refusal(description: "refusing \(named): it changed while it was being checked")
        }
        return OpenDirectory(path: current, descriptor: fd)
    }

    /// A new directory only this user can enter, under `$TMPDIR` (else `/tmp`), checked like
    /// the cache.
    static func makeTemporary() throws(Refusal) -> OpenDirectory {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/symdiff-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Refusal(description: "cannot make a private directory in '\(base)': \(reason(errno))")
        }
        let path = String(cString: made)
        do {
            return try open(path, label: "the temporary directory")
        } catch {
            rmdir(path)
            throw error
        }
    }

    /// What is wrong with a directory that is to hold our files, or nil.
    static func problemOwn(_ info: stat) -> String? {
        var problems: [String] = []
        if info.st_uid != geteuid() { problems.append("owned by uid \(info.st_uid)") }
        if let writers = otherWriters(info) { problems.append("writable by \(writers)") }
        return problems.isEmpty ? nil : problems.joined(separator: " and ")
    }

    /// What is wrong with a directory above ours, or nil: another owner than us or root, or
    /// others who may write to it without the sticky bit.
    private static func problemAbove(_ info: stat) -> String? {
        var problems: [String] = []
        if info.st_uid != geteuid() && info.st_uid != 0 { problems.append("owned by uid \(info.st_uid)") }
        if info.st_mode & S_ISVTX == 0, let writers = otherWriters(info) { problems.append("writable by \(writers)") }
        return problems.isEmpty ? nil : problems.joined(separator: " and ")
    }

    private static func otherWriters(_ info: stat) -> String? {
        if info.st_mode & S_IWOTH != 0 { return "others" }
        if info.st_mode & S_IWGRP != 0 { return "group" }
        return nil
    }

    /// The names from `/` down to `path`: the longest part that exists with symbolic links
    /// resolved (so the checks see the directories actually used), then the missing rest,
    /// with `.` and `..` applied.
    private static func canonicalComponents(_ path: String) -> [String] {
        var absolute = path
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            absolute = String(cString: cwd) + "/" + path
            free(cwd)
        }
        let parts = absolute.split(separator: "/").map(String.init)
        for existing in stride(from: parts.count, through: 0, by: -1) {
            guard let real = realpath("/" + parts[..<existing].joined(separator: "/"), nil) else { continue }
            var components = String(cString: real).split(separator: "/").map(String.init)
            free(real)
            for name in parts[existing...] {
                if name == ".." { _ = components.popLast() } else if name != "." { components.append(name) }
            }
            return components
        }
        return parts
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
