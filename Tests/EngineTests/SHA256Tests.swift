import Foundation
@testable import SymDiff
import Testing

/// SHA-256 against the published test vectors and against coreutils' sha256sum on random data
/// fed in random pieces; the code cache's index round trip.
@Suite struct SHA256Tests {
    /// FIPS 180-4 examples (NIST's "SHA256.pdf" and "SHA2_Additional.pdf").
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func publishedVectors(_ message: String, _ digest: String) {
        #expect(SHA256.hex(of: Array(message.utf8)) == digest)
    }

    @Test func agreesWithSha256sumOnRandomDataInRandomPieces() throws {
        guard EmitToolchain.which("sha256sum") != nil else { print("skipping: no sha256sum"); return }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 256)
        // Every length around the block and padding boundaries, and a few long ones.
        let lengths = Array(0...130) + [191, 192, 1000, 4095, 65_536 + 7]
        var ours: [String] = []
        for (i, length) in lengths.enumerated() {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            try Data(bytes).write(to: dir.appendingPathComponent("m\(i)"))
            var hash = SHA256()
            var rest = bytes[...]
            while !rest.isEmpty {
                let piece = Int.random(in: 1...max(1, min(rest.count, 97)), using: &rng)
                Array(rest.prefix(piece)).withUnsafeBytes { hash.update($0) }
                rest = rest.dropFirst(piece)
            }
            ours.append(SHA256.hexadecimal(hash.finish()))
        }
        let r = try EmitToolchain.run("sha256sum", lengths.indices.map { "m\($0)" }, in: dir)
        let theirs = r.stdout.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(theirs == ours)
    }

    @Test func libraryIndexRoundTripsAndRejectsOtherText() {
        let index = LibraryIndex(librarySHA256: String(repeating: "a", count: 64), sourceSHA256: String(repeating: "b", count: 64),
                                 command: ["/usr/bin/gcc", "-O2", "-fno-tree-ter"])
        #expect(LibraryIndex(parsing: index.text) == index)
        #expect(index.text.hasPrefix("symdiff native library index 1\n"))
        for broken in ["", "symdiff native library index 1\n", index.text.replacingOccurrences(of: "index 1", with: "index 2"),
                       index.text + "library-sha256 cc\n", String(index.text.dropLast()), index.text + "extra line\n"] {
            #expect(LibraryIndex(parsing: broken) == nil, "\(broken)")
        }
    }
}
