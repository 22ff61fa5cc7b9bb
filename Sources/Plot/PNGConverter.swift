import Expr
import Glibc

/// PNG from SVG through `rsvg-convert` (librsvg), when it is installed: rasterizing text and
/// antialiased curves is a renderer's job, not something to write here. The caller writes the
/// returned bytes (atomically), so a failed conversion never leaves a partial file behind.
public enum PNGConverter {
    /// The converter's full path, found on `PATH`, or nil when it is not installed.
    public static func converterPath() -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/rsvg-convert"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The PNG image of `svg`, scaled by `zoom` (2 for high-density screens).
    public static func png(fromSVG svg: String, zoom: Double = 1) throws(PlotError) -> [UInt8] {
        guard let converter = converterPath() else { throw .converterMissing }
        // The SVG goes through a private temporary file: reading the converter's output while
        // also feeding its input through a pipe would need a second thread.
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/symdiff-plot-XXXXXX.svg").utf8CString)
        let input = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard input >= 0 else { throw .converterFailed("cannot create a temporary file in \(directory)") }
        let inputPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(inputPath) }
        let bytes = Array(svg.utf8)
        let written = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        close(input)
        guard written == bytes.count else { throw .converterFailed("cannot write a temporary file in \(directory)") }
        return try run([converter, "--format", "png", "--zoom", NumberText.fixed(zoom, decimals: 3), inputPath])
    }

    /// Runs `arguments` (the first is the program) and returns what it wrote to stdout.
    static func run(_ arguments: [String]) throws(PlotError) -> [UInt8] {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw .converterFailed("cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw .converterFailed(String(cString: strerror(spawned)))
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        close(pipeEnds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally (low 7 bits zero) with status 0 (the next 8 bits).
        let exited = status & 0x7f == 0, code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw .converterFailed(exited ? "exit status \(code)" : "killed by signal \(status & 0x7f)")
        }
        guard output.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { throw .converterFailed("no PNG image in its output") }
        return output
    }
}
