import Foundation
@testable import SymDiff
import Testing

/// Files symdiff writes (`--output`, figures, the REPL history) go through `AtomicFile`: never
/// through a symbolic link planted at the temporary path, with the permissions documented in
/// the README.
@Suite struct WrittenFileTests {
    /// The process's umask, read without changing it (other tests create files meanwhile).
    static var umask: Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
        return line.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func aSymbolicLinkPlantedAtTheTemporaryPathIsNotFollowed() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let victim = dir.appendingPathComponent("victim.txt"), notThere = dir.appendingPathComponent("made-through-a-link")
        try "precious\n".write(to: victim, atomically: true, encoding: .utf8)
        // Links at the first two names the writer will try: one to an existing file, one
        // dangling (O_CREAT alone would create its target).
        try fm.createSymbolicLink(at: dir.appendingPathComponent(".out.txt.tmp-planted"), withDestinationURL: victim)
        try fm.createSymbolicLink(at: dir.appendingPathComponent(".out.txt.tmp-dangling"), withDestinationURL: notThere)
        var names = [".out.txt.tmp-planted", ".out.txt.tmp-dangling", ".out.txt.tmp-free"].makeIterator()
        let out = dir.appendingPathComponent("out.txt").path
        try AtomicFile.write(Array("result\n".utf8), to: out, permissions: 0o666) { names.next()! }

        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        #expect(!fm.fileExists(atPath: notThere.path))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "result\n")
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == [".out.txt.tmp-dangling", ".out.txt.tmp-planted", "out.txt", "victim.txt"])
    }

    @Test func newFilesFollowTheUmaskAndReplacedFilesKeepTheirPermissions() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("f.c").path, history = dir.appendingPathComponent("history").path
        try AtomicFile.write("one\n", to: plain)
        #expect(try Self.mode(plain) == 0o666 & ~Self.umask)
        try AtomicFile.write("one\n", to: history, permissions: 0o600)
        #expect(try Self.mode(history) == 0o600)
        // A file the user made private, or shared with a group, stays so when rewritten.
        for kept in [0o600, 0o640, 0o664] {
            try FileManager.default.setAttributes([.posixPermissions: kept], ofItemAtPath: plain)
            try AtomicFile.write("two\n", to: plain)
            #expect(try Self.mode(plain) == kept)
            #expect(try String(contentsOfFile: plain, encoding: .utf8) == "two\n")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["f.c", "history"])
    }

    @Test func outputKeepsThePermissionsOfTheFileItReplaces() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.py").path
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let r = try CLITests.symdiff(["emit", "x^2", "--lang", "python", "--output", path])
        #expect(r.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("def f("))
        #expect(try Self.mode(path) == 0o600)
    }

    @Test func theREPLHistoryIsPrivate() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-history-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: history) }
        let transcript = try REPLTests().session(["expect:> ", "send:1 + 1\\r", "expect:2", "send:2 + 2\\r", "expect:4", "send::quit\\r"],
                                                  history: history)
        #expect(transcript.contains("--- exit 0"))
        #expect(try String(contentsOfFile: history, encoding: .utf8) == "1 + 1\n2 + 2\n:quit\n")
        #expect(try Self.mode(history) == 0o600)
    }
}
