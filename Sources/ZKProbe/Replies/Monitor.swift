/// The reply to `mntr`: every `zk_<key>\t<value>` line, in order, plus typed views of the keys operators use.
///
/// 3.4 and 3.5 print about twenty keys in a fixed order; 3.6+ print `zk_version`, `zk_server_state`, then (quorum
/// members) `zk_peer_state` and several hundred metrics in no fixed order, summaries as `zk_avg_X` ... `zk_p999_X`.
/// With the Prometheus metrics provider, keys carry labels and every gauge prints as a double (`2.0`): the typed
/// integer properties accept integral doubles.
///
/// A known key whose value has the wrong form (`zk_znode_count\tbanana`) is an error naming the line (or, parsed
/// `lenient`ly, a line in ``skipped``); `null` or `NaN` for a known numeric key leaves the property `nil`.
public struct Monitor: Sendable, Hashable {
    /// Every line, in the order printed.
    public let entries: [MonitorEntry]
    private let firstIndexByKey: [String: Int]
    /// The lines a lenient parse skipped, each with why: not `zk_<key>\t<value>`, or a known key whose value has
    /// the wrong form (that key's property is then `nil`). Always empty after a strict parse.
    public let skipped: [ReplyParseError]

    /// `zk_version`.
    public let version: ServerVersion?
    /// `zk_server_state`.
    public let serverState: ServerMode?
    /// `zk_peer_state` (3.6+, quorum members).
    public let peerState: PeerState?
    /// `zk_avg_latency`: an integer on 3.4/3.5, a double on 3.6+.
    public let averageLatency: Double?
    /// `zk_min_latency`: smallest request latency, milliseconds, since start or the last `srst`.
    public let minLatency: Int64?
    /// `zk_max_latency`: largest request latency, milliseconds, since start or the last `srst`.
    public let maxLatency: Int64?
    /// `zk_packets_received`: client packets received since start or the last `srst`.
    public let packetsReceived: Int64?
    /// `zk_packets_sent`: client packets sent since start or the last `srst`.
    public let packetsSent: Int64?
    /// `zk_num_alive_connections`: open client connections, including the one that asked.
    public let numAliveConnections: Int64?
    /// `zk_outstanding_requests`: requests queued and not yet processed; a growing figure means the server falls
    /// behind.
    public let outstandingRequests: Int64?
    /// `zk_znode_count`: znodes in this server's data tree.
    public let znodeCount: Int64?
    /// `zk_watch_count`: watches set by this server's clients.
    public let watchCount: Int64?
    /// `zk_ephemerals_count`: ephemeral znodes (owned by live sessions).
    public let ephemeralsCount: Int64?
    /// `zk_approximate_data_size`: the data tree's size in bytes (paths and data, approximately).
    public let approximateDataSize: Int64?
    /// Absent on servers whose JVM does not report descriptors (not Unix).
    public let openFileDescriptorCount: Int64?
    /// `zk_max_file_descriptor_count`: the process's descriptor limit; absent where `openFileDescriptorCount` is.
    public let maxFileDescriptorCount: Int64?
    /// Leader only: learners connected (followers and observers). `zk_followers` up to 3.5, `zk_learners` from 3.6.
    public let learners: Int64?
    /// Leader only: followers in sync (`zk_synced_followers`).
    public let syncedFollowers: Int64?
    /// Leader only, 3.6+: `zk_synced_non_voting_followers`.
    public let syncedNonVotingFollowers: Int64?
    /// Leader only, 3.6+: `zk_synced_observers`.
    public let syncedObservers: Int64?
    /// Leader only: `zk_pending_syncs`.
    public let pendingSyncs: Int64?
    /// Quorum members, 3.6+: `zk_quorum_size`, the number of voting members.
    public let quorumSize: Int64?
    /// Leader only, 3.6+: `zk_leader_uptime` in milliseconds.
    public let leaderUptime: Int64?
    /// 3.6+: `zk_uptime` in milliseconds.
    public let uptime: Int64?
    /// Leader only: `zk_last_proposal_size`, `zk_min_proposal_size`, `zk_max_proposal_size`.
    public let proposalSizes: ProposalSizes?
    /// Late 3.4 releases (3.4.14): `zk_fsync_threshold_exceed_count`.
    public let fsyncThresholdExceedCount: Int64?

    /// The value of the first line whose key is `key` as printed (`zk_znode_count`, or with labels).
    public subscript(key: String) -> MetricValue? {
        firstIndexByKey[key].map { entries[$0].value }
    }

    /// The first entry named `name` (no `zk_`) whose labels include every pair in `labels`.
    public func entry(named name: String, labels: [String: String] = [:]) -> MonitorEntry? {
        entries.first { entry in
            entry.name == name && labels.allSatisfy { entry.label($0.key) == $0.value }
        }
    }

    /// The summary `name` (3.6+), when a `zk_cnt_<name>` line exists.
    public func summary(named name: String) -> MetricSummary? {
        guard firstIndexByKey["zk_cnt_" + name] != nil else { return nil }
        func number(_ statistic: String) -> Double? { self["zk_" + statistic + name]?.number }
        func integer(_ statistic: String) -> Int64? { self["zk_" + statistic + name]?.integer }
        return MetricSummary(
            name: name, average: number("avg_"), min: integer("min_"), max: integer("max_"), count: integer("cnt_"),
            sum: integer("sum_"), p50: number("p50_"), p95: number("p95_"), p99: number("p99_"),
            p999: number("p999_"))
    }

    /// The names of every summary (3.6+), in the order their `zk_cnt_` lines appear.
    public var summaryNames: [String] {
        entries.compactMap { entry in
            entry.labels.isEmpty ? entry.key[...].dropping(prefix: "zk_cnt_").map(String.init) : nil
        }
    }

    /// Parses a `mntr` reply.
    ///
    /// - Parameters:
    ///   - text: the reply as received, up to the server's close.
    ///   - server: names the server in errors, e.g. `zk2:2181`.
    ///   - command: names the word in errors.
    ///   - lenient: skip each bad line (and each known key of the wrong form) into ``skipped`` and keep the
    ///     rest, rather than throwing: one odd key then costs that key, not the whole reply.
    /// - Returns: the metrics, or the server's refusal (not serving, not whitelisted, empty).
    /// - Throws: ``ReplyParseError`` naming the first line that is not `zk_<key>\t<value>` or whose known key has
    ///   a value of the wrong form (unless `lenient`), or when no line reads. A trailing empty line and `\r\n`
    ///   line ends are accepted.
    /// - Complexity: O(n) in the length of the reply.
    public static func parse(_ text: String, server: String, command: String = "mntr", lenient: Bool = false)
        throws(ReplyParseError) -> Reply<Monitor>
    {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        let errors = ReplyErrorContext(server: server, command: command)
        var lines = ReplyLines.split(text)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var entries: [MonitorEntry] = []
        entries.reserveCapacity(lines.count)
        var firstIndexByKey: [String: Int] = [:]
        firstIndexByKey.reserveCapacity(lines.count)
        var skipped: [ReplyParseError] = []
        for line in lines {
            do throws(ReplyParseError) {
                if line.isEmpty { throw errors.line(line, "expected \"zk_<key><TAB><value>\", not an empty line") }
                let entry = try MonitorEntry.parse(line, errors: errors)
                if firstIndexByKey[entry.key] == nil { firstIndexByKey[entry.key] = entries.count }
                entries.append(entry)
            } catch {
                guard lenient else { throw error }
                skipped.append(error)
            }
        }
        guard !entries.isEmpty else { throw skipped.first ?? errors.reply("the reply has no zk_ lines") }
        let reader = TypedReader(
            entries: entries, firstIndexByKey: firstIndexByKey, errors: errors, lenient: lenient, skipped: skipped)
        return .answer(try Monitor(entries: entries, firstIndexByKey: firstIndexByKey, reader: reader))
    }

    private init(entries: [MonitorEntry], firstIndexByKey: [String: Int], reader: TypedReader)
        throws(ReplyParseError)
    {
        self.entries = entries
        self.firstIndexByKey = firstIndexByKey
        version = try reader.typed("zk_version", "<major>.<minor>.<patch>-<revision>, built on <date>") {
            $0.text.flatMap { ServerVersion(parsing: $0[...]) }
        }
        serverState = try reader.typed("zk_server_state", ServerMode.expectation) {
            $0.text.flatMap(ServerMode.init(rawValue:))
        }
        peerState = try reader.typed("zk_peer_state", "<state>[ - <phase>][ - <sync mode>]") {
            $0.text.flatMap { PeerState(parsing: $0[...]) }
        }
        averageLatency = try reader.number("zk_avg_latency")
        minLatency = try reader.integer("zk_min_latency")
        maxLatency = try reader.integer("zk_max_latency")
        packetsReceived = try reader.integer("zk_packets_received")
        packetsSent = try reader.integer("zk_packets_sent")
        numAliveConnections = try reader.integer("zk_num_alive_connections")
        outstandingRequests = try reader.integer("zk_outstanding_requests")
        znodeCount = try reader.integer("zk_znode_count")
        watchCount = try reader.integer("zk_watch_count")
        ephemeralsCount = try reader.integer("zk_ephemerals_count")
        approximateDataSize = try reader.integer("zk_approximate_data_size")
        openFileDescriptorCount = try reader.integer("zk_open_file_descriptor_count")
        maxFileDescriptorCount = try reader.integer("zk_max_file_descriptor_count")
        let learnersKey = try reader.integer("zk_learners")
        let followersKey = try reader.integer("zk_followers")
        learners = learnersKey ?? followersKey
        syncedFollowers = try reader.integer("zk_synced_followers")
        syncedNonVotingFollowers = try reader.integer("zk_synced_non_voting_followers")
        syncedObservers = try reader.integer("zk_synced_observers")
        pendingSyncs = try reader.integer("zk_pending_syncs")
        quorumSize = try reader.integer("zk_quorum_size")
        leaderUptime = try reader.integer("zk_leader_uptime")
        uptime = try reader.integer("zk_uptime")
        fsyncThresholdExceedCount = try reader.integer("zk_fsync_threshold_exceed_count")
        let last = try reader.integer("zk_last_proposal_size")
        let min = try reader.integer("zk_min_proposal_size")
        let max = try reader.integer("zk_max_proposal_size")
        if let last, let min, let max {
            proposalSizes = ProposalSizes(last: last, min: min, max: max)
        } else {
            proposalSizes = nil
        }
        skipped = reader.skipped.sorted { ($0.lineNumber ?? 0) < ($1.lineNumber ?? 0) }
    }

    public static func == (lhs: Monitor, rhs: Monitor) -> Bool { lhs.entries == rhs.entries }

    /// Hashes the entries only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// Reads the known keys into typed values, throwing on a value of the wrong form (or, `lenient`, keeping
    /// it in `skipped` and reading the key as absent).
    private final class TypedReader {
        let entries: [MonitorEntry]
        let firstIndexByKey: [String: Int]
        let errors: ReplyErrorContext
        let lenient: Bool
        private(set) var skipped: [ReplyParseError]

        init(
            entries: [MonitorEntry], firstIndexByKey: [String: Int], errors: ReplyErrorContext, lenient: Bool,
            skipped: [ReplyParseError]
        ) {
            self.entries = entries
            self.firstIndexByKey = firstIndexByKey
            self.errors = errors
            self.lenient = lenient
            self.skipped = skipped
        }

        func typed<T>(_ key: String, _ expected: String, _ convert: (MetricValue) -> T?) throws(ReplyParseError)
            -> T?
        {
            guard let index = firstIndexByKey[key] else { return nil }
            let entry = entries[index]
            if entry.value == .null { return nil }
            guard let value = convert(entry.value) else { return try reject(entry, "\(key)<TAB>\(expected)") }
            return value
        }

        func integer(_ key: String) throws(ReplyParseError) -> Int64? {
            try numeric(key, "<integer>", \.integer)
        }

        func number(_ key: String) throws(ReplyParseError) -> Double? {
            try numeric(key, "<number>", \.number)
        }

        /// A numeric key: `null` and `NaN` (the 3.6+ metrics before their first sample) read as absent.
        private func numeric<T>(_ key: String, _ form: String, _ convert: (MetricValue) -> T?) throws(ReplyParseError)
            -> T?
        {
            guard let index = firstIndexByKey[key] else { return nil }
            let entry = entries[index]
            switch entry.value {
            case .null: return nil
            case .double(let value) where value.isNaN: return nil
            default: break
            }
            guard let value = convert(entry.value) else { return try reject(entry, "\(key)<TAB>\(form)") }
            return value
        }

        /// A value of the wrong form: thrown, or (lenient) kept in `skipped` and read as absent.
        private func reject<T>(_ entry: MonitorEntry, _ form: String) throws(ReplyParseError) -> T? {
            let error = ReplyParseError(
                server: errors.server, command: errors.command, lineNumber: entry.lineNumber,
                lineText: entry.key + "\t" + entry.valueText, reason: "expected \"\(form)\"")
            guard lenient else { throw error }
            skipped.append(error)
            return nil
        }
    }
}
