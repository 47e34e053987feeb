/// What one member of the ensemble is, as far as the check can tell.
public enum MemberState: String, Sendable, CaseIterable {
    case leader
    case follower
    case observer
    case standalone
    case readOnly = "read-only"
    /// Answers, but says it is not currently serving requests (no quorum, or still starting).
    case notServing = "not-serving"
    /// Accepts connections but answers nothing within the deadline (a paused or overloaded JVM).
    case unresponsive
    /// No connection: refused, unreachable, or the name does not resolve.
    case unreachable
    /// Answers something the check cannot read.
    case error

    /// Serving clients (reads at least).
    public var isServing: Bool {
        switch self {
        case .leader, .follower, .observer, .standalone, .readOnly: return true
        default: return false
        }
    }
}

/// The figures read from one member's four-letter-word replies.
/// One numeric `mntr` value of a member, kept for `--all-mntr`.
public struct MonitorSample: Sendable, Equatable {
    public var key: String
    public var value: Double

    public init(_ key: String, _ value: Double) {
        self.key = key
        self.value = value
    }
}

public struct MemberReport: Sendable, Equatable {
    /// `host:port` as asked.
    public var address: String
    public var state: MemberState
    /// Why the member is unreachable, unresponsive or in error.
    public var problem: String?
    /// `ruok` answered `imok`; `nil` when `ruok` was not asked or not answered.
    public var imok: Bool?
    public var version: String?
    public var zxid: UInt64?
    /// Latency in milliseconds.
    public var latencyMin: Double?
    public var latencyAvg: Double?
    public var latencyMax: Double?
    public var received: Int64?
    public var sent: Int64?
    public var connections: Int64?
    public var outstanding: Int64?
    public var nodeCount: Int64?
    /// Leader only (from `mntr`).
    public var learners: Int64?
    public var syncedFollowers: Int64?
    public var syncedNonVotingFollowers: Int64?
    public var pendingSyncs: Int64?
    public var openFileDescriptors: Int64?
    public var maxFileDescriptors: Int64?
    /// The quorum size this member reports (`zk_quorum_size`, 3.6+).
    public var quorumSize: Int64?
    /// The membership this member reports in `conf` (3.5+), as `server.N=…` specs.
    public var membership: [MembershipEntry]?
    /// Words the member refused because they are not in `4lw.commands.whitelist`.
    public var notWhitelisted: [String] = []
    /// Seconds to connect and for the whole `srvr` exchange.
    public var connectSeconds: Double?
    public var exchangeSeconds: Double?
    /// Transactions this member's zxid trails the leader's (same epoch only); set by the assessment.
    public var lag: Int64?
    /// `false` for a leader inferred from its followers while it answers "not serving" (`leaderServes=no`).
    public var servesClients: Bool?
    /// Numeric `mntr` values, in the order the member sent them, for `--all-mntr`.
    public var monitorValues: [MonitorSample] = []

    public init(address: String, state: MemberState) {
        self.address = address
        self.state = state
    }


    /// The zxid's epoch (high 32 bits).
    public var epoch: UInt32? { zxid.map { UInt32(truncatingIfNeeded: $0 >> 32) } }
    /// The zxid's counter (low 32 bits).
    public var counter: UInt32? { zxid.map { UInt32(truncatingIfNeeded: $0) } }
}

/// One `server.N=` line of a membership, reduced to what the check compares and needs.
public struct MembershipEntry: Sendable, Hashable, Comparable {
    public var id: Int
    public var host: String
    public var quorumPort: Int?
    public var electionPort: Int?
    public var observer: Bool
    public var clientHost: String?
    public var clientPort: Int?

    public init(
        id: Int, host: String, quorumPort: Int? = nil, electionPort: Int? = nil, observer: Bool = false,
        clientHost: String? = nil, clientPort: Int? = nil
    ) {
        self.id = id
        self.host = host
        self.quorumPort = quorumPort
        self.electionPort = electionPort
        self.observer = observer
        self.clientHost = clientHost
        self.clientPort = clientPort
    }

    public static func < (a: MembershipEntry, b: MembershipEntry) -> Bool { a.id < b.id }

    /// The entry for one parsed `server.N=` line (its first quorum address).
    public init(_ spec: MemberSpec) {
        self.init(
            id: Int(clamping: spec.id), host: spec.host, quorumPort: spec.quorumPort, electionPort: spec.electionPort,
            observer: spec.role == .observer, clientHost: spec.clientHost, clientPort: spec.clientPort)
    }
}
