import ToolkitSupport

/// Where a member's AdminServer listens: the same host as the member's client port (or a host from a URL
/// template) and the AdminServer's port, with an optional path prefix before `/commands/<name>`.
///
/// `--admin-port 8080` is `AdminTarget(port: 8080)`; `--admin-url http://{host}:8080` is
/// `try AdminTarget(parsing: "http://{host}:8080")`, where `{host}` is replaced by each member's host.
public struct AdminTarget: Sendable, Equatable, CustomStringConvertible {
    /// The host to ask, with `{host}` standing for the member's host.
    public var hostTemplate: String
    /// The AdminServer's port (`admin.serverPort`, 8080 by default).
    public var port: Int
    /// A path before `/commands/`, without a trailing `/` (empty for ZooKeeper's default `admin.commandURL`).
    public var pathPrefix: String
    /// Whether ``port`` is added to each member's client port (`--admin-port +300`): for several members on
    /// one host, each with its own AdminServer port, as local test ensembles run.
    public var portIsOffset: Bool

    /// The member's own host on `port` (or on its client port plus `port` when `portIsOffset`).
    public init(port: Int, hostTemplate: String = "{host}", pathPrefix: String = "", portIsOffset: Bool = false) {
        self.hostTemplate = hostTemplate
        self.port = port
        self.pathPrefix = pathPrefix
        self.portIsOffset = portIsOffset
    }

    /// Reads `http://HOST[:PORT][/PREFIX]`, where HOST is a host name (which may be or contain `{host}`), an
    /// IPv4 address or an IPv6 address in brackets (`[::1]`); the port, in decimal from 1 to 65535, defaults to
    /// 8080, and a prefix ending in `/commands` is taken as the command URL itself.
    /// - Throws: `AdminTargetError` saying what is wrong: the scheme, an unclosed `[`, an IPv6 address without
    ///   brackets, a port out of range, a user name, a query, spaces or control characters.
    public init(parsing text: String) throws(AdminTargetError) {
        guard let schemeEnd = text.firstRange(of: "://") else { throw .init(text, "expected http://{host}:8080") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        if scheme == "https" {
            throw .init(text, "HTTPS needs a TLS library this toolkit does not have; give the plain-HTTP port")
        }
        guard scheme == "http" else { throw .init(text, "the scheme must be http") }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) else {
            throw .init(text, "spaces, control and non-ASCII characters have no place in it")
        }
        let rest = text[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var prefix = String(rest[slash...])
        guard !prefix.contains("?"), !prefix.contains("#") else {
            throw .init(text, "no query or fragment: the AdminServer's commands are /PREFIX/commands/NAME")
        }
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if prefix.hasSuffix("/commands") { prefix.removeLast("/commands".count) }
        guard !authority.contains("@") else { throw .init(text, "no user name: the AdminServer takes none") }
        let (host, portText) = try Self.split(authority, text)
        guard !host.isEmpty else { throw .init(text, "no host; use {host} for each member's own host") }
        var port = 8080
        if let portText {
            guard let number = DecimalText.integer(portText, as: Int.self), (1...65535).contains(number) else {
                throw .init(text, "the port must be a number from 1 to 65535")
            }
            port = number
        }
        self.init(port: port, hostTemplate: host, pathPrefix: prefix)
    }

    /// `HOST[:PORT]` or `[IPV6][:PORT]` split into the host (without brackets) and the port's text, if any.
    private static func split(_ authority: Substring, _ text: String) throws(AdminTargetError)
        -> (host: String, port: String?)
    {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .init(text, "the IPv6 address has no closing ]; write it as http://[::1]:8080")
            }
            let address = authority[authority.index(after: authority.startIndex)..<close]
            guard address.contains(":"), address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .init(text, "only an IPv6 address goes in brackets, such as [::1]")
            }
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw .init(text, "expected :PORT or the path after the ]")
            }
            return (String(address), after.isEmpty ? nil : String(after.dropFirst()))
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw .init(text, "an IPv6 address goes in brackets, such as http://[::1]:8080")
        }
        let host = String(parts[0])
        let plain = host.replacingEvery("{host}", with: "")
        guard plain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw .init(text, "the host may hold letters, digits, '-', '.', '_' and {host}")
        }
        return (host, parts.count == 2 ? String(parts[1]) : nil)
    }

    /// The AdminServer endpoint of the member at `member`.
    public func endpoint(for member: Endpoint) -> Endpoint {
        Endpoint(
            host: hostTemplate.replacingEvery("{host}", with: member.host),
            port: portIsOffset ? member.port + port : port)
    }

    /// The request path of `command`, such as `/commands/monitor`.
    public func path(for command: String) -> String { "\(pathPrefix)/commands/\(command)" }

    public var description: String {
        let host = hostTemplate.contains(":") && !hostTemplate.contains("{") ? "[\(hostTemplate)]" : hostTemplate
        return "http://\(host):\(portIsOffset ? "<client port>+" : "")\(port)\(pathPrefix)"
    }
}

/// A `--admin-url` that cannot be used, with the reason.
public struct AdminTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String
    init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }
    public var description: String { "AdminServer URL \"\(oneLine(text))\": \(reason)" }
}

/// One answered AdminServer request: the HTTP response and the exchange that carried it.
public struct AdminExchange: Sendable, Equatable {
    /// The command asked, such as `monitor`.
    public var command: String
    /// The response, body decoded from its transfer coding.
    public var response: HTTPResponse
    /// The TCP exchange (endpoint, timings, raw bytes).
    public var exchange: Exchange
}

/// Asks ZooKeeper AdminServers for commands over HTTP/1.1 (`GET /commands/<name>`), on the same non-blocking
/// sockets and `poll` loop as the four-letter words (``FourLetterClient``), with the same single deadline per
/// request (resolve, connect, send, read) and reply cap. Plain HTTP only: an `https` AdminServer needs TLS.
///
/// ```swift
/// let client = AdminClient(target: AdminTarget(port: 8080))
/// let result = client.ask("monitor", member: try Endpoint(parsing: "zk1:2181"))
/// ```
public struct AdminClient: Sendable {
    /// Deadline, reply cap and concurrency, as for four-letter words.
    public var options: ProbeOptions
    /// Where each member's AdminServer is.
    public var target: AdminTarget

    /// A client for `target` with `options`.
    public init(target: AdminTarget, options: ProbeOptions = .init()) {
        self.target = target
        self.options = options
    }

    /// The AdminServer commands ``Checker`` asks, in place of `srvr`, `mntr`, `conf`, `ruok` (and the membership).
    public static let checkCommands = ["server_stats", "monitor", "configuration", "ruok", "voting_view"]

    /// Asks the AdminServer of `member` for `command`.
    public func ask(_ command: String, member: Endpoint) -> Result<AdminExchange, AdminError> {
        ask([(command: command, member: member)])[0]
    }

    /// Asks every request concurrently and returns the outcomes in request order.
    public func ask(_ requests: [(command: String, member: Endpoint)]) -> [Result<AdminExchange, AdminError>] {
        guard !requests.isEmpty else { return [] }
        let wire = requests.map { request($0.command, member: $0.member) }
        let results = ProbeLoop(options: options, wireRequests: wire).run()
        return zip(requests, results).map { Self.outcome($1, command: $0.command) }
    }

    /// The wire request for `command`: a GET that asks the server to close after answering, finished as soon
    /// as the response's declared length is in, so a server keeping the connection open costs nothing.
    func request(_ command: String, member: Endpoint) -> WireRequest {
        let endpoint = target.endpoint(for: member)
        let hostHeader = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let text =
            "GET \(target.path(for: command)) HTTP/1.1\r\nHost: \(hostHeader):\(endpoint.port)\r\n"
            + "User-Agent: zkprobe\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
        return WireRequest(
            word: "GET \(target.path(for: command))", endpoint: endpoint, message: Array(text.utf8),
            isComplete: { HTTPResponse.isComplete($0) })
    }

    /// Turns a finished wire exchange into an HTTP response, or the reason there is none.
    static func outcome(_ result: Result<Exchange, ProbeError>, command: String) -> Result<AdminExchange, AdminError> {
        switch result {
        case .failure(let error):
            return .failure(.transport(error))
        case .success(let exchange):
            do {
                let response = try HTTPResponse.parse(exchange.reply)
                guard response.status == 200 else {
                    return .failure(
                        .status(
                            endpoint: exchange.endpoint, command: command, code: response.status,
                            reason: response.reason))
                }
                return .success(AdminExchange(command: command, response: response, exchange: exchange))
            } catch {
                return .failure(.notHTTP(endpoint: exchange.endpoint, command: command, problem: error))
            }
        }
    }
}

/// Why an AdminServer request produced no usable HTTP response. Every case names the AdminServer; the
/// description is one line saying what happened and what to look at.
public enum AdminError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP exchange failed (refused, timed out, reset, too large, ...).
    case transport(ProbeError)
    /// The bytes are not an HTTP response, or it was cut short.
    case notHTTP(endpoint: Endpoint, command: String, problem: HTTPResponse.Problem)
    /// A status other than 200: ZooKeeper's AdminServer answers 200 even for failed commands, so this is
    /// another server, or a wrong path prefix.
    case status(endpoint: Endpoint, command: String, code: Int, reason: String)

    /// The AdminServer asked.
    public var endpoint: Endpoint {
        switch self {
        case .transport(let error): return error.endpoint
        case .notHTTP(let endpoint, _, _), .status(let endpoint, _, _, _): return endpoint
        }
    }

    public var description: String { text.description }

    /// The message, with the AdminServer URL as a ``CheckHint`` where its path may be wrong.
    public var text: HintedText {
        let server = "AdminServer \(endpoint)"
        switch self {
        case .transport(.refused):
            return "\(server): connection refused (is admin.enableServer=true, and is this admin.serverPort?)"
        case .transport(let error):
            return "AdminServer \(error.description)"
        case .notHTTP(_, let command, .notHTTP(let what)):
            return "\(server): \(command): \(oneLine(what)) (is this the AdminServer's port?)"
        case .notHTTP(_, let command, .truncated(let what)), .notHTTP(_, let command, .malformed(let what)):
            return "\(server): \(command): broken HTTP response: \(oneLine(what))"
        case .status(_, let command, let code, let reason):
            return "\(server): HTTP \(code) \(oneLine(reason)) for /commands/\(command) "
                + "(not a ZooKeeper AdminServer, or a wrong \(hint: .adminURL) path?)"
        }
    }
}
