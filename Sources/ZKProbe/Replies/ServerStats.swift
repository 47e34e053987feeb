/// The reply to `srvr` or `stat`: `StatCommand` over `ServerStats.toString()`.
///
///     Zookeeper version: 3.8.0-<sha>, built on 2022-02-25 08:49 UTC
///     [READ-ONLY mode; serving only read-only clients]
///     [stat only: "Clients:", one line per connection, a blank line]
///     Latency min/avg/max: 0/0.4286/3
///     Received: 7
///     Sent: 6
///     Connections: 1
///     Outstanding: 0
///     Zxid: 0x100000002
///     Mode: leader
///     Node count: 6
///     [leader only, late 3.4 and later: Proposal sizes last/min/max: 94/48/94]
///
/// Every field up to `Node count` is printed by every version from 3.4 to 3.9, so a reply without one of them is
/// an error (it is usually a truncated read). Lines this parser does not know are kept in ``unrecognizedLines``
/// so that a future version's additions do not break it.
public struct ServerStats: Sendable, Hashable {
    /// The `Zookeeper version:` line.
    public var version: ServerVersion
    /// The `READ-ONLY mode; serving only read-only clients` banner was present.
    public var isReadOnly: Bool
    /// The `stat` client list; `nil` for `srvr`, which prints none.
    public var clients: [ClientConnection]?
    /// Request latency in milliseconds since start or the last `srst`.
    public var latency: Latency
    /// Packets received since start or the last `srst`.
    public var received: Int64
    /// Packets sent since start or the last `srst`.
    public var sent: Int64
    /// Live client connections, including the one that asked.
    public var connections: Int64
    /// Requests queued and not yet processed; a growing figure means the server falls behind.
    public var outstanding: Int64
    /// The last processed transaction.
    public var zxid: Zxid
    /// The `Mode:` line: the server's role (leader, follower, observer, standalone, read-only).
    public var mode: ServerMode
    /// Znodes in the server's data tree.
    public var nodeCount: Int64
    /// Leader only (late 3.4 releases and later).
    public var proposalSizes: ProposalSizes?
    /// Lines not recognised, kept for future versions' additions.
    public var unrecognizedLines: [String]

    /// Builds stats from their parts; the parser uses it, and tests build expected values with it.
    public init(
        version: ServerVersion, isReadOnly: Bool = false, clients: [ClientConnection]? = nil, latency: Latency,
        received: Int64, sent: Int64, connections: Int64, outstanding: Int64, zxid: Zxid, mode: ServerMode,
        nodeCount: Int64, proposalSizes: ProposalSizes? = nil, unrecognizedLines: [String] = []
    ) {
        self.version = version
        self.isReadOnly = isReadOnly
        self.clients = clients
        self.latency = latency
        self.received = received
        self.sent = sent
        self.connections = connections
        self.outstanding = outstanding
        self.zxid = zxid
        self.mode = mode
        self.nodeCount = nodeCount
        self.proposalSizes = proposalSizes
        self.unrecognizedLines = unrecognizedLines
    }

    static let readOnlyBanner = "READ-ONLY mode; serving only read-only clients"

    /// Parses a `srvr` or `stat` reply.
    ///
    /// - Parameters:
    ///   - text: the reply as received, up to the server's close.
    ///   - server: names the server in errors, e.g. `zk2:2181`.
    ///   - command: `srvr` or `stat`; names the word in errors.
    /// - Returns: the stats, or the server's refusal (not serving, not whitelisted, empty).
    /// - Throws: ``ReplyParseError`` naming the line when the reply is malformed or a required field is missing.
    /// - Complexity: O(n) in the length of the reply.
    public static func parse(_ text: String, server: String, command: String = "srvr")
        throws(ReplyParseError) -> Reply<ServerStats>
    {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        return .answer(try parseAnswer(text, errors: ReplyErrorContext(server: server, command: command)))
    }

    private static func parseAnswer(_ text: String, errors: ReplyErrorContext) throws(ReplyParseError)
        -> ServerStats
    {
        let lines = ReplyLines.split(text)
        guard let first = lines.first else { throw errors.reply("the reply is empty") }
        guard let versionText = first.after("Zookeeper version: "), let version = ServerVersion(parsing: versionText)
        else {
            throw errors.line(
                first, "expected \"Zookeeper version: <major>.<minor>.<patch>-<revision>, built on <date>\"")
        }

        var fields = Fields()
        var isReadOnly = false
        var clients: [ClientConnection]?
        var unrecognized: [String] = []
        var index = 1
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty { continue }
            if line.text == readOnlyBanner {
                isReadOnly = true
                continue
            }
            if line.text == "Clients:" {
                guard clients == nil else { throw errors.line(line, "expected one \"Clients:\" list, found a second") }
                let list = try ClientConnection.parseList(lines, from: index, errors: errors, listName: "Clients:")
                clients = list.connections
                index = list.end + 1
                continue
            }
            guard let colon = line.text.firstIndex(ofByte: UInt8(ascii: ":")),
                let field = Field(rawValue: String(line.text[..<colon]))
            else {
                unrecognized.append(String(line.text))
                continue
            }
            try fields.read(field, from: line, errors: errors)
        }
        return try fields.stats(
            version: version, isReadOnly: isReadOnly, clients: clients, unrecognized: unrecognized, errors: errors)
    }

    /// The labelled lines, by the text before the first colon.
    private enum Field: String, CaseIterable {
        case latency = "Latency min/avg/max"
        case received = "Received"
        case sent = "Sent"
        case connections = "Connections"
        case outstanding = "Outstanding"
        case zxid = "Zxid"
        case mode = "Mode"
        case nodeCount = "Node count"
        case proposalSizes = "Proposal sizes last/min/max"

        var expectation: String {
            switch self {
            case .latency: return "expected \"Latency min/avg/max: <min>/<avg>/<max>\""
            case .zxid: return "expected \"Zxid: 0x<hex>\""
            case .mode: return "expected \"Mode: \(ServerMode.expectation)\""
            case .proposalSizes: return "expected \"Proposal sizes last/min/max: <last>/<min>/<max>\""
            default: return "expected \"\(rawValue): <integer>\""
            }
        }
    }

    private struct Fields {
        var latency: Latency?
        var counts: [Field: Int64] = [:]
        var zxid: Zxid?
        var mode: ServerMode?
        var proposalSizes: ProposalSizes?
        var seen: Set<Field> = []

        mutating func read(_ field: Field, from line: ReplyLine, errors: ReplyErrorContext) throws(ReplyParseError) {
            guard let value = line.after(field.rawValue + ": ") else { throw errors.line(line, field.expectation) }
            guard !seen.contains(field) else {
                throw errors.line(line, "expected one \"\(field.rawValue): \" line, found a second")
            }
            seen.insert(field)
            switch field {
            case .latency:
                guard let parsed = Latency(parsing: value) else { throw errors.line(line, field.expectation) }
                latency = parsed
            case .zxid:
                guard let parsed = Zxid(parsing: value) else { throw errors.line(line, field.expectation) }
                zxid = parsed
            case .mode:
                guard let parsed = ServerMode(rawValue: String(value)) else {
                    throw errors.line(line, field.expectation)
                }
                mode = parsed
            case .proposalSizes:
                guard let parsed = ProposalSizes(parsing: value) else { throw errors.line(line, field.expectation) }
                proposalSizes = parsed
            case .received, .sent, .connections, .outstanding, .nodeCount:
                guard let parsed = JavaNumber.long(value) else { throw errors.line(line, field.expectation) }
                counts[field] = parsed
            }
        }

        func stats(
            version: ServerVersion, isReadOnly: Bool, clients: [ClientConnection]?, unrecognized: [String],
            errors: ReplyErrorContext
        ) throws(ReplyParseError) -> ServerStats {
            for field in Field.allCases where field != .proposalSizes && !seen.contains(field) {
                throw errors.reply("no \"\(field.rawValue): \" line; the reply looks truncated")
            }
            guard let latency, let zxid, let mode, let received = counts[.received], let sent = counts[.sent],
                let connections = counts[.connections], let outstanding = counts[.outstanding],
                let nodeCount = counts[.nodeCount]
            else { throw errors.reply("incomplete reply") }
            return ServerStats(
                version: version, isReadOnly: isReadOnly, clients: clients, latency: latency, received: received,
                sent: sent, connections: connections, outstanding: outstanding, zxid: zxid, mode: mode,
                nodeCount: nodeCount, proposalSizes: proposalSizes, unrecognizedLines: unrecognized)
        }
    }
}
