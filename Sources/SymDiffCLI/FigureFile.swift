import Glibc
import Session
import SymDiff

/// Writing results to files (code as text; figures as SVG, or PNG through rsvg-convert) and
/// drawing figures in the terminal.
enum FigureFile {
    /// Fails before any work when `path` could not be written as asked: an extension other than
    /// `extensions` (when there are any), a missing directory, PNG without a converter.
    static func check(_ path: String, extensions: [String], command: CommandSpec) throws(CommandLineError) {
        let lower = path.lowercased()
        if !extensions.isEmpty, !extensions.contains(where: { lower.hasSuffix("." + $0) }) {
            throw CommandLineError.usage("cannot tell the format of '\(path)': give a file ending in "
                                         + extensions.map { "." + $0 }.joined(separator: " or "), command)
        }
        if lower.hasSuffix(".png"), extensions.contains("png"), PNGConverter.converterPath() == nil {
            throw CommandLineError.input("error: \(PlotError.converterMissing)")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? "./"
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw CommandLineError.input("error: cannot write '\(path)': the directory '\(directory)' does not exist")
        }
    }

    /// Writes `file` atomically (never a half-written file).
    static func write(_ file: OutputFile) throws(CommandLineError) {
        do {
            switch file.content {
            case let .text(code):
                try AtomicFile.write(code, to: file.path)
            case let .figure(figure) where file.path.lowercased().hasSuffix(".png"):
                var bytes = try PNGConverter.png(fromSVG: figure.svg())
                try AtomicFile.write(bytes: &bytes, to: file.path)
            case let .figure(figure):
                try AtomicFile.write(figure.svg(), to: file.path)
            }
        } catch {
            throw CommandLineError.input("error: \(error)")
        }
    }

    /// Braille in the terminal, one line left free for the prompt; in color on a terminal unless
    /// NO_COLOR is set (https://no-color.org).
    static func drawInTerminal(_ figure: Figure) {
        Output.write(figure.brailleForTerminal())
    }
}
