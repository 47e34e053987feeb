/// An HTTP/1.1 response read off the wire by ``AdminClient``: the status line, the headers, and the body with any
/// chunked transfer coding removed.
///
/// Only what an AdminServer (Jetty) sends is needed, but the reader accepts any conforming response: a
/// `Content-Length` body, a `chunked` body (extensions and trailers skipped), or a body that runs to the close.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, such as 200 or 404.
    public var status: Int
    /// The reason phrase after the code, such as `Not Found` (may be empty).
    public var reason: String
    /// Header names in lower case with their values trimmed, in the order received.
    public var headers: [(name: String, value: String)]
    /// The body, decoded from the transfer coding.
    public var body: [UInt8]

    public static func == (a: HTTPResponse, b: HTTPResponse) -> Bool {
        a.status == b.status && a.reason == b.reason && a.body == b.body
            && a.headers.elementsEqual(b.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// Why bytes are not a usable HTTP response. The text completes "…: " in ``AdminError``'s description.
    public enum Problem: Error, Sendable, Equatable {
        /// No `HTTP/1.x NNN` status line: the server speaks another protocol.
        case notHTTP(String)
        /// The response ended before its headers or body did.
        case truncated(String)
        /// A header or chunk size that does not parse.
        case malformed(String)
    }

    /// Parses a whole response as received up to the server's close (or up to ``isComplete(_:)``).
    public static func parse(_ bytes: [UInt8]) throws(Problem) -> HTTPResponse {
        var (response, bodyStart) = try parseHead(bytes)
        response.body = try body(Array(bytes[bodyStart...]), headers: response)
        return response
    }

    /// Whether `bytes` already hold a whole response with a declared length (`Content-Length`, or a chunked body
    /// up to its last chunk), so reading can stop without waiting for the server to close.
    public static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let (response, bodyStart) = try? parseHead(bytes) else { return false }
        let rest = Array(bytes[bodyStart...])
        if response.isChunked { return (try? dechunk(rest)) != nil }
        guard let length = response.header("content-length").flatMap({ Int($0) }) else { return false }
        return rest.count >= length
    }

    var isChunked: Bool { header("transfer-encoding")?.lowercased().contains("chunked") == true }

    /// The status line and headers (body left empty), and where the body starts.
    static func parseHead(_ bytes: [UInt8]) throws(Problem) -> (HTTPResponse, Int) {
        guard let end = headerEnd(bytes) else {
            if !looksLikeStatusLine(bytes) { throw .notHTTP(preview(bytes)) }
            throw .truncated("the response ended inside its headers after \(bytes.count) bytes")
        }
        // Split on the bytes, not on Characters: Swift reads "\r\n" as one Character, never equal to "\n".
        var lines = bytes[..<end.start].split(separator: 10, omittingEmptySubsequences: false).map { line in
            Substring(String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self))
        }
        let (status, reason) = try statusLine(lines.removeFirst(), bytes: bytes)
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("header line without ':'") }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingSpaces))
        }
        return (HTTPResponse(status: status, reason: reason, headers: headers, body: []), end.bodyStart)
    }

    // MARK: Parts

    /// Where the blank line after the headers starts, and where the body starts.
    static func headerEnd(_ bytes: [UInt8]) -> (start: Int, bodyStart: Int)? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 10 && bytes[i + 1] == 10 { return (i, i + 2) }
            if i + 3 < bytes.count, bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 {
                return (i, i + 4)
            }
            i += 1
        }
        return nil
    }

    static func looksLikeStatusLine(_ bytes: [UInt8]) -> Bool {
        let prefix = Array("HTTP/".utf8)
        let n = min(bytes.count, prefix.count)
        return n > 0 && Array(bytes[..<n]) == Array(prefix[..<n])
    }

    /// `HTTP/1.1 200 OK` → (200, "OK").
    static func statusLine(_ line: Substring, bytes: [UInt8]) throws(Problem) -> (Int, String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]),
            code >= 100
        else { throw .notHTTP(preview(bytes)) }
        return (code, parts.count > 2 ? String(parts[2]) : "")
    }

    static func body(_ rest: [UInt8], headers response: HTTPResponse) throws(Problem) -> [UInt8] {
        if response.isChunked { return try dechunk(rest) }
        if let text = response.header("content-length") {
            guard let length = Int(text), length >= 0 else { throw .malformed("Content-Length \"\(text)\"") }
            guard rest.count >= length else {
                throw .truncated("the body ended after \(rest.count) of its \(length) bytes")
            }
            return Array(rest[..<length])
        }
        return rest
    }

    /// Removes the chunked transfer coding: `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n[trailers]\r\n`.
    static func dechunk(_ bytes: [UInt8]) throws(Problem) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while true {
            guard let lineEnd = bytes[i...].firstIndex(of: 10) else {
                throw .truncated("the chunked body ended before its last chunk")
            }
            var sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self)
            if let semicolon = sizeText.firstIndex(of: ";") { sizeText = String(sizeText[..<semicolon]) }
            sizeText = sizeText.trimmingSpaces
            guard sizeText.count <= 15, let size = Int(sizeText, radix: 16), size >= 0 else {
                throw .malformed("chunk size \"\(sizeText.prefix(20))\"")
            }
            i = lineEnd + 1
            if size == 0 { return out }
            guard bytes.count - i >= size else { throw .truncated("the chunked body ended inside a chunk") }
            out += bytes[i..<(i + size)]
            i += size
            // The CRLF after the chunk's data.
            if i < bytes.count, bytes[i] == 13 { i += 1 }
            if i < bytes.count, bytes[i] == 10 { i += 1 }
        }
    }

    /// The first bytes of a reply that is not HTTP, printable, for an error message.
    static func preview(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "the server closed the connection without a byte" }
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        let printable = String(text.unicodeScalars.map { $0.value >= 32 && $0.value < 127 ? Character($0) : "." })
        return "not an HTTP response (it starts \"\(printable)\")"
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
