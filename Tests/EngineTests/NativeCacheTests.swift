import Foundation
@testable import SymDiff
import Testing

/// The code cache runs only what symdiff built itself. Each attack plants a shared library whose
/// constructor writes a marker file the moment it is loaded; the tests assert the marker never
/// appears, and that the right values still come out. Tests run as root in CI: another user is
/// simulated with `chown nobody` and with modes.
@Suite struct NativeCacheTests {
    static let f = try! Parser().parse("x^2 + sin(x)")
    static let variables = [Expr.symbol("x")]
    static let expected = 1.0 + sin(1.0)

    /// A scratch folder with a library planted by "someone else", and the marker it would write.
    struct Attack {
        let root: URL
        let marker: String
        let planted: URL

        init() throws {
            root = try EmitToolchain.temporaryDirectory()
            marker = root.appendingPathComponent("marker").path
            let source = root.appendingPathComponent("planted.c")
            try """
                #include <stdio.h>
                __attribute__((constructor)) static void planted(void) {
                    FILE *f = fopen("\(marker)", "w");
                    if (f) { fputs("PWNED: planted library ran\\n", f); fclose(f); }
                }
                """.write(to: source, atomically: true, encoding: .utf8)
            planted = root.appendingPathComponent("planted.so")
            let build = try EmitToolchain.run(EmitToolchain.cCompiler!, ["-shared", "-fPIC", "-o", planted.path, source.path])
            #expect(build.status == 0, "\(build.stderr)")
        }

        var plantedLibraryRan: Bool { FileManager.default.fileExists(atPath: marker) }

        /// A cache entry for the program, built honestly in a cache of our own: its name and index.
        func honestEntry() throws -> (name: String, index: LibraryIndex) {
            let cache = root.appendingPathComponent("honest").path
            let native = try NativeFunction([NativeCacheTests.f], variables: NativeCacheTests.variables,
                                            options: NativeOptions(cacheDirectory: cache))
            let entry = URL(fileURLWithPath: native.libraryPath).deletingLastPathComponent()
            let text = try String(contentsOf: entry.appendingPathComponent("index"), encoding: .utf8)
            return (entry.lastPathComponent, try #require(LibraryIndex(parsing: text)))
        }

        /// Plants the library in `cache` as the entry `name`, with an index that matches its
        /// bytes (an attacker who can write there can write that too), and in the old layout.
        func plant(in cache: URL, as name: String, index: LibraryIndex) throws {
            let entry = cache.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: entry, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: planted, to: entry.appendingPathComponent("library.so"))
            try FileManager.default.copyItem(at: planted, to: cache.appendingPathComponent(name + ".so"))
            var forged = index
            forged.librarySHA256 = try sha256sum(planted.path)
            try forged.text.write(to: entry.appendingPathComponent("index"), atomically: false, encoding: .utf8)
        }
    }

    /// The SHA-256 of a file by coreutils' sha256sum, a reference independent of ours.
    static func sha256sum(_ path: String) throws -> String {
        let r = try EmitToolchain.run("sha256sum", [path])
        return String(r.stdout.prefix(64))
    }

    static func run(_ command: String, _ arguments: [String]) throws {
        let r = try EmitToolchain.run(command, arguments)
        #expect(r.status == 0, "\(command) \(arguments): \(r.stderr)")
    }

    static var isRoot: Bool { geteuid() == 0 }

    func evaluate(cache: String) throws -> NativeFunction {
        let native = try NativeFunction([Self.f], variables: Self.variables, options: NativeOptions(cacheDirectory: cache))
        #expect(abs(native([1])[0] - Self.expected) < 1e-15)
        return native
    }

    // MARK: A cache others can write to

    @Test(arguments: ["world-writable", "foreign-owned", "foreign-owned and world-writable"])
    func aLibraryPlantedInACacheOthersCanWriteIsNeverLoaded(_ kind: String) throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        guard Self.isRoot || kind == "world-writable" else { print("skipping: chown needs root"); return }
        let attack = try Attack()
        defer { try? FileManager.default.removeItem(at: attack.root) }
        let (name, index) = try attack.honestEntry()
        let cache = attack.root.appendingPathComponent("shared")
        try attack.plant(in: cache, as: name, index: index)
        if kind.contains("foreign") { try Self.run("chown", ["-R", "nobody", cache.path]) }
        try Self.run("chmod", [kind.contains("world") ? "777" : "755", cache.path])

        let native = try evaluate(cache: cache.path)
        #expect(!attack.plantedLibraryRan)
        let problem = kind == "world-writable" ? "writable by others"
            : kind == "foreign-owned" ? "owned by uid 65534" : "owned by uid 65534 and writable by others"
        #expect(native.notes == ["warning: refusing the code cache '\(cache.path)': \(problem); compiling in a private temporary directory instead"])
        // Built elsewhere, and that private directory is gone again.
        #expect(!native.libraryPath.hasPrefix(cache.path))
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: native.libraryPath).deletingLastPathComponent().path))
    }

    /// The attack as first reported, through the command line: `eval --native` with
    /// SYMDIFF_CACHE pointing at a directory another user owns and anyone can write.
    @Test func theReportedAttackNoLongerRunsThePlantedLibrary() throws {
        guard EmitToolchain.missing(.c) == nil, Self.isRoot else { print("skipping: needs a C compiler and root"); return }
        let attack = try Attack()
        defer { try? FileManager.default.removeItem(at: attack.root) }
        let (name, index) = try attack.honestEntry()
        let cache = attack.root.appendingPathComponent("shared")
        try attack.plant(in: cache, as: name, index: index)
        try Self.run("chown", ["-R", "nobody", cache.path])
        try Self.run("chmod", ["777", cache.path])
        let r = try CLITests.symdiff(["eval", "x^2+sin(x)", "--at", "x=1", "--native"], environment: ["SYMDIFF_CACHE": cache.path])
        #expect(!attack.plantedLibraryRan)
        #expect(r.status == 0)
        #expect(r.stdout == "1.8414709848078965\n")
        #expect(r.stderr == "warning: refusing the code cache '\(cache.path)': owned by uid 65534 and writable by others; compiling in a private temporary directory instead\n")
    }

    @Test func aDirectoryAboveTheCacheThatOthersCanWriteIsRefusedUnlessSticky() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let root = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let shared = root.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try Self.run("chmod", ["777", shared.path])
        // Someone else could rename our cache away and put theirs in its place.
        let refused = try evaluate(cache: shared.appendingPathComponent("mine/cache").path)
        #expect(refused.notes == ["warning: refusing the code cache '\(shared.path)/mine/cache': the directory '\(shared.path)' above it is writable by others; compiling in a private temporary directory instead"])
        // With the sticky bit (like /tmp) others can add entries but not rename ours.
        try Self.run("chmod", ["1777", shared.path])
        let used = try evaluate(cache: shared.appendingPathComponent("mine/cache").path)
        #expect(used.notes.isEmpty)
        #expect(used.libraryPath.hasPrefix(shared.path + "/mine/cache/"))
    }

    // MARK: A cache of our own, changed behind our back

    /// Ways a library or its index can change after it was cached. Each entry is rebuilt, with
    /// a warning, and the planted library never runs.
    static let tamperings = ["library replaced", "one byte of the library changed", "library made writable by others",
                             "index removed", "index names another source", "library is a symbolic link",
                             "entry is a symbolic link"]

    @Test(arguments: tamperings)
    func aLibraryChangedAfterCachingIsRebuiltNotLoaded(_ tampering: String) throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let attack = try Attack()
        defer { try? FileManager.default.removeItem(at: attack.root) }
        let cache = attack.root.appendingPathComponent("cache")
        // Built and released again: a library changed in place while it is mapped would
        // change the code of the running process (the test would attack itself).
        let entry = try { () throws -> URL in
            let built = try evaluate(cache: cache.path)
            #expect(built.notes.isEmpty)
            return URL(fileURLWithPath: built.libraryPath).deletingLastPathComponent()
        }()
        let library = entry.appendingPathComponent("library.so"), indexFile = entry.appendingPathComponent("index")
        let original = try Data(contentsOf: library)
        let index = try #require(LibraryIndex(parsing: try String(contentsOf: indexFile, encoding: .utf8)))
        #expect(index.librarySHA256 == (try Self.sha256sum(library.path)))

        let fm = FileManager.default
        switch tampering {
        case "library replaced":
            try fm.removeItem(at: library)
            try fm.copyItem(at: attack.planted, to: library)
        case "one byte of the library changed":
            var bytes = original
            bytes[bytes.count / 2] ^= 1
            try bytes.write(to: library)
        case "library made writable by others":
            try Self.run("chmod", ["777", library.path])
        case "index removed":
            try fm.removeItem(at: indexFile)
        case "index names another source":
            var other = index
            other.sourceSHA256 = String(repeating: "0", count: 64)
            try fm.removeItem(at: indexFile)
            try other.text.write(to: indexFile, atomically: false, encoding: .utf8)
        case "library is a symbolic link":
            // To a planted library, with an index that matches it.
            var forged = index
            forged.librarySHA256 = try Self.sha256sum(attack.planted.path)
            try fm.removeItem(at: library)
            try fm.createSymbolicLink(at: library, withDestinationURL: attack.planted)
            try fm.removeItem(at: indexFile)
            try forged.text.write(to: indexFile, atomically: false, encoding: .utf8)
        default:
            // The whole entry: a link to a directory holding the planted library and its index.
            let elsewhere = attack.root.appendingPathComponent("elsewhere")
            try attack.plant(in: elsewhere, as: "entry", index: index)
            try fm.removeItem(at: entry)
            try fm.createSymbolicLink(at: entry, withDestinationURL: elsewhere.appendingPathComponent("entry"))
        }
        let rebuilt = try evaluate(cache: cache.path)
        #expect(!attack.plantedLibraryRan)
        #expect(rebuilt.notes.count == 1)
        #expect(rebuilt.notes.first?.hasPrefix("warning: ") == true && rebuilt.notes.first?.hasSuffix("; rebuilding it") == true)
        // The entry is whole again: a private directory, its library matching its index.
        let attributes = try fm.attributesOfItem(atPath: entry.path)
        #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
        let again = try #require(LibraryIndex(parsing: try String(contentsOf: indexFile, encoding: .utf8)))
        #expect(again.librarySHA256 == (try Self.sha256sum(library.path)))
        #expect(again.sourceSHA256 == index.sourceSHA256)
        // And it is used as it is from now on, without a word.
        #expect(try evaluate(cache: cache.path).notes.isEmpty)
        #expect(try fm.contentsOfDirectory(atPath: cache.path) == [entry.lastPathComponent])
    }

    // MARK: Permissions and concurrency

    @Test func newDirectoriesAndFilesArePrivate() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let root = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let native = try evaluate(cache: root.appendingPathComponent("made/by/us").path)
        let entry = URL(fileURLWithPath: native.libraryPath).deletingLastPathComponent()
        func mode(_ url: URL) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
        }
        for made in ["made", "made/by", "made/by/us"] { #expect(try mode(root.appendingPathComponent(made)) == 0o700, "\(made)") }
        #expect(try mode(entry) == 0o700)
        #expect(try mode(entry.appendingPathComponent("library.so")) == 0o700)
        #expect(try mode(entry.appendingPathComponent("source.c")) == 0o600)
        #expect(try mode(entry.appendingPathComponent("index")) == 0o600)
    }

    /// Several processes compiling the same program at once: all succeed, and the cache ends
    /// with one complete entry.
    @Test func concurrentNativeRunsOfTheSameProgramAllSucceed() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let binary = try #require(CLITests.binary)
        let root = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache").path
        let arguments = ["eval", "sigmoid(x*y) + log(1 + x^2)*erf(y)", "--at", "x=0.7,y=-1.3", "--grad", "--native"]
        let tape = try CLITests.symdiff(Array(arguments.dropLast()))
        // Started together, before any has finished: each compiles, none finds a finished entry.
        let processes = (0..<4).map { _ in
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["SYMDIFF_CACHE": cache]) { $1 }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            return (process, out, err)
        }
        for (process, _, _) in processes { try process.run() }
        for (process, out, err) in processes {
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(stderr == "")
            #expect(stdout == tape.stdout)
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(entries.count == 1, "\(entries)")
        let entry = "\(cache)/\(entries[0])"
        let index = try #require(LibraryIndex(parsing: try String(contentsOfFile: "\(entry)/index", encoding: .utf8)))
        #expect(index.librarySHA256 == (try Self.sha256sum("\(entry)/library.so")))
    }

    @Test func anUnusableCacheFallsBackToAPrivateDirectory() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let root = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("file")
        try "not a directory".write(to: file, atomically: true, encoding: .utf8)
        let native = try evaluate(cache: file.appendingPathComponent("cache").path)
        #expect(native.notes == ["warning: cannot use the code cache '\(file.path)/cache': '\(file.path)' is not a directory; compiling in a private temporary directory instead"])
    }
}
