import ToolkitSupport

/// The JSON document of `zkprobe check --format json`: the one type that `zkprobe` writes and that readers
/// (`quorumsim live`, the integration tests) decode, so the contract (docs/zkprobe-check.md) is written once.
///
/// Keys appear in declaration order; a missing value is `null`, never left out, except the client probe's keys
/// (`clientProbe`, `writable`, each member's `client`), which a check without a probe leaves out.
public struct CheckDocument: Codable, Sendable, Equatable {
    /// The operator's name for the ensemble (`--ensemble NAME`); `null` when none was given. Documents
    /// written before the key existed lack it; decoding reads `null` then.
    public var ensemble: String?
    /// `ok`, `warning`, `critical` or `unknown`: the worst finding's severity.
    public var verdict: String
    /// The process exit code of the verdict, 0–3.
    public var exitCode: Int
    /// One line with the verdict's key figures, as the text format prints it.
    public var summary: String
    /// The leader's address; `null` when there is none or more than one.
    public var leader: String?
    /// Whether a quorum of voters serves.
    public var quorum: Bool
    /// The client probe that ran: `session` or `write`; the key is left out when none ran.
    public var clientProbe: String?
    /// Whether a client could write now, as measured: some member completed the client probe. Left out when no
    /// probe ran.
    public var writable: Bool?
    /// Voters (participants) the ensemble is configured with.
    public var votersConfigured: Int
    /// Voters known to be in the quorum (serving, or counted synced by the leader).
    public var votersServing: Int
    /// Voters a quorum needs: a strict majority of `votersConfigured`.
    public var majority: Int
    /// How many more voters can be lost before the quorum is; -1 when it is already lost; `null` when the verdict
    /// is `unknown` because the ensemble's state is (one member given that does not answer or does not serve).
    public var failureTolerance: Int?
    /// Where `votersConfigured` came from (a zoo.cfg path, `conf of <member>`, `the N members asked`).
    public var membershipSource: String
    /// Wall-clock seconds the whole check took.
    public var durationSeconds: Double
    /// Every member asked, in the order given.
    public var members: [Member]
    /// Everything the check noticed, in the order its rules found it.
    public var findings: [Finding]

    /// One member as the check saw it.
    public struct Member: Codable, Sendable, Equatable {
        /// `host:port` as asked.
        public var address: String
        /// A ``MemberState`` raw value: `leader`, `follower`, `observer`, `standalone`, `read-only`, ….
        public var state: String
        /// Whether the member serves clients; `false` for a leader with `leaderServes=no` despite its state.
        public var servesClients: Bool
        /// Why the member is unreachable, unresponsive or in error; `null` otherwise.
        public var problem: String?
        /// `ruok` answered `imok`; `null` when `ruok` was not answered (never proof of serving).
        public var imok: Bool?
        /// The full version text the member reports, e.g. `3.8.0-<sha>, built on …`.
        public var version: String?
        /// `0x` and the hexadecimal zxid.
        public var zxid: String?
        /// The zxid's high 32 bits: the leader epoch.
        public var epoch: UInt32?
        /// The zxid's low 32 bits: transactions within the epoch.
        public var counter: UInt32?
        /// Transactions behind the leader's zxid (same epoch only); `null` when not comparable.
        public var lag: Int64?
        /// Request latency in milliseconds; `null` when `srvr` gave none.
        public var latencyMs: Latency?
        /// Packets received since start or the last `srst`.
        public var received: Int64?
        /// Packets sent since start or the last `srst`.
        public var sent: Int64?
        /// Live client connections, the probe's own included.
        public var connections: Int64?
        /// Requests queued and not yet processed.
        public var outstanding: Int64?
        /// Znodes in the member's data tree.
        public var nodeCount: Int64?
        /// Learners (followers and observers) connected; leader only.
        public var learners: Int64?
        /// Followers in sync with the leader; leader only.
        public var syncedFollowers: Int64?
        /// Synced non-voting followers (`zk_synced_non_voting_followers`); leader only, 3.6+.
        public var syncedNonVotingFollowers: Int64?
        /// Syncs waiting on the leader; leader only.
        public var pendingSyncs: Int64?
        /// File descriptors the process has open (`mntr`).
        public var openFileDescriptors: Int64?
        /// The process's file descriptor limit (`mntr`).
        public var maxFileDescriptors: Int64?
        /// Voting members the member counts (`zk_quorum_size`, 3.6+).
        public var quorumSize: Int64?
        /// Words the member refused because they are not in `4lw.commands.whitelist`; empty when none.
        public var notWhitelisted: [String]
        /// Seconds until the `srvr` connection was established.
        public var connectSeconds: Double?
        /// Seconds the whole `srvr` exchange took.
        public var exchangeSeconds: Double?
        /// The membership lists this member as an observer (it never votes), whatever its state now.
        public var observer: Bool
        /// What the client probe measured through this member (``ClientMeasurement``, whose keys are documented
        /// there and in docs/zkprobe-check.md); `null` when it was not probed. Left out when no probe ran.
        public var client: ClientMeasurement?

        /// Whether the member is in the quorum now (leader or follower).
        public var isQuorumMember: Bool { state == MemberState.leader.rawValue || state == MemberState.follower.rawValue }
    }

    /// Latency in milliseconds as the server reports it (since start or the last `srst`).
    public struct Latency: Codable, Sendable, Equatable {
        /// Smallest request latency, milliseconds.
        public var min: Double?
        /// Average request latency, milliseconds.
        public var avg: Double?
        /// Largest request latency, milliseconds.
        public var max: Double?
    }

    /// One finding of the check, as in `findings[]`.
    public struct Finding: Codable, Sendable, Equatable {
        /// `ok`, `warning`, `critical` or `unknown`.
        public var severity: String
        /// The stable kind of finding, e.g. `no-quorum` (docs/zkprobe-check.md lists them).
        public var code: String
        /// The member it concerns; `null` when it concerns the ensemble.
        public var member: String?
        /// One line for an operator.
        public var message: String
    }
}

extension CheckDocument {
    /// The document of `report`.
    public init(_ report: CheckReport) {
        self.init(
            ensemble: report.ensemble, verdict: report.verdict.word, exitCode: Int(report.verdict.exitCode),
            summary: report.summary, leader: report.leader, quorum: report.quorum,
            clientProbe: report.clientProbe?.word, writable: report.writable,
            votersConfigured: report.votersConfigured,
            votersServing: report.votersServing, majority: report.majority, failureTolerance: report.knownFailureTolerance,
            membershipSource: report.membershipSource, durationSeconds: report.durationSeconds,
            members: report.members.map(Member.init),
            findings: report.findings.map {
                Finding(severity: $0.severity.word, code: $0.code.rawValue, member: $0.member, message: $0.message)
            })
    }

    /// The keys of the client probe, left out (rather than `null`) when no probe ran, so that a document without
    /// one is what it was before the probe existed.
    static let clientProbeKeys: Set<String> = ["clientProbe", "writable", "client"]

    /// `value` (this document encoded) without ``clientProbeKeys``, at the top and in each member.
    static func withoutClientProbeKeys(_ value: JSONValue) -> JSONValue {
        guard case .object(let pairs) = value else { return value }
        return .object(
            pairs.filter { !clientProbeKeys.contains($0.0) }.map { key, value in
                guard key == "members", case .array(let members) = value else { return (key, value) }
                return (key, .array(members.map(withoutClientProbeKeys)))
            })
    }
}

extension CheckDocument.Member {
    init(_ m: MemberReport) {
        let hasLatency = m.latencyMin != nil || m.latencyAvg != nil || m.latencyMax != nil
        self.init(
            address: m.address, state: m.state.rawValue, servesClients: m.servesClients ?? m.state.isServing,
            problem: m.problem, imok: m.imok, version: m.version, zxid: m.zxid.map { "0x" + String($0, radix: 16) },
            epoch: m.epoch, counter: m.counter, lag: m.lag,
            latencyMs: hasLatency ? CheckDocument.Latency(min: m.latencyMin, avg: m.latencyAvg, max: m.latencyMax) : nil,
            received: m.received, sent: m.sent, connections: m.connections, outstanding: m.outstanding,
            nodeCount: m.nodeCount, learners: m.learners, syncedFollowers: m.syncedFollowers,
            syncedNonVotingFollowers: m.syncedNonVotingFollowers, pendingSyncs: m.pendingSyncs,
            openFileDescriptors: m.openFileDescriptors, maxFileDescriptors: m.maxFileDescriptors,
            quorumSize: m.quorumSize, notWhitelisted: m.notWhitelisted, connectSeconds: m.connectSeconds,
            exchangeSeconds: m.exchangeSeconds, observer: m.isObserver, client: m.client)
    }
}

extension CheckReport {
    /// The text of `zkprobe check --format json`: the ``CheckDocument``, indented, with a final newline.
    public func jsonText() -> String { jsonValue().serialized() + "\n" }

    /// The ``CheckDocument`` as `zkprobe check --format json` writes it (a timeline's rounds carry it on one line).
    package func jsonValue() -> JSONValue {
        // Encoding plain values into a JSONValue cannot fail; `null` would show if it ever did.
        let value = (try? JSONValueEncoder().encode(CheckDocument(self))) ?? .null
        return clientProbe == nil ? CheckDocument.withoutClientProbeKeys(value) : value
    }
}
