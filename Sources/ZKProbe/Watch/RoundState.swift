/// What one round of `zkprobe watch` saw, reduced to what the timeline's change lines, episodes and chart use:
/// small, so that a watch of a day holds none of its rounds.
public struct RoundState: Sendable, Equatable {
    /// One member's lane in the chart.
    public enum Lane: String, Sendable, CaseIterable {
        case leader, follower, observer, standalone
        /// Answered, but does not serve (LOOKING, read-only, `ruok` without `srvr`, …).
        case notServing = "not-serving"
        /// Did not answer (refused, reset, timed out, unresolvable).
        case down
    }

    /// One member, as asked.
    public struct Member: Sendable, Equatable {
        public var address: String
        public var lane: Lane
        /// A voter (participant), not an observer; `false` when unknown and the member does not answer.
        public var voter: Bool
        public init(address: String, lane: Lane, voter: Bool) {
            self.address = address
            self.lane = lane
            self.voter = voter
        }
    }

    public var verdict: Severity
    /// The leader's address, `nil` when there is none (or more than one).
    public var leader: String?
    /// Whether a quorum of voters serves (the check's `quorum`).
    public var quorum: Bool
    public var votersConfigured: Int
    public var votersServing: Int
    public var majority: Int
    /// `nil` when the check's verdict is unknown because the ensemble's state is.
    public var failureTolerance: Int?
    /// Measured by the round's client probe; `nil` without one.
    public var writable: Bool?
    public var members: [Member]

    public init(
        verdict: Severity, leader: String?, quorum: Bool, votersConfigured: Int, votersServing: Int, majority: Int,
        failureTolerance: Int?, writable: Bool?, members: [Member]
    ) {
        self.verdict = verdict
        self.leader = leader
        self.quorum = quorum
        self.votersConfigured = votersConfigured
        self.votersServing = votersServing
        self.majority = majority
        self.failureTolerance = failureTolerance
        self.writable = writable
        self.members = members
    }
}
