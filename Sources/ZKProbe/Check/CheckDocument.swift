import ToolkitSupport

/// The JSON document of `zkprobe check --format json`: the one type that `zkprobe` writes and that readers
/// (`quorumsim live`, the integration tests) decode, so the contract (docs/zkprobe-check.md) is written once.
///
/// Keys appear in declaration order; a missing value is `null`, never left out.
public struct CheckDocument: Codable, Sendable, Equatable {
    public var verdict: String
    public var exitCode: Int
    public var summary: String
    public var leader: String?
    public var quorum: Bool
    public var votersConfigured: Int
    public var votersServing: Int
    public var majority: Int
    public var failureTolerance: Int
    public var membershipSource: String
    public var durationSeconds: Double
    public var members: [Member]
    public var findings: [Finding]

    /// One member as the check saw it.
    public struct Member: Codable, Sendable, Equatable {
        public var address: String
        /// A ``MemberState`` raw value: `leader`, `follower`, `observer`, `standalone`, `read-only`, ….
        public var state: String
        public var servesClients: Bool
        public var problem: String?
        public var imok: Bool?
        public var version: String?
        /// `0x` and the hexadecimal zxid.
        public var zxid: String?
        public var epoch: UInt32?
        public var counter: UInt32?
        public var lag: Int64?
        public var latencyMs: Latency?
        public var received: Int64?
        public var sent: Int64?
        public var connections: Int64?
        public var outstanding: Int64?
        public var nodeCount: Int64?
        public var learners: Int64?
        public var syncedFollowers: Int64?
        public var syncedNonVotingFollowers: Int64?
        public var pendingSyncs: Int64?
        public var openFileDescriptors: Int64?
        public var maxFileDescriptors: Int64?
        public var quorumSize: Int64?
        public var notWhitelisted: [String]
        public var connectSeconds: Double?
        public var exchangeSeconds: Double?

        /// Whether the member is in the quorum now (leader or follower).
        public var isQuorumMember: Bool { state == MemberState.leader.rawValue || state == MemberState.follower.rawValue }
    }

    /// Latency in milliseconds as the server reports it (since start or the last `srst`).
    public struct Latency: Codable, Sendable, Equatable {
        public var min: Double?
        public var avg: Double?
        public var max: Double?
    }

    public struct Finding: Codable, Sendable, Equatable {
        /// `ok`, `warning`, `critical` or `unknown`.
        public var severity: String
        public var code: String
        public var member: String?
        public var message: String
    }
}

extension CheckDocument {
    /// The document of `report`.
    public init(_ report: CheckReport) {
        self.init(
            verdict: report.verdict.word, exitCode: Int(report.verdict.exitCode), summary: report.summary,
            leader: report.leader, quorum: report.quorum, votersConfigured: report.votersConfigured,
            votersServing: report.votersServing, majority: report.majority, failureTolerance: report.failureTolerance,
            membershipSource: report.membershipSource, durationSeconds: report.durationSeconds,
            members: report.members.map(Member.init),
            findings: report.findings.map {
                Finding(severity: $0.severity.word, code: $0.code, member: $0.member, message: $0.message)
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
            exchangeSeconds: m.exchangeSeconds)
    }
}

extension CheckReport {
    /// The text of `zkprobe check --format json`: the ``CheckDocument``, indented, with a final newline.
    public func jsonText() -> String {
        // Encoding plain values into a JSONValue cannot fail; `null` would show if it ever did.
        let value = (try? JSONValueEncoder().encode(CheckDocument(self))) ?? .null
        return value.serialized() + "\n"
    }
}
