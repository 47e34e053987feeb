/// The reply to `conf`: `ZooKeeperServer.dumpConf` and, on quorum members, `QuorumZooKeeperServer.dumpConf`.
///
///     clientPort=2181
///     secureClientPort=-1
///     dataDir=/var/lib/zookeeper/version-2
///     ...
///     serverId=1
///     initLimit=10
///     syncLimit=5
///     electionAlg=3
///     electionPort=3888
///     quorumPort=2888
///     peerType=0
///     membership:                                     (3.5+ quorum members; note the trailing space)
///     server.1=zk1:2888:3888:participant;0.0.0.0:2181
///     ...
///     version=100000000                               (no line break after it)
///
/// 3.4 prints the key=value lines only (and `secureClientPort`, `dataDirSize`, `dataLogSize` came with 3.5). A
/// read-only server prints no membership section. Hierarchical quorums add `group.G=` and `weight.N=` lines to the
/// membership section. Every `key=value` line is kept in order; the keys below are typed.
public struct ServerConfig: Sendable, Hashable {
    /// Every `key=value` line before `membership: `, in order.
    public let properties: [KeyValuePair]
    /// Whether the reply had a `membership: ` line.
    public let hasMembershipSection: Bool
    /// Every `server.N=` line, in order (in the membership section, or among the properties on old versions).
    public let membership: [MemberSpec]
    /// The other `key=value` lines of the membership section (`group.G`, `weight.N`), without `version`.
    public let membershipProperties: [KeyValuePair]
    /// Hierarchical quorums: group id → server ids (`group.G=1:2:3`).
    public let groups: [Int64: [Int64]]
    /// Hierarchical quorums: server id → weight (`weight.N=w`).
    public let weights: [Int64: Int64]
    /// The closing `version=<hex>`: the configuration version (3.5+ quorum members).
    public let version: UInt64?

    /// `clientPort`; `nil` when absent or negative (no plaintext port).
    public let clientPort: Int?
    /// `secureClientPort` (3.5+); `nil` when absent or `-1` (no TLS port).
    public let secureClientPort: Int?
    /// `dataDir`: where snapshots are written, as printed (ZooKeeper adds the `version-2` folder).
    public let dataDir: String?
    /// `dataLogDir`: where the transaction log is written (the same as `dataDir` unless configured apart).
    public let dataLogDir: String?
    /// `tickTime`: ZooKeeper's basic time unit, milliseconds; `initLimit` and `syncLimit` count in ticks.
    public let tickTime: Int64?
    /// `initLimit`: ticks a follower may take to connect to and sync with a new leader (quorum members only).
    public let initLimit: Int64?
    /// `syncLimit`: ticks a follower may lag behind the leader before it is dropped (quorum members only).
    public let syncLimit: Int64?
    /// `maxClientCnxns`: concurrent connections allowed from one client IP; 0 means no limit.
    public let maxClientCnxns: Int64?
    /// `minSessionTimeout`: the shortest session timeout granted, milliseconds (default 2 × `tickTime`).
    public let minSessionTimeout: Int64?
    /// `maxSessionTimeout`: the longest session timeout granted, milliseconds (default 20 × `tickTime`).
    public let maxSessionTimeout: Int64?
    /// `serverId` (the `myid`; 0 on a standalone server).
    public let serverId: Int64?
    /// `electionAlg`: the leader election algorithm (3, fast leader election, on current releases).
    public let electionAlg: Int64?
    /// `electionPort`; several on 3.6+ multi-address members (`3888|3889`).
    public let electionPorts: [Int]
    /// `quorumPort`; several on 3.6+ multi-address members.
    public let quorumPorts: [Int]
    /// `peerType`: 0 participant, 1 observer.
    public let peerType: MemberRole?

    /// The first election port; `nil` when `conf` printed none (standalone servers).
    public var electionPort: Int? { electionPorts.first }
    /// The first quorum port; `nil` when `conf` printed none (standalone servers).
    public var quorumPort: Int? { quorumPorts.first }

    /// The first property `key`, e.g. `config["maxClientCnxns"]`.
    public subscript(key: String) -> String? {
        properties.first { $0.key == key }?.value
    }

    /// `version` as the server prints it, `Long.toHexString`.
    public var versionText: String? { version.map { String($0, radix: 16) } }

    /// Parses a `conf` reply.
    ///
    /// - Parameters:
    ///   - text: the reply as received, up to the server's close.
    ///   - server: names the server in errors, e.g. `zk2:2181`.
    ///   - command: names the word in errors.
    /// - Returns: the configuration, or the server's refusal (not serving, not whitelisted, empty).
    /// - Throws: ``ReplyParseError`` naming the line when one is not `key=value`, a typed key has a value of the
    ///   wrong form, a `server.N` line is malformed, or a membership section does not end with `version=`.
    /// - Complexity: O(n) in the length of the reply.
    public static func parse(_ text: String, server: String, command: String = "conf")
        throws(ReplyParseError) -> Reply<ServerConfig>
    {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        let errors = ReplyErrorContext(server: server, command: command)
        var lines = ReplyLines.split(text)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { throw errors.reply("the reply is empty") }
        var builder = Builder()
        for line in lines {
            try builder.read(line, errors: errors)
        }
        return .answer(try builder.config(errors: errors))
    }

    private struct Builder {
        var properties: [KeyValuePair] = []
        var propertyLines: [String: [ReplyLine]] = [:]
        var inMembership = false
        var membership: [MemberSpec] = []
        var membershipProperties: [KeyValuePair] = []
        var groups: [Int64: [Int64]] = [:]
        var weights: [Int64: Int64] = [:]
        var version: UInt64?

        mutating func read(_ line: ReplyLine, errors: ReplyErrorContext) throws(ReplyParseError) {
            if version != nil {
                throw errors.line(line, "expected the reply to end after \"version=<hex>\"")
            }
            if line.text == "membership: " || line.text == "membership:" {
                guard !inMembership else {
                    throw errors.line(line, "expected one \"membership: \" line, found a second")
                }
                inMembership = true
                return
            }
            guard let equals = line.text.firstIndex(ofByte: UInt8(ascii: "=")), equals > line.text.startIndex else {
                throw errors.line(line, "expected \"<key>=<value>\"")
            }
            let key = line.text[..<equals]
            let value = line.text[line.text.utf8.index(after: equals)...]
            if let id = key.dropping(prefix: "server.") {
                guard let member = MemberSpec(id: id, value: value) else {
                    throw errors.line(line, MemberSpec.expectation)
                }
                membership.append(member)
            }
            guard inMembership else {
                properties.append(KeyValuePair(key: String(key), value: String(value)))
                propertyLines[String(key), default: []].append(line)
                return
            }
            if key == "version" {
                guard let parsed = JavaNumber.hex(value) else { throw errors.line(line, "expected \"version=<hex>\"") }
                version = parsed
                return
            }
            if key.dropping(prefix: "server.") != nil { return }
            membershipProperties.append(KeyValuePair(key: String(key), value: String(value)))
            if let group = key.dropping(prefix: "group.") {
                let members = value.splitBytes(UInt8(ascii: ":")).map { JavaNumber.unsigned($0) }
                guard let id = JavaNumber.unsigned(group), !members.isEmpty, !members.contains(nil) else {
                    throw errors.line(line, "expected \"group.<id>=<server id>:<server id>...\"")
                }
                groups[id] = members.compactMap { $0 }
            } else if let server = key.dropping(prefix: "weight.") {
                guard let id = JavaNumber.unsigned(server), let weight = JavaNumber.unsigned(value) else {
                    throw errors.line(line, "expected \"weight.<server id>=<weight>\"")
                }
                weights[id] = weight
            }
        }

        func config(errors: ReplyErrorContext) throws(ReplyParseError) -> ServerConfig {
            if inMembership, version == nil {
                throw errors.reply(
                    "the membership section has no closing \"version=<hex>\" line; the reply looks truncated")
            }
            let typed = TypedProperties(properties: properties, lines: propertyLines, errors: errors)
            return ServerConfig(
                properties: properties, hasMembershipSection: inMembership, membership: membership,
                membershipProperties: membershipProperties, groups: groups, weights: weights, version: version,
                clientPort: try typed.port("clientPort"), secureClientPort: try typed.port("secureClientPort"),
                dataDir: typed.string("dataDir"), dataLogDir: typed.string("dataLogDir"),
                tickTime: try typed.integer("tickTime"), initLimit: try typed.integer("initLimit"),
                syncLimit: try typed.integer("syncLimit"), maxClientCnxns: try typed.integer("maxClientCnxns"),
                minSessionTimeout: try typed.integer("minSessionTimeout"),
                maxSessionTimeout: try typed.integer("maxSessionTimeout"), serverId: try typed.integer("serverId"),
                electionAlg: try typed.integer("electionAlg"), electionPorts: try typed.ports("electionPort"),
                quorumPorts: try typed.ports("quorumPort"), peerType: try typed.role("peerType"))
        }
    }

    /// Reads typed values: every occurrence of a typed key must have the right form; the first one counts.
    private struct TypedProperties {
        let properties: [KeyValuePair]
        let lines: [String: [ReplyLine]]
        let errors: ReplyErrorContext

        /// The value of the first line with `key`, after checking every such line with `convert`; `nil` when no
        /// line has the key.
        private func typed<T>(_ key: String, _ expected: String, _ convert: (Substring) -> T?)
            throws(ReplyParseError) -> T?
        {
            var first: T?
            for line in lines[key] ?? [] {
                guard let value = line.after(key + "="), let parsed = convert(value) else {
                    throw errors.line(line, "expected \"\(key)=\(expected)\"")
                }
                if first == nil { first = parsed }
            }
            return first
        }

        func string(_ key: String) -> String? {
            lines[key]?.first?.after(key + "=").map(String.init)
        }

        func integer(_ key: String) throws(ReplyParseError) -> Int64? {
            try typed(key, "<integer>", JavaNumber.long)
        }

        /// A port; a negative value (`-1`: not configured) gives `nil`.
        func port(_ key: String) throws(ReplyParseError) -> Int? {
            let port = try typed(key, "<port>") { value -> Int? in
                if let parsed = JavaNumber.long(value), parsed < 0 { return -1 }
                return JavaNumber.port(value)
            }
            guard let port, port >= 0 else { return nil }
            return port
        }

        /// `port` or `port|port|...`; a negative value gives none.
        func ports(_ key: String) throws(ReplyParseError) -> [Int] {
            let ports = try typed(key, "<port>[|<port>...]") { value -> [Int]? in
                if let parsed = JavaNumber.long(value), parsed < 0 { return [] }
                let ports = value.splitBytes(UInt8(ascii: "|")).map(JavaNumber.port)
                return ports.contains(nil) ? nil : ports.compactMap { $0 }
            }
            return ports ?? []
        }

        func role(_ key: String) throws(ReplyParseError) -> MemberRole? {
            try typed(key, "0|1 (0 participant, 1 observer)") { value in
                JavaNumber.long(value).flatMap { MemberRole(ordinal: $0) }
            }
        }
    }
}
