import Foundation
import Synchronization
import Session
import SymDiff

/// The server's answers: the page and its assets, the command catalog, and the API.
struct Routes: Sendable {
    let server: PageServer
    /// The computation running for each of the page's slots (`X-Request-Slot`: the derivative,
    /// the plot, …): a newer request in a slot stops the one it replaces, so typing on does not
    /// leave stale computations running. (The server cannot see a closed connection while a
    /// command runs; such a request runs to its time limit.)
    let running = RunningRequests()

    private var configuration: PageServer.Configuration { server.configuration }

    /// The answer to one request, by method and path.
    func answer(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/"): return page(request)
        case ("GET", "/page.js"): return script(request)
        case ("GET", "/page.css"): return style(request)
        case ("GET", "/api/commands"): return commands(request)
        case ("GET", let path) where path.hasPrefix("/math/"): return math(request)
        case ("POST", let path) where path.hasPrefix("/api/"): return api(request)
        default: return Self.notFoundResponse
        }
    }

    func page(_ request: HTTPRequest) -> HTTPResponse {
        guard hostIsAllowed(request) else { return Self.refused }
        return Self.respond(.ok, type: "text/html; charset=utf-8", Page.html(math: MathAssets.found))
    }

    func script(_ request: HTTPRequest) -> HTTPResponse {
        Self.respond(.ok, type: "text/javascript; charset=utf-8", Page.script)
    }

    func style(_ request: HTTPRequest) -> HTTPResponse {
        Self.respond(.ok, type: "text/css; charset=utf-8", Page.style)
    }

    /// KaTeX (or MathJax) from the system's package, only files under its folder.
    func math(_ request: HTTPRequest) -> HTTPResponse {
        let name = String(request.path.dropFirst("/math/".count))
        guard let (data, type) = MathAssets.file(named: name) else { return Self.notFoundResponse }
        return HTTPResponse(status: 200, reason: "OK", headers: [("Content-Type", type), ("Cache-Control", "max-age=86400")], body: Array(data))
    }

    func commands(_ request: HTTPRequest) -> HTTPResponse {
        guard hostIsAllowed(request) else { return Self.refused }
        let catalog = CommandCatalog(excluding: server.excluded)
        return Self.json(.ok, catalog)
    }

    /// `POST /api/COMMAND` with `{"args": [words after the command's name]}`.
    func api(_ request: HTTPRequest) -> HTTPResponse {
        guard hostIsAllowed(request) else { return Self.refused }
        let name = String(request.path.dropFirst("/api/".count))
        guard let command = CommandTable.named(name, in: .commandLine), !server.excluded.contains(command.name) else {
            return Self.problem(.notFound, name, "no command '\(name)' on this page")
        }
        // A page's script sends JSON; a form another site posts cannot, which keeps other pages
        // from driving this one's API.
        guard request.headers["content-type"]?.hasPrefix("application/json") == true else {
            return Self.problem(.unsupportedMediaType, command.name, "send the arguments as application/json")
        }
        guard let length = request.headers["content-length"].flatMap(Int.init), length <= configuration.maximumRequestBytes else {
            return Self.problem(.payloadTooLarge, command.name,
                                "a request may have at most \(configuration.maximumRequestBytes) bytes, with its length given")
        }
        guard let call = try? JSONDecoder().decode(APICall.self, from: Data(request.body)) else {
            return Self.problem(.badRequest, command.name, "the body must be {\"args\": [\"word\", ...]}")
        }
        let fileOptions = CommandCatalog.fileOptions(of: command)
        if let option = call.args.first(where: { fileOptions.contains(String($0.prefix { $0 != "=" })) }) {
            return Self.problem(.badRequest, command.name, "\(option) reads or writes files, which requests may not do")
        }
        let answer = run(command.name, call.args, slot: request.headers["x-request-slot"])
        return Self.json(answer.ok ? .ok : .unprocessableContent, answer)
    }

    /// Runs the command on a thread of its own (the engine's deep recursions want a large stack),
    /// waiting at most the time a request may take; then the computation is cancelled and the
    /// answer says so at once, and the thread ends at the engine's next check of the token.
    private func run(_ name: String, _ words: [String], slot: String?) -> APIAnswer {
        let cancellation = Cancellation()
        if let slot { running.replace(slot, with: cancellation) }
        let runner = server.runner
        let seconds = configuration.secondsPerRequest
        let result = Mutex<APIAnswer?>(nil)
        let done = DispatchSemaphore(value: 0)
        let started = Parallel.startThread(stackSize: 512 << 20) {
            let answer = runner(name, words, cancellation)
            result.withLock { $0 = answer }
            done.signal()
        }
        guard started != nil else { return APIAnswer(ok: false, command: name, error: "error: no thread to run the command on", status: 3) }
        if done.wait(timeout: .now() + .seconds(seconds)) == .timedOut {
            cancellation.cancel(.timeLimit)
            return APIAnswer(ok: false, command: name, error: "error: stopped after \(seconds) s (the time a request may take)", status: 3)
        }
        return result.withLock { $0 } ?? APIAnswer(ok: false, command: name, error: "error: no answer", status: 3)
    }

    /// A loopback server answers only requests addressed to the loopback interface by name, so
    /// a web page whose domain was made to resolve to 127.0.0.1 cannot read its answers.
    private func hostIsAllowed(_ request: HTTPRequest) -> Bool {
        guard configuration.isLoopback else { return true }
        guard let host = request.headers["host"] else { return false }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.prefix { $0 != ":" })
        return ["127.0.0.1", "localhost", "::1"].contains(name)
    }

    private struct APICall: Decodable {
        let args: [String]
    }

    private struct Problem: Encodable {
        let ok = false
        let command: String
        let error: String
    }

    private static let refused = problem(.forbidden, "", "this server answers requests to 127.0.0.1 or localhost only")
    private static let notFoundResponse = respond(.notFound, type: "text/plain; charset=utf-8", "not found\n")

    /// The statuses the server answers with.
    enum Status {
        case ok, badRequest, forbidden, notFound, payloadTooLarge, unsupportedMediaType, unprocessableContent

        var codeAndReason: (Int, String) {
            switch self {
            case .ok: return (200, "OK")
            case .badRequest: return (400, "Bad Request")
            case .forbidden: return (403, "Forbidden")
            case .notFound: return (404, "Not Found")
            case .payloadTooLarge: return (413, "Payload Too Large")
            case .unsupportedMediaType: return (415, "Unsupported Media Type")
            case .unprocessableContent: return (422, "Unprocessable Content")
            }
        }
    }

    private static func problem(_ status: Status, _ command: String, _ message: String) -> HTTPResponse {
        json(status, Problem(command: command, error: "error: " + message))
    }

    private static func json(_ status: Status, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{\"ok\":false}".utf8)
        let (code, reason) = status.codeAndReason
        return HTTPResponse(status: code, reason: reason, headers: [("Content-Type", "application/json")], body: Array(data))
    }

    private static func respond(_ status: Status, type: String, _ text: String) -> HTTPResponse {
        let (code, reason) = status.codeAndReason
        return HTTPResponse(status: code, reason: reason, headers: [
            ("Content-Type", type),
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:"),
        ], body: Array(text.utf8))
    }
}

/// The computation running in each slot of the page, shared by every request.
final class RunningRequests: Sendable {
    private let bySlot = Mutex<[String: Cancellation]>([:])

    /// Makes `cancellation` the slot's computation and stops the one it replaces.
    func replace(_ slot: String, with cancellation: Cancellation) {
        bySlot.withLock { $0.updateValue(cancellation, forKey: slot) }?.cancel()
    }
}
