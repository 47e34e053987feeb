/// A ZooKeeper server's client address: a host name or numeric address, and a TCP port.
///
/// Written `host:port`, with IPv6 addresses in brackets (`[::1]:2181`), as in `zoo.cfg` and connect strings.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// A host name (`zk1.example.com`), an IPv4 address, or an IPv6 address without brackets (`::1`).
    public var host: String
    /// The TCP port, 1 through 65535.
    public var port: Int

    /// The port a ZooKeeper server listens on for clients unless `clientPort` says otherwise.
    public static let defaultPort = 2181

    /// An endpoint from its parts, taken as given.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `zk1`, `zk1:2182`, `10.0.0.5:2181`, `[::1]:2181` or a bare IPv6 address such as `::1`.
    ///
    /// Surrounding white space is ignored. A bare IPv6 address takes `defaultPort`: to give it a port, use
    /// brackets.
    ///
    /// - Throws: ``EndpointError`` naming what to change.
    public init(parsing text: String, defaultPort: Int = Endpoint.defaultPort) throws(EndpointError) {
        let input = text.trimmingWhitespace()
        guard !input.isEmpty else { throw .empty }
        if input.contains("://") { throw .hasScheme(input) }
        let host: Substring
        var portText: Substring?
        if input.hasPrefix("[") {
            guard let close = input.firstIndex(of: "]") else { throw .unclosedBracket(input) }
            host = input[input.index(after: input.startIndex)..<close]
            let rest = input[input.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw .unexpectedText(input, after: "]") }
                portText = rest.dropFirst()
            }
            guard host.isEmpty || host.contains(":") else { throw .bracketsWithoutIPv6(input) }
        } else if let colon = input.firstIndex(of: ":") {
            if input[input.index(after: colon)...].contains(":") {
                host = input[...]  // a bare IPv6 address
            } else {
                host = input[..<colon]
                portText = input[input.index(after: colon)...]
            }
        } else {
            host = input[...]
        }
        guard !host.isEmpty else { throw .emptyHost(input) }
        if let bad = host.first(where: { !Self.isHostCharacter($0) }) {
            throw .invalidHost(input, character: bad)
        }
        var port = defaultPort
        if let portText {
            guard !portText.isEmpty else { throw .missingPort(input) }
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(portText) else {
                throw .invalidPort(input, port: String(portText))
            }
            port = value
        }
        guard (1...65535).contains(port) else { throw .portOutOfRange(input, port: port) }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, or `[host]:port` when the host is an IPv6 address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Letters, digits and `-._` for names and IPv4; `:` for IPv6; `%` for an IPv6 zone such as `fe80::1%eth0`.
    private static func isHostCharacter(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || "-._:%".contains(character)
    }
}

/// Why a `host[:port]` text is not an endpoint. Each description says what to write instead.
public enum EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case hasScheme(String)
    case unclosedBracket(String)
    case bracketsWithoutIPv6(String)
    case unexpectedText(String, after: String)
    case emptyHost(String)
    case invalidHost(String, character: Character)
    case missingPort(String)
    case invalidPort(String, port: String)
    case portOutOfRange(String, port: Int)

    public var description: String {
        let form = "write HOST, HOST:PORT or [IPv6]:PORT"
        switch self {
        case .empty:
            return "empty server address; \(form), such as zk1:2181"
        case .hasScheme(let text):
            return "\"\(text)\" is a URL; \(form) without a scheme, such as zk1:2181"
        case .unclosedBracket(let text):
            return "\"\(text)\" has no closing ']'; write IPv6 addresses as [::1]:2181"
        case .bracketsWithoutIPv6(let text):
            return "\"\(text)\": brackets are for IPv6 addresses only; \(form)"
        case .unexpectedText(let text, let after):
            return "\"\(text)\": unexpected text after '\(after)'; \(form)"
        case .emptyHost(let text):
            return "\"\(text)\" has no host; \(form)"
        case .invalidHost(let text, let character):
            return "\"\(text)\": '\(character)' cannot appear in a host name or address; \(form)"
        case .missingPort(let text):
            return "\"\(text)\" has ':' but no port; write a port after it, or drop the ':' for the default port"
        case .invalidPort(let text, let port):
            return "\"\(text)\": port \"\(port)\" is not a number; use a port from 1 to 65535"
        case .portOutOfRange(let text, let port):
            return "\"\(text)\": port \(port) is out of range; use a port from 1 to 65535"
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
