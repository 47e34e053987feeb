/// One client connection line from `stat` (brief) or `cons` (full), as `ServerCnxn.dumpConnectionInfo` prints it:
///
///     /127.0.0.1:54321[1](queued=0,recved=1,sent=1)
///     /[0:0:0:0:0:0:0:1]:5432[0](queued=0,recved=1,sent=0)
///     /10.0.0.7:40122[1](queued=0,recved=52,sent=52,sid=0x100..,lop=PING,est=1700000000000,to=30000,...)
///
/// The address is Java's `InetSocketAddress.toString()`: `[hostname]/literal:port`. Java 14+ brackets IPv6
/// literals (`/[::1]:5432`), older JVMs do not (`/0:0:0:0:0:0:0:1:5432`), and a connection closed while the
/// server printed shows `null`. The interest ops in brackets are hexadecimal.
public struct ClientConnection: Sendable, Hashable {
    /// The address as printed, e.g. `/127.0.0.1:54321`.
    public let address: String
    /// The IP literal without brackets, `nil` when the server printed `null`.
    public let host: String?
    /// The host name printed before `/`, if any.
    public let hostName: String?
    /// The client's port; `nil` when the server printed `null` (the connection closed meanwhile).
    public let port: Int?
    /// The selector interest ops (1 = read, 4 = write).
    public let interestOps: Int
    /// Requests from this connection the server has queued but not yet answered (`queued=`).
    public let queued: Int64
    /// Packets received from this client since the connection opened or the last `crst` (`recved=`).
    public let received: Int64
    /// Packets sent to this client since the connection opened or the last `crst` (`sent=`).
    public let sent: Int64
    /// Every other `key=value` in the parentheses, in order (`cons` prints `sid`, `lop`, `est`, `to`, `lcxid`,
    /// `lzxid`, `lresp`, `llat`, `minlat`, `avglat`, `maxlat`).
    public let details: [KeyValuePair]

    /// Builds a connection from its parts; the parser uses it, and tests build expected values with it.
    public init(
        address: String, host: String?, hostName: String?, port: Int?, interestOps: Int, queued: Int64,
        received: Int64, sent: Int64, details: [KeyValuePair] = []
    ) {
        self.address = address
        self.host = host
        self.hostName = hostName
        self.port = port
        self.interestOps = interestOps
        self.queued = queued
        self.received = received
        self.sent = sent
        self.details = details
    }

    /// The value of one detail, e.g. `detail("sid")`.
    public func detail(_ key: String) -> String? {
        details.first { $0.key == key }?.value
    }

    static let expectation = "expected \" /<ip>:<port>[<interest ops>](queued=<n>,recved=<n>,sent=<n>)\""

    /// Parses one connection line (with its leading space); `nil` when it does not have that form.
    init?(parsing line: Substring) {
        guard let body = line.dropping(prefix: " "), body.utf8.last == UInt8(ascii: ")"),
            let open = body.firstRange(of: "](")
        else { return nil }
        // The interest-ops bracket is the last "[" before "](": an IPv6 literal's brackets end in "]:".
        let head = body[..<open.lowerBound]
        guard let bracket = head.lastIndex(ofByte: UInt8(ascii: "[")) else { return nil }
        let addressText = head[..<bracket]
        let opsText = head[head.utf8.index(after: bracket)...]
        guard !opsText.isEmpty, let ops = JavaNumber.hex(opsText), ops <= UInt64(Int32.max) else { return nil }
        let fieldsText = body[open.upperBound..<body.utf8.index(before: body.endIndex)]

        var queued: Int64?
        var received: Int64?
        var sent: Int64?
        var details: [KeyValuePair] = []
        for field in fieldsText.splitBytes(UInt8(ascii: ",")) {
            guard let equals = field.firstIndex(ofByte: UInt8(ascii: "=")) else { return nil }
            let key = field[..<equals]
            let value = field[field.utf8.index(after: equals)...]
            guard !key.isEmpty else { return nil }
            switch key {
            case "queued": queued = JavaNumber.long(value)
            case "recved": received = JavaNumber.long(value)
            case "sent": sent = JavaNumber.long(value)
            default: details.append(KeyValuePair(key: String(key), value: String(value)))
            }
        }
        guard let queued, let received, let sent else { return nil }
        guard let endpoint = Self.endpoint(addressText) else { return nil }
        self.init(
            address: String(addressText), host: endpoint.host, hostName: endpoint.hostName, port: endpoint.port,
            interestOps: Int(ops), queued: queued, received: received, sent: sent, details: details)
    }

    /// Splits `[hostname]/literal:port` (or `null`).
    private static func endpoint(_ text: Substring) -> (host: String?, hostName: String?, port: Int?)? {
        if text == "null" { return (nil, nil, nil) }
        var hostName: Substring?
        var rest = text
        if let slash = text.firstIndex(ofByte: UInt8(ascii: "/")) {
            hostName = text[..<slash]
            rest = text[text.utf8.index(after: slash)...]
        }
        let host: Substring
        let portText: Substring
        if let inner = rest.dropping(prefix: "[") {
            guard let close = inner.firstRange(of: "]:") else { return nil }
            host = inner[..<close.lowerBound]
            portText = inner[close.upperBound...]
        } else {
            guard let colon = rest.lastIndex(ofByte: UInt8(ascii: ":")) else { return nil }
            host = rest[..<colon]
            portText = rest[rest.utf8.index(after: colon)...]
        }
        guard !host.isEmpty, let port = JavaNumber.port(portText) else { return nil }
        let name = hostName.flatMap { $0.isEmpty ? nil : String($0) }
        return (String(host), name, port)
    }

    /// Parses a list of connection lines ended by a blank line, starting at `lines[start]`. Returns the
    /// connections and the index of the blank line.
    static func parseList(
        _ lines: [ReplyLine], from start: Int, errors: ReplyErrorContext, listName: String
    ) throws(ReplyParseError) -> (connections: [ClientConnection], end: Int) {
        var connections: [ClientConnection] = []
        var index = start
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty { return (connections, index) }
            guard let connection = ClientConnection(parsing: line.text) else {
                throw errors.line(line, expectation)
            }
            connections.append(connection)
            index += 1
        }
        throw errors.reply("the \(listName) list is not ended by a blank line; the reply looks truncated")
    }
}
