import Glibc

/// The machine's C compiler, found and run without a shell: `$CC`, else the first of `cc`, `gcc`
/// and `clang` on the `PATH`.
public struct CCompiler: Sendable {
    /// The compiler's path and any arguments `$CC` carried (`gcc -m64`).
    public let command: [String]

    /// Why the compiler could not produce a library.
    public struct Failure: Error, CustomStringConvertible {
        /// The message for a person.
        public let description: String
    }

    /// `name` (a path, or a name looked up on the PATH), or the default search when nil.
    public static func find(_ name: String? = nil) -> CCompiler? {
        if let name { return locate(name) }
        if let cc = getenv("CC").map({ String(cString: $0) }), !cc.isEmpty {
            return locate(cc)
        }
        for candidate in ["cc", "gcc", "clang"] {
            if let found = locate(candidate) { return found }
        }
        return nil
    }

    /// What `find(name)` looks for, in words, for a message when nothing is found.
    public static func searched(_ name: String? = nil) -> String {
        if let name { return name }
        if let cc = getenv("CC").map({ String(cString: $0) }), !cc.isEmpty { return "$CC = \(cc)" }
        return "cc, gcc or clang on the PATH, or $CC"
    }

    private static func locate(_ spec: String) -> CCompiler? {
        let words = spec.split(separator: " ").map(String.init)
        guard let program = words.first else { return nil }
        if program.contains("/") {
            return access(program, X_OK) == 0 ? CCompiler(command: words) : nil
        }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let full = "\(directory)/\(program)"
            if access(full, X_OK) == 0 { return CCompiler(command: [full] + words.dropFirst()) }
        }
        return nil
    }

    /// Compiles the C file `source` into the shared library `library` with `flags`; the
    /// compiler's messages go to the open file `log` (readable too, for the error message).
    public func compileSharedLibrary(source: String, library: String, log: Int32, flags: [String]) throws(Failure) {
        let arguments = command + flags + ["-shared", "-fPIC", "-o", library, source, "-lm"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "lost the compiler process") }
        }
        // Exited normally (low 7 bits 0) with status 0 (next 8 bits).
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let message = CCompiler.firstLines(of: log)
            throw Failure(description: "\(arguments[0]) failed" + (message.isEmpty ? "" : ":\n" + message))
        }
    }

    /// The first lines of a compiler log, for an error message.
    private static func firstLines(of log: Int32, limit: Int = 4096) -> String {
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = max(0, pread(log, &buffer, limit, 0))
        return String(decoding: buffer[..<count], as: UTF8.self)
            .split(separator: "\n").prefix(8).joined(separator: "\n")
    }
}
