extension RoundState {
    /// What `report` (one round's check) shows: its verdict, leader, quorum figures, whether a client could write,
    /// and each member's lane.
    public init(_ report: CheckReport) {
        self.init(
            verdict: report.verdict, leader: report.leader, quorum: report.quorum,
            votersConfigured: report.votersConfigured, votersServing: report.votersServing, majority: report.majority,
            failureTolerance: report.knownFailureTolerance, writable: report.writable,
            members: report.members.map {
                Member(address: $0.address, lane: Lane($0.state), voter: !$0.isObserver)
            })
    }
}

extension RoundState.Lane {
    /// The lane of a member in `state`: its role when it serves, `not-serving` when it answered without serving
    /// (read-only, LOOKING, a reply the check cannot read), `down` when it did not answer at all.
    public init(_ state: MemberState) {
        switch state {
        case .leader: self = .leader
        case .follower: self = .follower
        case .observer: self = .observer
        case .standalone: self = .standalone
        case .readOnly, .notServing, .error: self = .notServing
        case .unresponsive, .unreachable: self = .down
        }
    }
}
