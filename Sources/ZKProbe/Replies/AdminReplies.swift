import ToolkitSupport

/// Parsers of ZooKeeper AdminServer JSON (`/commands/<name>`) into the same typed values the four-letter words
/// give, so that the check judges a member the same way whichever transport answered.
///
/// Every reply carries `command` and `error`; the AdminServer answers HTTP 200 even when the command failed, so
/// a set `error` is read here: "not currently serving requests" is ``Refusal/notServing`` as over the words,
/// anything else a ``ReplyParseError``. `monitor` and `configuration` are turned into the `mntr`/`conf` text
/// they stand for and read by ``Monitor`` and ``ServerConfig`` themselves, so the typed fields have one grammar.
public enum AdminReplies {
    /// `server_stats` (or `stats`) → the `srvr` stats.
    public static func serverStats(_ body: [UInt8], server: String, command: String = "server_stats")
        throws(ReplyParseError) -> Reply<ServerStats>
    {
        let errors = ReplyErrorContext(server: server, command: command)
        if let refusal = try refusal(body, errors: errors) { return .refused(refusal) }
        let reply = try decode(AdminServerStatsBody.self, body, errors: errors)
        guard let stats = reply.serverStats else { throw errors.reply("no \"server_stats\" object") }
        guard let versionText = reply.version, let version = ServerVersion(parsing: versionText[...]) else {
            throw errors.reply("no usable \"version\" (expected \"<major>.<minor>.<patch>...\")")
        }
        guard let modeText = stats.serverState, let mode = ServerMode(rawValue: modeText) else {
            throw errors.reply("\"server_state\" is not \(ServerMode.expectation)")
        }
        func count(_ value: AdminJSONValue?, _ key: String) throws(ReplyParseError) -> Int64 {
            guard let number = value?.int64 else { throw errors.reply("no whole number \"\(key)\"") }
            return number
        }
        let zxid = try count(stats.lastProcessedZxid, "last_processed_zxid")
        let latency = Latency(
            min: try count(stats.minLatency, "min_latency"), average: stats.avgLatency?.double ?? 0,
            max: try count(stats.maxLatency, "max_latency"), averageIsInteger: version.printsIntegerAverageLatency)
        return .answer(
            ServerStats(
                version: version, isReadOnly: reply.readOnly ?? (mode == .readOnly), latency: latency,
                received: try count(stats.packetsReceived, "packets_received"),
                sent: try count(stats.packetsSent, "packets_sent"),
                connections: try count(stats.numAliveClientConnections, "num_alive_client_connections"),
                outstanding: try count(stats.outstandingRequests, "outstanding_requests"),
                zxid: Zxid(UInt64(bitPattern: zxid)), mode: mode, nodeCount: try count(reply.nodeCount, "node_count")))
    }

    /// `monitor` → the `mntr` metrics: each key gets back its `zk_` prefix. `lenient` as in ``Monitor/parse``.
    public static func monitor(_ body: [UInt8], server: String, command: String = "monitor", lenient: Bool = false)
        throws(ReplyParseError) -> Reply<Monitor>
    {
        let errors = ReplyErrorContext(server: server, command: command)
        if let refusal = try refusal(body, errors: errors) { return .refused(refusal) }
        let object = try decode(AdminFlatObject.self, body, errors: errors)
        let lines = object.payload.compactMap { entry in
            entry.value.wordText.map { "zk_\(entry.key)\t\($0)" }
        }
        guard !lines.isEmpty else { throw errors.reply("no metrics in the reply") }
        return try Monitor.parse(
            lines.joined(separator: "\n") + "\n", server: server, command: command, lenient: lenient)
    }

    /// `configuration` → the `conf` properties (`client_port` is `clientPort`, ...). The AdminServer lists no
    /// membership here; ``votingView(_:server:)`` gives it.
    public static func configuration(_ body: [UInt8], server: String, command: String = "configuration")
        throws(ReplyParseError) -> Reply<ServerConfig>
    {
        let errors = ReplyErrorContext(server: server, command: command)
        if let refusal = try refusal(body, errors: errors) { return .refused(refusal) }
        let object = try decode(AdminFlatObject.self, body, errors: errors)
        let lines = object.payload.compactMap { entry -> String? in
            guard let text = entry.value.wordText, !entry.key.contains("=") else { return nil }
            return "\(camelCase(entry.key))=\(text)"
        }
        guard !lines.isEmpty else { throw errors.reply("no configuration keys in the reply") }
        return try ServerConfig.parse(lines.joined(separator: "\n") + "\n", server: server, command: command)
    }

    /// `ruok` → whether the member answered "imok": the command succeeds (no `error`) exactly when it would.
    public static func ruok(_ body: [UInt8], server: String) throws(ReplyParseError) -> Bool {
        try refusal(body, errors: ReplyErrorContext(server: server, command: "ruok")) == nil
    }

    /// `voting_view` → the membership, as the `server.N` lines of `conf` would give it, sorted by id.
    ///
    /// With classic `server.N` lines (no `;clientPort` suffix) a member fills in `client_address` for itself
    /// only and `""` for the others, so each member's view would differ from every other's. Given `ownId`, the
    /// member's own client address is kept only when another entry has one too: the view then reads as the
    /// `server.N` lines do, the same from every member.
    public static func votingView(_ body: [UInt8], server: String, ownId: Int64? = nil)
        throws(ReplyParseError) -> Reply<[MemberSpec]>
    {
        let errors = ReplyErrorContext(server: server, command: "voting_view")
        if let refusal = try refusal(body, errors: errors) { return .refused(refusal) }
        let view = try decode(AdminVotingViewBody.self, body, errors: errors)
        guard var members = view.currentConfig else { throw errors.reply("no \"current_config\" object") }
        if let own = ownId.map(String.init), members[own] != nil,
            !members.contains(where: { $0.key != own && !($0.value.clientAddress ?? "").isEmpty })
        {
            members[own]?.clientAddress = nil
        }
        var specs: [MemberSpec] = []
        for (idText, member) in members {
            let quorum = member.serverAddresses ?? []
            let election = member.electionAddresses ?? []
            guard !quorum.isEmpty else { throw errors.reply("member \(idText) has no \"server_addresses\"") }
            // server.N's grammar: host:quorumPort:electionPort per address, `|` between addresses.
            var value = zip(quorum, election + Array(repeating: "", count: max(0, quorum.count - election.count)))
                .map { q, e in e.isEmpty ? q : "\(q):\(e.split(separator: ":").last ?? "")" }
                .joined(separator: "|")
            if let role = member.learnerType { value += ":\(role)" }
            if let client = member.clientAddress, !client.isEmpty { value += ";\(client)" }
            guard let spec = MemberSpec(id: idText[...], value: value[...]) else {
                throw errors.reply("member \(idText) is not a server.N entry: \(value)")
            }
            specs.append(spec)
        }
        return .answer(specs.sorted { $0.id < $1.id })
    }

    /// `leader` → whether this member leads and the leader's id (`nil` when it knows none).
    public static func leader(_ body: [UInt8], server: String) throws(ReplyParseError) -> (isLeader: Bool, id: Int64?) {
        let errors = ReplyErrorContext(server: server, command: "leader")
        if try refusal(body, errors: errors) != nil { return (false, nil) }
        let reply = try decode(AdminLeaderBody.self, body, errors: errors)
        guard let isLeader = reply.isLeader else { throw errors.reply("no \"is_leader\"") }
        return (isLeader, reply.leaderId?.int64.flatMap { $0 >= 0 ? $0 : nil })
    }

    // MARK: Shared steps

    /// The refusal an `error` field carries, `nil` when there is none; any other error is thrown, and so is JSON
    /// that does not name the command asked (`"command": "monitor"`): ZooKeeper's AdminServer names it in every
    /// reply, so JSON without it comes from some other server.
    static func refusal(_ body: [UInt8], errors: ReplyErrorContext) throws(ReplyParseError) -> Refusal? {
        let envelope = try decode(AdminEnvelope.self, body, errors: errors)
        if let message = envelope.error {
            if message.contains("not currently serving requests") { return .notServing }
            throw errors.reply("the AdminServer answered an error: \(oneLine(message))")
        }
        guard envelope.command == errors.command else {
            let named = envelope.command.map { "names \"\(oneLine($0, limit: 40))\"" } ?? "has no \"command\""
            throw errors.reply("not the AdminServer's answer to \(errors.command): the JSON \(named)")
        }
        return nil
    }

    /// Reads `body` as `T`, turning any failure into one line that says what was expected.
    static func decode<T: AdminBody>(_ type: T.Type, _ body: [UInt8], errors: ReplyErrorContext)
        throws(ReplyParseError) -> T
    {
        let words: String
        do {
            if let object = try AdminObject.parse(body) { return try T(object) }
            words = "not JSON"
        } catch {
            words = error.words
        }
        let start = String(decoding: body.prefix(30), as: UTF8.self)
        throw errors.reply("not the AdminServer's JSON (\(words)); it starts \"\(oneLine(start))\"")
    }

    /// `client_port` → `clientPort`: the AdminServer's keys are `conf`'s in snake case.
    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = parts.first else { return key }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
