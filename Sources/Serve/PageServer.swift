import FlyingFox
import FlyingSocks
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
    /// address once the server listens.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let address: any SocketAddress = configuration.host.contains(":")
            ? try sockaddr_in6.inet6(ip6: configuration.host, port: configuration.port)
            : try sockaddr_in.inet(ip4: configuration.host == "localhost" ? "127.0.0.1" : configuration.host,
                                   port: configuration.port)
        let server = HTTPServer(address: address, logger: .disabled)
        let routes = Routes(server: self)
        await server.appendRoute("GET /", handler: routes.page)
        await server.appendRoute("GET /page.js", handler: routes.script)
        await server.appendRoute("GET /page.css", handler: routes.style)
        await server.appendRoute("GET /math/*", handler: routes.math)
        await server.appendRoute("GET /api/commands", handler: routes.commands)
        await server.appendRoute("POST /api/:command", handler: routes.api)
        await server.appendRoute("*", handler: routes.notFound)
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        let port = await server.listeningAddress.flatMap(Self.port(of:)) ?? configuration.port
        let shownHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        ready("http://\(shownHost):\(port)/")
        try await task.value
    }

    private static func port(of address: Socket.Address) -> UInt16? {
        switch address {
        case let .ip4(_, port), let .ip6(_, port): return port
        default: return nil
        }
    }
}
