/// One `server.N=` line of `conf`'s membership section (`QuorumServer.toString()`):
///
///     server.1=zk1:2888:3888:participant;0.0.0.0:2181
///     server.4=[2001:db8::4]:2888:3888:observer;[2001:db8::4]:2181
///     server.2=10.0.0.2:2888:3888|10.1.0.2:2888:3888:participant        (3.6+ multi-address)
///     server.3=zk3:2888:3888                                            (no role on old versions)
///
/// After `;` comes the client address, `host:port` or a port alone.
public struct MemberSpec: Sendable, Hashable {
    /// The server id `N` (`myid`).
    public let id: Int64
    /// Every quorum address, in order; at least one.
    public let addresses: [MemberAddress]
    /// `nil` when the line names no role.
    public let role: MemberRole?
    /// The host before the client port (brackets removed; `0.0.0.0` means every interface); `nil` when the line gives a
    /// bare port or no client address.
    public let clientHost: String?
    /// The client port after `;`; `nil` when the line has no client address (older formats).
    public let clientPort: Int?

    /// Builds a spec from its parts; `addresses` must not be empty (a precondition).
    public init(id: Int64, addresses: [MemberAddress], role: MemberRole?, clientHost: String?, clientPort: Int?) {
        precondition(!addresses.isEmpty, "a member has at least one address")
        self.id = id
        self.addresses = addresses
        self.role = role
        self.clientHost = clientHost
        self.clientPort = clientPort
    }

    /// The first address's host.
    public var host: String { addresses[0].host }
    /// The first address's quorum port (the one followers connect to the leader on).
    public var quorumPort: Int { addresses[0].quorumPort }
    /// The first address's leader-election port; `nil` when the line names none.
    public var electionPort: Int? { addresses[0].electionPort }

    /// Whether the member votes (a line without a role is a participant, as in ZooKeeper).
    public var isVoter: Bool { role != .observer }

    static let expectation =
        "expected \"server.<id>=<host>:<quorum port>:<election port>[:participant|observer]"
        + "[;[<client host>:]<client port>]\""

    /// Parses the key's id (`server.<id>`) and the value.
    init?(id idText: Substring, value: Substring) {
        guard let id = JavaNumber.unsigned(idText) else { return nil }
        var quorumText = value
        var clientHost: String?
        var clientPort: Int?
        if let semicolon = value.firstIndex(ofByte: UInt8(ascii: ";")) {
            quorumText = value[..<semicolon]
            let clientText = value[value.utf8.index(after: semicolon)...]
            guard let client = Self.client(clientText) else { return nil }
            (clientHost, clientPort) = client
        }
        var addresses: [MemberAddress] = []
        var role: MemberRole?
        for segment in quorumText.splitBytes(UInt8(ascii: "|")) {
            guard role == nil, let parsed = Self.address(segment) else { return nil }
            addresses.append(parsed.address)
            role = parsed.role
        }
        guard !addresses.isEmpty else { return nil }
        self.init(id: id, addresses: addresses, role: role, clientHost: clientHost, clientPort: clientPort)
    }

    /// `host:quorum[:election][:role]`, the host possibly in brackets.
    private static func address(_ text: Substring) -> (address: MemberAddress, role: MemberRole?)? {
        let host: Substring
        let rest: Substring
        if let inner = text.dropping(prefix: "[") {
            guard let close = inner.firstRange(of: "]:") else { return nil }
            host = inner[..<close.lowerBound]
            rest = inner[close.upperBound...]
        } else {
            guard let colon = text.firstIndex(ofByte: UInt8(ascii: ":")) else { return nil }
            host = text[..<colon]
            rest = text[text.utf8.index(after: colon)...]
        }
        let parts = rest.splitBytes(UInt8(ascii: ":"))
        guard !host.isEmpty, (1...3).contains(parts.count), let quorumPort = JavaNumber.port(parts[0]) else {
            return nil
        }
        var electionPort: Int?
        var role: MemberRole?
        for part in parts.dropFirst() {
            if electionPort == nil, role == nil, let port = JavaNumber.port(part) {
                electionPort = port
            } else if role == nil, let parsed = MemberRole(rawValue: String(part)) {
                role = parsed
            } else {
                return nil
            }
        }
        return (MemberAddress(host: String(host), quorumPort: quorumPort, electionPort: electionPort), role)
    }

    /// `host:port`, `[v6]:port`, or `port`.
    private static func client(_ text: Substring) -> (String?, Int)? {
        if let port = JavaNumber.port(text) { return (nil, port) }
        if let inner = text.dropping(prefix: "[") {
            guard let close = inner.firstRange(of: "]:"), let port = JavaNumber.port(inner[close.upperBound...]),
                close.lowerBound > inner.startIndex
            else { return nil }
            return (String(inner[..<close.lowerBound]), port)
        }
        guard let colon = text.lastIndex(ofByte: UInt8(ascii: ":")), colon > text.startIndex,
            let port = JavaNumber.port(text[text.utf8.index(after: colon)...])
        else { return nil }
        return (String(text[..<colon]), port)
    }
}
