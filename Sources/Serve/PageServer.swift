import Foundation
import Glibc
import SymDiff

/// `symdiff serve`: one page and a JSON API over the command table, served by a small HTTP
/// server on the loopback interface. Nothing leaves the machine, and a request can neither read
/// nor write files: inputs come in the request, outputs go back in the answer.
public struct PageServer: Sendable {
    /// Where to listen and what a request may cost.
    public struct Configuration: Sendable {
        /// The address to bind; the loopback interface unless the user says otherwise.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one (the address printed says which).
        public var port: UInt16 = 8787
        /// The largest request body accepted (an API call is a few words).
        public var maximumRequestBytes = 64 << 10
        /// How long one command may run before it is stopped (the command line's `--timeout`).
        public var secondsPerRequest = 10
        /// The default limits.
        public init() {}

        /// Whether `host` is the loopback interface.
        public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) }
    }

    /// Runs one command of the table: its name and the words after it on a command line. Called
    /// on a thread of its own; `cancellation` is cancelled when the time per request runs out or
    /// the client goes away.
    public typealias Runner = @Sendable (_ command: String, _ words: [String], _ cancellation: Cancellation) -> APIAnswer

    let configuration: Configuration
    let runner: Runner
    /// Commands the page does not offer: those that read files (`run`) and the server itself.
    let excluded: Set<String> = ["run", "serve"]

    /// A server that answers API calls with `runner`.
    public init(configuration: Configuration, runner: @escaping Runner) {
        self.configuration = configuration
        self.runner = runner
    }

    /// Binds the address and serves until the process is stopped; `ready` gets the page's
    /// address once the server listens. Throws when the address cannot be bound.
    public func run(ready: @escaping @Sendable (String) -> Void) throws -> Never {
        let server = try LoopbackHTTPServer(host: configuration.host, port: configuration.port,
                                            maximumBodyBytes: configuration.maximumRequestBytes)
        let routes = Routes(server: self)
        let shownHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        ready("http://\(shownHost):\(server.port)/")
        server.serve { routes.answer($0) }
    }
}
