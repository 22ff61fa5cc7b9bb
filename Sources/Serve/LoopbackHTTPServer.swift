import Glibc
import SymDiff

/// One request as the server read it: header names in lower case, the body whole.
struct HTTPRequest: Sendable {
    let method: String
    /// The path without the query (`/api/diff`).
    let path: String
    let headers: [String: String]
    let body: [UInt8]
}

/// One response; the server adds `Content-Length` and `Connection: close`.
struct HTTPResponse: Sendable {
    var status: Int
    var reason: String
    var headers: [(String, String)]
    var body: [UInt8]
}

/// A small HTTP/1.1 server on POSIX sockets: one request per connection, a thread per
/// connection, the request's head and body bounded before they are read. Written here rather
/// than taken from a package: the server packages in reach bring FoundationNetworking, whose
/// static link needs libcurl and thirty shared libraries at every start of the one-shot command.
struct LoopbackHTTPServer: Sendable {
    /// Why the server could not start.
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let socket: Int32
    /// The port bound (the one asked for, or the free one the system chose for 0).
    let port: UInt16
    /// The largest request head (request line and headers) read.
    let maximumHeadBytes = 16 << 10
    /// The largest body read.
    let maximumBodyBytes: Int
    /// How long a connection may take to send its request.
    let secondsToSendRequest = 15

    /// Binds `host` (an IPv4 or IPv6 address) and `port`, and listens.
    init(host: String, port: UInt16, maximumBodyBytes: Int) throws(StartError) {
        self.maximumBodyBytes = maximumBodyBytes
        let v6 = host.contains(":")
        let fd = Glibc.socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { close(fd); throw StartError(description: "'\(host)' is not an address") }
            bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
                close(fd)
                throw StartError(description: "'\(host)' is not an address")
            }
            bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw StartError(description: "cannot listen on \(host) port \(port): \(reason)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let raw = withUnsafePointer(to: &storage) { p -> UInt16 in
            v6 ? p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }
               : p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
        }
        socket = fd
        self.port = UInt16(bigEndian: raw)
    }

    /// Accepts connections until the process ends, each answered on a thread of its own.
    func serve(_ handle: @escaping @Sendable (HTTPRequest) -> HTTPResponse) -> Never {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { continue }
            let started = Parallel.startThread(stackSize: 1 << 20) { answer(client, handle) }
            if started == nil { close(client) }
        }
    }

    private func answer(_ client: Int32, _ handle: @Sendable (HTTPRequest) -> HTTPResponse) {
        defer { close(client) }
        var timeout = timeval(tv_sec: secondsToSendRequest, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let response: HTTPResponse
        switch read(client) {
        case let .request(request): response = handle(request)
        case let .refused(status, reason, message): response = HTTPResponse(status: status, reason: reason,
                                                                             headers: [("Content-Type", "text/plain; charset=utf-8")],
                                                                             body: Array((message + "\n").utf8))
        case .closed: return
        }
        write(response, to: client)
    }

    private enum Reading {
        case request(HTTPRequest)
        case refused(Int, String, String)
        case closed
    }

    /// The request on `client`: its head up to the blank line, then Content-Length bytes.
    private func read(_ client: Int32) -> Reading {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        var headEnd: Int?
        while headEnd == nil {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { return .closed }
            let searchFrom = max(0, bytes.count - 3)
            bytes += buffer[0..<n]
            headEnd = Self.blankLine(in: bytes, from: searchFrom)
            if headEnd == nil, bytes.count > maximumHeadBytes { return .refused(431, "Request Header Fields Too Large", "the request head is too large") }
        }
        let head = String(decoding: bytes[..<headEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return .refused(400, "Bad Request", "not an HTTP/1.1 request") }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .refused(400, "Bad Request", "a header line without ':'") }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmedOfBlanks()
        }
        if headers["transfer-encoding"] != nil { return .refused(411, "Length Required", "send the body with a Content-Length") }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        guard length >= 0 else { return .refused(400, "Bad Request", "a negative Content-Length") }
        guard length <= maximumBodyBytes else {
            return .refused(413, "Payload Too Large", "a request may have at most \(maximumBodyBytes) bytes")
        }
        var body = Array(bytes[(headEnd! + 4)...])
        while body.count < length {
            let n = recv(client, &buffer, min(buffer.count, length - body.count), 0)
            if n <= 0 { return .closed }
            body += buffer[0..<n]
        }
        let target = String(requestLine[1])
        let path = String(target.prefix { $0 != "?" })
        return .request(HTTPRequest(method: String(requestLine[0]), path: path, headers: headers, body: Array(body.prefix(length))))
    }

    private static func blankLine(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = start
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    private func write(_ response: HTTPResponse, to client: Int32) {
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }
}

extension String {
    /// Without the spaces and tabs around it (a header's value).
    fileprivate func trimmedOfBlanks() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
