import Foundation
import Glibc
import Session
import Testing

/// `symdiff serve`: the binary serving on a free loopback port, asked over plain HTTP/1.1 as a
/// browser would ask it. Each answer is compared with what the command line prints for the same
/// words; the refusals (other hosts, files, large bodies, forms) are checked one by one.
@Suite(.serialized) struct ServeTests {
    /// A running `symdiff serve --port 0`, stopped when the suite's test ends.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: UInt16

        init(_ extra: [String] = []) throws {
            let binary = try #require(CLITests.binary, "symdiff binary not found")
            process.executableURL = binary
            process.arguments = ["serve", "--port", "0"] + extra
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // The first line on stderr names the address: `symdiff serve: http://127.0.0.1:PORT/ …`.
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            let port = text.range(of: "127.0.0.1:").flatMap { UInt16(text[$0.upperBound...].prefix { $0.isNumber }) }
            self.port = try #require(port, "no address in \(text)")
        }

        // SIGKILL: the test runner may start children with other signals blocked.
        deinit { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }

        /// One request; the status code and the body.
        func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) throws -> (Int, String) {
            var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            var fields = headers
            if let body {
                fields["Content-Type"] = fields["Content-Type"] ?? "application/json"
                fields["Content-Length"] = fields["Content-Length"] ?? String(body.utf8.count)
            }
            for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
                if name == "Host" { head = head.replacingOccurrences(of: "Host: 127.0.0.1:\(port)", with: "Host: \(value)") } else { head += "\(name): \(value)\r\n" }
            }
            let bytes = Array((head + "\r\n" + (body ?? "")).utf8)
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(s) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(connected == 0)
            _ = bytes.withUnsafeBytes { send(s, $0.baseAddress, $0.count, 0) }
            // Read the head, then as many body bytes as Content-Length says (the server may keep
            // the connection open).
            var response: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            var expected: Int?
            while expected.map({ response.count < $0 }) ?? true {
                let n = recv(s, &buffer, buffer.count, 0)
                if n <= 0 { break }
                response += buffer[0..<n]
                if expected == nil, let end = response.indices.dropLast(3).first(where: { response[$0..<($0 + 4)].elementsEqual("\r\n\r\n".utf8) }) {
                    let head = String(decoding: response[..<end], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    expected = end + 4 + length
                }
            }
            let text = String(decoding: response, as: UTF8.self)
            let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
            let bodyStart = text.range(of: "\r\n\r\n").map { text[$0.upperBound...] } ?? ""
            return (status, String(bodyStart))
        }

        /// `POST /api/COMMAND` with the words; the answer's fields.
        func api(_ command: String, _ words: [String], slot: String? = nil) throws -> (Int, [String: Any]) {
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["args": words]), as: UTF8.self)
            let (status, text) = try request("POST", "/api/\(command)", body: body, headers: slot.map { ["X-Request-Slot": $0] } ?? [:])
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return (status, try #require(object))
        }
    }

    @Test func answersAsTheCommandLinePrints() throws {
        let server = try Server()
        for (command, words) in [("diff", ["x^2*sin(x)"]), ("diff", ["sigmoid(x)", "--order", "2", "--format", "latex"]),
                                 ("grad", ["x^2*y + y^3", "--vars", "x,y"]), ("emit", ["x^2 + sin(x)", "--lang", "python", "--grad"]),
                                 ("steps", ["x^2*sin(x)", "--format", "json"])] {
            let (status, answer) = try server.api(command, words)
            let cli = try CLITests.symdiff([command] + words)
            #expect(status == 200)
            #expect(answer["ok"] as? Bool == true)
            #expect(answer["output"] as? String == String(cli.stdout.dropLast()), "\(command) \(words)")
        }
    }

    @Test func diagnosticsPointAtTheColumn() throws {
        let server = try Server()
        let (status, answer) = try server.api("diff", ["x^2*+"])
        #expect(status == 422)
        #expect(answer["ok"] as? Bool == false)
        #expect(answer["column"] as? Int == 6)
        #expect((answer["error"] as? String)?.contains("^") == true)
        let cli = try CLITests.symdiff(["x^2*+"])
        #expect(answer["error"] as? String == String(cli.stderr.dropLast()))
    }

    @Test func plotsComeBackAsSVG() throws {
        let server = try Server()
        let (_, answer) = try server.api("plot", ["sin(x)", "--derivatives", "1", "--tangent-at", "0.5"])
        #expect((answer["svg"] as? String)?.contains("<svg") == true)
    }

    @Test func requestsCannotTouchFiles() throws {
        let server = try Server()
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(getpid()).svg").path
        let (status, answer) = try server.api("plot", ["sin(x)", "--output", target])
        #expect(status == 400)
        #expect((answer["error"] as? String)?.contains("--output") == true)
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try server.api("diff", ["--file", "/etc/passwd"]).0 == 400)
        #expect(try server.api("minimize", ["x^2", "--from", "x=1", "--plot", target]).0 == 400)
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try server.api("run", ["x.sd"]).0 == 404)
        #expect(try server.request("GET", "/math/../../../etc/passwd").0 == 404)
    }

    @Test func refusesOtherHostsFormsAndLargeBodies() throws {
        let server = try Server()
        let body = #"{"args": ["x^2"]}"#
        #expect(try server.request("POST", "/api/diff", body: body, headers: ["Host": "attacker.example"]).0 == 403)
        #expect(try server.request("POST", "/api/diff", body: body, headers: ["Content-Type": "application/x-www-form-urlencoded"]).0 == 415)
        let large = #"{"args": [""# + String(repeating: "x+", count: 40_000) + #"x"]}"#
        #expect(try server.request("POST", "/api/diff", body: large).0 == 413)
        #expect(try server.request("POST", "/api/diff", body: "not json").0 == 400)
        #expect(try server.request("POST", "/api/nosuchcommand", body: body).0 == 404)
    }

    @Test func listsTheCommandTable() throws {
        let server = try Server()
        let (status, text) = try server.request("GET", "/api/commands")
        #expect(status == 200)
        let catalog = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let names = (catalog["commands"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("diff") && names.contains("emit") && names.contains("plot"))
        #expect(!names.contains("serve") && !names.contains("run"))
        let (pageStatus, page) = try server.request("GET", "/")
        #expect(pageStatus == 200 && page.contains("<!DOCTYPE html>"))
    }

    @Test func aLongComputationIsStoppedAtTheTimeLimit() throws {
        let server = try Server(["--request-timeout", "1"])
        let started = Date()
        let (_, answer) = try server.api("diff", ["x^x*sin(x)^x", "--order", "40"])
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(answer["ok"] as? Bool == false)
    }

    @Test func aNewerRequestInTheSameSlotStopsTheOlder() throws {
        let server = try Server(["--request-timeout", "60"])
        let started = Date()
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var older: [String: Any] = [:]
        Thread.detachNewThread {
            older = (try? server.api("diff", ["x^x*sin(x)^x", "--order", "40"], slot: "derivative").1) ?? [:]
            finished.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        let (_, newer) = try server.api("diff", ["x^2"], slot: "derivative")
        #expect(newer["output"] as? String == "2*x")
        #expect(finished.wait(timeout: .now() + 20) == .success)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(older["ok"] as? Bool == false)
    }

    /// Every example of every command the page offers, asked through the API, answers what the
    /// command line prints for the same words (a plot as SVG instead of braille).
    @Test func everyCommandsExamplesAnswerAsTheCommandLine() throws {
        let server = try Server()
        var asked = 0
        for command in CommandTable.available(in: .commandLine) where !["serve", "run"].contains(command.name) {
            for example in command.examples where example.frontEnds.contains(.commandLine) {
                let words = Array(example.commandLineWords(for: command).dropFirst())
                if words.contains(where: ["--output", "--file", "--data", "--plot"].contains) { continue }
                let (_, answer) = try server.api(command.name, words)
                asked += 1
                if let svg = answer["svg"] as? String {
                    #expect(svg.contains("<svg"), "\(command.name) \(words)")
                    continue
                }
                let cli = try CLITests.symdiff([command.name] + words, environment: ["NO_COLOR": "1"])
                #expect(answer["status"] as? Int == Int(cli.status), "\(command.name) \(words)")
                if cli.status == 0 {
                    #expect((answer["output"] as? String ?? "") + "\n" == cli.stdout, "\(command.name) \(words)")
                }
            }
        }
        #expect(asked > 40)
    }

    /// Hostile inputs get the command line's clean errors, and the server goes on answering.
    @Test func hostileInputsGetCleanErrors() throws {
        let server = try Server()
        for words in [[String(repeating: "(", count: 20_000)], ["x" + String(repeating: "^x", count: 20_000)],
                      ["1e999999999999"], ["x\u{7}"], ["x^2", "--order", "99999999999"], ["x", "--nonsense"]] {
            let (status, answer) = try server.api("diff", words)
            let cli = try CLITests.symdiff(words)
            #expect(status == (cli.status == 0 ? 200 : 422), "\(words.first!.prefix(20))")
            #expect(answer["status"] as? Int == Int(cli.status))
            // The same message (the command line adds where to read more after a usage error).
            if cli.status != 0 { #expect(cli.stderr.hasPrefix(answer["error"] as? String ?? "-"), "\(words.first!.prefix(20))") }
        }
        #expect(try server.api("diff", ["x^2"]).1["output"] as? String == "2*x")
    }
}
