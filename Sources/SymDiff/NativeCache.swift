import Glibc

/// The code cache for native code. It is a directory of this user's own (`DirectoryTrust`)
/// holding one entry per program, a subdirectory named after the program's stable hash, with
/// `source.c`, `library.so` (mode 0700) and `index` (`LibraryIndex`, mode 0600). An entry is
/// built in a fresh private directory beside the others and published by renaming that
/// directory, so readers find it complete or not at all; a library is loaded only when its
/// bytes still hash to what its index recorded. A cache that others could write to is not used:
/// the program is built in a private temporary directory instead and the user told why.
enum NativeCache {
    /// A library loaded into this process.
    struct Loaded {
        let handle: UnsafeMutableRawPointer
        /// Where the library was loaded from (removed already when it was built in a private
        /// temporary directory).
        let path: String
        /// What the user should hear about it on stderr: a refused cache, a library rebuilt
        /// because it changed on disk.
        let notes: [String]
    }

    static let sourceFile = "source.c"
    static let libraryFile = "library.so"
    static let indexFile = "index"
    private static let logFile = "compiler.log"
    /// Names of the private directories builds happen in, and of entries being removed.
    private static let buildPrefix = ".build-", removedPrefix = ".removed-"

    /// `source` compiled with the options' compiler and flags (or found in their cache) and
    /// loaded, one build at a time in this process.
    static func load(source: String, options: NativeOptions) throws(NativeError) -> Loaded {
        guard let compiler = CCompiler.find(options.compiler) else {
            throw .noCompiler(CCompiler.searched(options.compiler))
        }
        let program = NativeProgram(source: source, compiler: compiler, flags: options.flags)
        let directory = options.cacheDirectory ?? NativeOptions.defaultCacheDirectory()
        return try NativeFunction.buildLock.withLock { _ throws(NativeError) in
            try NativeCache.load(program, directory: directory)
        }
    }

    /// Loads `program` from the cache in `directory`, building and adding it when it is missing
    /// or has changed since it was built.
    static func load(_ program: NativeProgram, directory: String) throws(NativeError) -> Loaded {
        let cache: OpenDirectory
        do {
            cache = try DirectoryTrust.open(directory, label: "the code cache")
        } catch {
            return try loadPrivately(program, refusal: error)
        }
        var notes: [String] = []
        switch cached(program, in: cache) {
        case let .loaded(loaded): return loaded
        case .absent: break
        case let .rejected(reason): notes.append("warning: \(reason); rebuilding it")
        }
        sweepAbandoned(in: cache)
        let work: OpenDirectory
        do {
            work = try cache.makeSubdirectory(prefix: buildPrefix)
        } catch {
            // Ours but not writable (a read-only volume, say): build elsewhere.
            return try loadPrivately(program, refusal: DirectoryTrust.Refusal(description: error.description))
        }
        let handle: UnsafeMutableRawPointer
        do {
            handle = try build(program, in: work)
        } catch {
            cache.removeSubdirectory(work.name)
            throw error
        }
        publish(work.name, as: program.name, in: cache, replacing: !notes.isEmpty)
        return Loaded(handle: handle, path: "\(cache.path)/\(program.name)/\(libraryFile)", notes: notes)
    }

    // MARK: Finding a library in the cache

    private enum Lookup {
        case loaded(Loaded)
        case absent
        case rejected(String)
    }

    /// The cached library of `program`, loaded after checking that the entry is ours alone and
    /// that the library's bytes, the source and the command are those its index records.
    private static func cached(_ program: NativeProgram, in cache: OpenDirectory) -> Lookup {
        let entryPath = "\(cache.path)/\(program.name)"
        guard let entry = cache.subdirectory(program.name) else {
            return errno == ENOENT ? .absent : .rejected("the code cache entry '\(entryPath)' is not a directory symdiff made")
        }
        guard isPrivate(entry.descriptor, type: S_IFDIR) else {
            return .rejected("the code cache entry '\(entryPath)' is not this user's alone")
        }
        guard let index = readIndex(in: entry) else {
            return .rejected("the code cache entry '\(entryPath)' has no index symdiff wrote")
        }
        guard index.sourceSHA256 == program.sourceSHA256, index.command == program.command else {
            return .rejected("the code cache entry '\(entryPath)' was built from another program")
        }
        let libraryPath = "\(entryPath)/\(libraryFile)"
        let fd = entry.openForReading(libraryFile)
        guard fd >= 0 else { return .rejected("cannot open the cached library '\(libraryPath)'") }
        defer { close(fd) }
        guard isPrivate(fd, type: S_IFREG) else {
            return .rejected("the cached library '\(libraryPath)' is not this user's alone")
        }
        guard FileDescriptorIO.sha256(fd) == index.librarySHA256 else {
            return .rejected("the cached library '\(libraryPath)' has changed since symdiff built it (its SHA-256 no longer matches the index)")
        }
        // dlopen matches names before files: a library loaded earlier in this process from the
        // same path (and changed in place since) would be returned instead of the file just
        // checked. So the checked file is loaded under a fresh name, a hard link to it.
        guard let alias = freshName(for: fd, in: entry) else {
            return .rejected("cannot load the cached library '\(libraryPath)': \(String(cString: strerror(errno)))")
        }
        defer { unlinkat(entry.descriptor, alias, 0) }
        guard let handle = dlopen("\(entryPath)/\(alias)", RTLD_NOW | RTLD_LOCAL) else {
            return .rejected("cannot load the cached library '\(libraryPath)': \(String(cString: dlerror()))")
        }
        return .loaded(Loaded(handle: handle, path: libraryPath, notes: []))
    }

    /// A new hard link in `entry` to the open file `fd`, checked to be that very file; nil
    /// when it cannot be made.
    private static func freshName(for fd: Int32, in entry: OpenDirectory) -> String? {
        let alias = RandomName.make(prefix: ".load-") + ".so"
        // Linking the descriptor itself needs /proc; without it, link the name just checked.
        if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", entry.descriptor, alias, AT_SYMLINK_FOLLOW) != 0
            && linkat(entry.descriptor, libraryFile, entry.descriptor, alias, 0) != 0 { return nil }
        var checked = stat(), linked = stat()
        guard fstat(fd, &checked) == 0, fstatat(entry.descriptor, alias, &linked, AT_SYMLINK_NOFOLLOW) == 0,
              checked.st_dev == linked.st_dev, checked.st_ino == linked.st_ino else {
            unlinkat(entry.descriptor, alias, 0)
            errno = ESTALE
            return nil
        }
        return alias
    }

    private static func readIndex(in entry: OpenDirectory) -> LibraryIndex? {
        let fd = entry.openForReading(indexFile)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard isPrivate(fd, type: S_IFREG), let bytes = FileDescriptorIO.readAll(fd, limit: 1 << 16) else { return nil }
        return LibraryIndex(parsing: String(decoding: bytes, as: UTF8.self))
    }

    /// True when the open file is of `type`, owned by this user and writable by no one else.
    private static func isPrivate(_ fd: Int32, type: mode_t) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_mode & S_IFMT == type && DirectoryTrust.problemOwn(info) == nil
    }

    // MARK: Building

    /// Compiles `program` in `directory` (private, fresh), records the library's digest in an
    /// index beside it, and loads it.
    private static func build(_ program: NativeProgram, in directory: OpenDirectory) throws(NativeError) -> UnsafeMutableRawPointer {
        let log: Int32
        do {
            try directory.write(Array(program.source.utf8), to: sourceFile, mode: 0o600)
            log = try directory.create(logFile, mode: 0o600, access: O_RDWR)
        } catch { throw .cache(error.description) }
        defer {
            close(log)
            unlinkat(directory.descriptor, logFile, 0)
        }
        // By path: the directory and every one above it are writable by this user alone, so the
        // paths lead where the descriptor does.
        let libraryPath = "\(directory.path)/\(libraryFile)"
        do {
            try program.compiler.compileSharedLibrary(source: "\(directory.path)/\(sourceFile)", library: libraryPath,
                                                      log: log, flags: program.flags)
        } catch { throw .compiler(error.description) }
        let fd = directory.openForReading(libraryFile)
        guard fd >= 0 else { throw .compiler("no library at '\(libraryPath)'") }
        defer { close(fd) }
        // The linker leaves it executable by everyone (0777 less the umask); only we need to.
        guard fchmod(fd, 0o700) == 0, fsync(fd) == 0, let digest = FileDescriptorIO.sha256(fd) else {
            throw .cache("cannot finish '\(libraryPath)': \(String(cString: strerror(errno)))")
        }
        let index = LibraryIndex(librarySHA256: digest, sourceSHA256: program.sourceSHA256, command: program.command)
        do { try directory.write(Array(index.text.utf8), to: indexFile, mode: 0o600) } catch { throw .cache(error.description) }
        guard let handle = dlopen(libraryPath, RTLD_NOW | RTLD_LOCAL) else { throw .load(String(cString: dlerror())) }
        return handle
    }

    /// Renames the finished build directory `work` to `name`, moving aside and removing an
    /// entry found wanting first when `replacing`. When another process published the same
    /// program meanwhile, its entry stays and ours goes; either is complete.
    private static func publish(_ work: String, as name: String, in cache: OpenDirectory, replacing: Bool) {
        if replacing {
            let aside = RandomName.make(prefix: removedPrefix)
            if cache.rename(name, to: aside) == 0 { cache.removeSubdirectory(aside) }
        }
        if cache.rename(work, to: name) != 0 { cache.removeSubdirectory(work) }
    }

    /// Builds cut short (Ctrl-C, a crash) leave their private directories behind; any older
    /// than an hour, far longer than a build takes, is abandoned and removed.
    private static func sweepAbandoned(in cache: OpenDirectory) {
        let now = time(nil)
        for name in cache.entries() where name.hasPrefix(buildPrefix) || name.hasPrefix(removedPrefix) {
            var info = stat()
            if fstatat(cache.descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0, now - info.st_mtim.tv_sec > 3600 {
                cache.removeSubdirectory(name)
            }
        }
    }

    /// Builds and loads `program` in a private temporary directory, removed again once the
    /// library is loaded (it stays mapped), because the cache was refused.
    private static func loadPrivately(_ program: NativeProgram, refusal: DirectoryTrust.Refusal) throws(NativeError) -> Loaded {
        let scratch: OpenDirectory
        do { scratch = try DirectoryTrust.makeTemporary() } catch { throw .cache("\(refusal); \(error)") }
        defer {
            for entry in scratch.entries() { unlinkat(scratch.descriptor, entry, 0) }
            rmdir(scratch.path)
        }
        let handle = try build(program, in: scratch)
        return Loaded(handle: handle, path: "\(scratch.path)/\(libraryFile)",
                      notes: ["warning: \(refusal); compiling in a private temporary directory instead"])
    }
}
