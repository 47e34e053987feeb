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

/// One numeric `mntr` value of a member, kept for `--all-mntr`.
public struct MonitorSample: Sendable, Equatable {
    /// The key as printed, with `zk_` and any labels.
    public var key: String
    /// The value widened to a double (`NaN` possible).
    public var value: Double

    /// Pairs a printed `mntr` key with its numeric value.
    public init(_ key: String, _ value: Double) {
        self.key = key
        self.value = value
    }
}

/// The figures read from one member's four-letter-word replies.
///
/// A figure is `nil` when the reply that carries it (`srvr`, `mntr`, `conf`, `ruok`) was not answered, was refused
/// or does not print it on this member's version or role.
public struct MemberReport: Sendable, Equatable {
    /// `host:port` as asked.
    public var address: String
    /// The endpoint asked.
    public var endpoint: Endpoint?
    /// The numeric address that answered (IPv4-mapped IPv6 written as IPv4), to tell one member named twice.
    public var answeredFrom: String?
    /// The member's own `serverId` (myid) from `conf`; `nil` when `conf` was not answered.
    public var serverId: Int64?
    /// The member's own `clientPort` from `conf`.
    public var configuredClientPort: Int?
    /// Whether the membership lists this member as an observer (also when it was not asked).
    public var isObserver = false
    /// Why the check itself could not ask this member (its own file descriptors or memory ran out), when so.
    public var localTrouble: String?
    /// The hierarchical quorum (`group.G`/`weight.N`) in the member's `conf`, when it has one.
    public var hierarchy: Hierarchy?
    /// What the member is: its role when it answered `srvr`, or why it did not.
    public var state: MemberState
    /// Why the member is unreachable, unresponsive or in error.
    public var problem: String?
    /// `ruok` answered `imok`; `nil` when `ruok` was not asked or not answered.
    public var imok: Bool?
    /// The version text from `srvr` (or `mntr`'s `zk_version` when `srvr` is refused).
    public var version: String?
    /// The last transaction id this member processed, from `srvr`.
    public var zxid: UInt64?
    /// Smallest request latency, milliseconds, as the server reports it since start or the last `srst`.
    public var latencyMin: Double?
    /// Average request latency, milliseconds, as the server reports it since start or the last `srst`.
    public var latencyAvg: Double?
    /// Largest request latency, milliseconds, as the server reports it since start or the last `srst`.
    public var latencyMax: Double?
    /// Packets received since start or the last `srst`.
    public var received: Int64?
    /// Packets sent since start or the last `srst`.
    public var sent: Int64?
    /// Live client connections, the probe's own included.
    public var connections: Int64?
    /// Requests queued and not yet processed; a growing figure means the member falls behind.
    public var outstanding: Int64?
    /// Znodes in this member's data tree.
    public var nodeCount: Int64?
    /// Learners (followers and observers) connected to this member; leader only (from `mntr`).
    public var learners: Int64?
    /// Followers in sync with this member (`zk_synced_followers`); leader only.
    public var syncedFollowers: Int64?
    /// Synced followers that are not voting members (`zk_synced_non_voting_followers`); leader only, 3.6+.
    public var syncedNonVotingFollowers: Int64?
    /// Syncs waiting on this member (`zk_pending_syncs`); leader only.
    public var pendingSyncs: Int64?
    /// File descriptors the process has open (`mntr`; absent where the JVM does not report them).
    public var openFileDescriptors: Int64?
    /// The process's file descriptor limit (`mntr`).
    public var maxFileDescriptors: Int64?
    /// The quorum size this member reports (`zk_quorum_size`, 3.6+).
    public var quorumSize: Int64?
    /// The membership this member reports in `conf` (3.5+), as `server.N=…` specs.
    public var membership: [MembershipEntry]?
    /// Words the member refused because they are not in `4lw.commands.whitelist`.
    public var notWhitelisted: [String] = []
    /// Seconds from the start of the `srvr` exchange (name resolution included) until connected.
    public var connectSeconds: Double?
    /// Seconds the whole `srvr` exchange took, until the server closed the connection.
    public var exchangeSeconds: Double?
    /// Transactions this member's zxid trails the leader's (same epoch only); set by the assessment.
    public var lag: Int64?
    /// `false` for a leader inferred from its followers while it answers "not serving" (`leaderServes=no`).
    public var servesClients: Bool?
    /// Asked in the check's second batch (a configured member nobody named) with only what was left of the
    /// deadline, and its `srvr` ran out of that time: silent that long, not proven silent for a whole deadline.
    public var cutShort = false
    /// Numeric `mntr` values, in the order the member sent them, for `--all-mntr`.
    public var monitorValues: [MonitorSample] = []
    /// The `mntr` lines (or the whole reply) the check could not read and skipped, each said in one line; the
    /// member is judged on the keys that read.
    public var monitorSkipped: [String] = []
    /// What the client probe measured through this member (``ClientProbe``); `nil` when no probe was asked or the
    /// member was not probed (not serving by its own word, or the check could not ask it).
    public var client: ClientMeasurement?

    /// A member with only an address and a state; the checker fills in the rest from the replies.
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
    /// The server id `N` (`myid`).
    public var id: Int
    /// The host of the member's first quorum address, without brackets.
    public var host: String
    /// The port followers connect to the leader on; `nil` when not given.
    public var quorumPort: Int?
    /// The leader-election port; `nil` when the line names none.
    public var electionPort: Int?
    /// Whether the member is an observer (does not vote); `false` for participants and lines without a role.
    public var observer: Bool
    /// The client host after `;`; `nil` when the line gives a bare port or no client address.
    public var clientHost: String?
    /// The client port after `;`; `nil` when the line has none (zoo.cfg's `clientPort=` then applies).
    public var clientPort: Int?
    /// The `G` of the zoo.cfg `group.G=` line that lists this member; `nil` without a hierarchical quorum.
    public var group: Int?
    /// The member's weight in a hierarchical quorum (`weight.N=`, 1 when a grouped member has none); `nil` without one.
    public var weight: Int?

    /// Builds an entry; only `id` and `host` are required.
    public init(
        id: Int, host: String, quorumPort: Int? = nil, electionPort: Int? = nil, observer: Bool = false,
        clientHost: String? = nil, clientPort: Int? = nil, group: Int? = nil, weight: Int? = nil
    ) {
        self.id = id
        self.host = host
        self.quorumPort = quorumPort
        self.electionPort = electionPort
        self.observer = observer
        self.clientHost = clientHost
        self.clientPort = clientPort
        self.group = group
        self.weight = weight
    }

    public static func < (a: MembershipEntry, b: MembershipEntry) -> Bool { a.id < b.id }

    /// The entry for one parsed `server.N=` line (its first quorum address).
    public init(_ spec: MemberSpec) {
        self.init(
            id: Int(clamping: spec.id), host: spec.host, quorumPort: spec.quorumPort, electionPort: spec.electionPort,
            observer: spec.role == .observer, clientHost: spec.clientHost, clientPort: spec.clientPort)
    }
}
