/// The request line and headers of one HTTP/1.x request, as the exporter reads them: only what it needs.
struct HTTPRequestHead: Equatable {
    /// Why a request is refused before it is routed: the status to answer and a one-line reason.
    struct Refusal: Error, Equatable {
        var status: Int
        var reason: String
    }

    var method: String
    /// The path, without the query.
    var path: String
    /// Query parameters, percent-decoded, in order.
    var query: [(String, String)]
    /// `HTTP/1.0` or `HTTP/1.1`.
    var version: String
    /// Header names lower-cased, values trimmed.
    var headers: [String: String]

    static func == (a: HTTPRequestHead, b: HTTPRequestHead) -> Bool {
        a.method == b.method && a.path == b.path && a.version == b.version && a.headers == b.headers
            && a.query.map(\.0) == b.query.map(\.0) && a.query.map(\.1) == b.query.map(\.1)
    }

    /// The first value of query parameter `name`.
    func parameter(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    /// The methods served; any other is answered 405 with `Allow: GET, HEAD`.
    static let methods = ["GET", "HEAD"]

    /// Whether the answer carries no body (`HEAD`: the same status and headers as `GET`).
    var omitsBody: Bool { method == "HEAD" }

    /// Whether the connection stays open after the response: HTTP/1.1 unless `Connection: close`.
    var keepAlive: Bool {
        let connection = headers["connection"]?.lowercased() ?? ""
        if version == "HTTP/1.1" { return !connection.contains("close") }
        return connection.contains("keep-alive")
    }

    /// The index just past the blank line that ends the head in `bytes`, or `nil` when it has not arrived.
    static func endOfHead(in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = max(0, start - 3)
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i + 4 }
            i += 1
        }
        return nil
    }

    /// Whether `bytes` hold a line feed not preceded by a carriage return: such a head would never end with
    /// CRLF CRLF, so it is refused at once instead of waiting for the request timeout.
    static func hasBareLineFeed(_ bytes: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 10, previous != 13 { return true }
            previous = byte
        }
        return false
    }

    /// The refusal of a head with a bare line feed.
    static let bareLineFeed = Refusal(status: 400, reason: "line ends must be CRLF")

    /// Parses the head (`bytes` up to and including its blank line).
    ///
    /// - Throws: ``Refusal`` with 400 (malformed, bare LF line ends, a body, a bad escape), 405 (not GET or HEAD)
    ///   or 505 (not HTTP/1.x).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Refusal) -> HTTPRequestHead {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Refusal(status: 400, reason: "the request is not UTF-8")
        }
        if hasBareLineFeed(bytes) { throw bareLineFeed }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true).makeIterator()
        guard let requestLine = lines.next() else { throw Refusal(status: 400, reason: "empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty else {
            throw Refusal(status: 400, reason: "malformed request line")
        }
        let version = String(parts[2])
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw Refusal(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are served")
        }
        guard methods.contains(String(parts[0])) else {
            throw Refusal(status: 405, reason: "only GET and HEAD are served")
        }
        var headers: [String: String] = [:]
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw Refusal(status: 400, reason: "malformed header line")
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers[name] = String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        let (path, query) = try target(String(parts[1]))
        let head = HTTPRequestHead(
            method: String(parts[0]), path: path, query: query, version: version, headers: headers)
        if let length = headers["content-length"], length != "0" {
            throw Refusal(status: 400, reason: "a GET request has no body")
        }
        if headers["transfer-encoding"] != nil { throw Refusal(status: 400, reason: "a GET request has no body") }
        return head
    }

    /// Splits a request target into its path and decoded query parameters.
    static func target(_ target: String) throws(Refusal) -> (String, [(String, String)]) {
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = percentDecoded(pieces[0], plusIsSpace: false), path.hasPrefix("/") else {
            throw Refusal(status: 400, reason: "malformed request target")
        }
        var query: [(String, String)] = []
        if pieces.count == 2 {
            for pair in pieces[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let key = percentDecoded(kv[0], plusIsSpace: true),
                    let value = percentDecoded(kv.count == 2 ? kv[1] : "", plusIsSpace: true)
                else { throw Refusal(status: 400, reason: "malformed query string") }
                query.append((key, value))
            }
        }
        return (path, query)
    }

    /// `%XX` escapes decoded (and `+` as a space in a query); `nil` for a broken escape or invalid UTF-8.
    static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let high = hexValue(utf8.popFirst()!), let low = hexValue(utf8.popFirst()!)
                else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
