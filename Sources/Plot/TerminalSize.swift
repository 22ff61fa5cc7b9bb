import Glibc

/// The size of the terminal a figure is drawn in, for `--terminal` and the REPL's `plot(...)`.
public enum TerminalSize {
    /// Columns and rows: the `COLUMNS` and `LINES` environment variables (the user's say),
    /// else the window of the terminal on `descriptor`, else 80 × 24; each on its own.
    public static func current(descriptor: Int32 = 1) -> (columns: Int, rows: Int) {
        func environment(_ name: String) -> Int? {
            guard let raw = getenv(name), let value = Int(String(cString: raw)), value > 0 else { return nil }
            return value
        }
        var window: (columns: Int, rows: Int)?
        if isatty(descriptor) != 0 {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
                window = (Int(size.ws_col), Int(size.ws_row))
            }
        }
        return (environment("COLUMNS") ?? window?.columns ?? 80, environment("LINES") ?? window?.rows ?? 24)
    }

    /// Whether output on `descriptor` should be in color: it is a terminal and `NO_COLOR` is
    /// not set (https://no-color.org).
    public static func colorWanted(descriptor: Int32 = 1) -> Bool {
        isatty(descriptor) != 0 && getenv("NO_COLOR") == nil
    }
}

extension Figure {
    /// The figure in braille for the terminal on `descriptor`, as the command line and the REPL
    /// both draw it: the terminal's width, its height less one row for the prompt, in color
    /// when `TerminalSize.colorWanted` says so.
    public func brailleForTerminal(descriptor: Int32 = 1) -> String {
        let size = TerminalSize.current(descriptor: descriptor)
        return braille(columns: size.columns, rows: max(5, size.rows - 1), color: TerminalSize.colorWanted(descriptor: descriptor))
    }
}
