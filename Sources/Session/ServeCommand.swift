import SymDiff

/// `serve`: a local page over the command table. The table holds its help and parameters; the
/// command line provides the server (`CommandContext.serve`), so the library does not carry an
/// HTTP server and statements cannot start one.
enum ServeCommands {
    static let all = [serve]

    static let port = Parameter.integer("port", in: 0...65535, default: 8787,
                                        help: "The port to listen on (0: any free port; the address printed says which).")
    static let host = Parameter.choice("host", ["127.0.0.1", "::1", "0.0.0.0"], default: "127.0.0.1",
                                       help: "The address to listen on; 0.0.0.0 makes the page reachable from other machines (a warning says so).")
    static let open = Parameter.flag("open", help: "Open the page in the default browser (xdg-open).", frontEnds: .commandLine)
    static let seconds = Parameter.integer("request-timeout", in: 1...3600, default: 10, valueName: "seconds",
                                           help: "Stop a request's computation after this many seconds.")

    static let serve = CommandSpec(
        name: "serve",
        summary: "a local page: the derivative typeset, its steps, plots and code, over the same commands",
        discussion: """
        Serves one page and a JSON API (POST /api/COMMAND with {"args": [words after the command's name]}) \
        on the loopback interface until stopped with Ctrl-C. Nothing leaves the machine; requests cannot read \
        or write files. Math is typeset with KaTeX from libjs-katex (else MathJax from libjs-mathjax) when installed.
        """,
        parameters: [port.spec, host.spec, open.spec, seconds.spec],
        examples: [],
        frontEnds: .commandLine
    ) { arguments, context throws(CommandError) in
        guard let serve = context.serve else {
            throw CommandError(.usage, "serve runs from the command line: symdiff serve")
        }
        throw serve(ServeOptions(host: arguments[host], port: arguments[port], open: arguments[open],
                                 secondsPerRequest: arguments[seconds]))
    }
}

/// What `symdiff serve` was asked for.
public struct ServeOptions: Sendable {
    /// The address to listen on.
    public let host: String
    /// The port (0: any free one).
    public let port: Int
    /// Whether to open the page in a browser.
    public let open: Bool
    /// How long one request's computation may run.
    public let secondsPerRequest: Int
}
