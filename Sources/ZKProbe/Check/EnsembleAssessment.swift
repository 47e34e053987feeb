import ToolkitSupport

/// What the check knows about the ensemble's configured membership, before asking anyone.
public struct EnsembleExpectation: Sendable, Equatable {
    /// Configured voters (participants), when known from a zoo.cfg or a member's `conf`.
    public var voters: Int?
    /// Where `voters` came from, for messages: "zoo.cfg", "conf of zk1:2181", …
    public var source: String?
    /// The configured servers, voters and observers, when a source lists them.
    public var membership: EnsembleMembership?
    /// Configured servers the check could not ask, with the reason.
    public var unasked: [EnsembleMembership.Unasked]
    /// The configuration describes a standalone server (a zoo.cfg without `server.N` lines).
    public var standalone: Bool
    /// The hierarchical quorum rule, when the configuration has `group.G`/`weight.N` lines.
    public var hierarchy: Hierarchy?

    /// An expectation with only a voter count.
    public init(voters: Int? = nil, source: String? = nil) {
        self.voters = voters
        self.source = source
        self.membership = nil
        self.unasked = []
        self.standalone = false
    }

    /// An expectation from a reconciled membership.
    public init(membership: EnsembleMembership?, unasked: [EnsembleMembership.Unasked] = [], standalone: Bool = false) {
        self.voters = membership?.voters
        self.source = membership?.source
        self.membership = membership
        self.unasked = unasked
        self.standalone = standalone
    }
}

/// Turns what the members said into a verdict. Pure: no I/O, so every rule is testable with made-up members.
public struct EnsembleAssessment: Sendable {
    /// The limits of the figure rules.
    public var thresholds: CheckThresholds
    /// Four-letter words whose refusal is a warning (`--require`); other refused words (a `srvr`-only
    /// whitelist, ZooKeeper's default since 3.5.3) are noted once at OK level.
    public var requiredWords: Set<String>

    /// Whether the note on refused words suggests the AdminServer (``CheckHint/adminPort(_:)``): when the check
    /// does not ask it already.
    public var suggestsAdminServer: Bool

    /// An assessment with these limits.
    public init(
        thresholds: CheckThresholds = CheckThresholds(), requiredWords: Set<String> = [],
        suggestsAdminServer: Bool = false
    ) {
        self.thresholds = thresholds
        self.requiredWords = requiredWords
        self.suggestsAdminServer = suggestsAdminServer
    }

    public func assess(
        _ input: [MemberReport], expectation: EnsembleExpectation = EnsembleExpectation(), durationSeconds: Double = 0
    ) -> CheckReport {
        var evidence = Evidence(input, expectation: expectation, thresholds: thresholds)
        evidence.requiredWords = requiredWords
        evidence.suggestsAdminServer = suggestsAdminServer
        // Before the count: the leader recognised here is counted as the leader by every rule after it.
        evidence.chooseLeaderAmongSeveral()
        evidence.recogniseLeaderThatDoesNotServe()
        // The rules run in the order their findings are listed in every output format.
        evidence.ruleSomeMemberAnswered()
        let quorum = evidence.countQuorum()
        evidence.ruleUnaskedMembers()
        evidence.ruleQuorumAndTolerance(quorum)
        evidence.ruleLeaderKnown(quorum)
        evidence.ruleEachMember()
        evidence.ruleEpochsAndLag()
        evidence.ruleLeadersViewOfFollowers()
        evidence.ruleNoVersionSkew()
        evidence.ruleNoMembershipDrift()
        evidence.ruleOddVoters()
        return evidence.report(quorum, durationSeconds: durationSeconds)
    }

    /// "3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC" → "3.8.0".
    static func releaseNumber(_ version: String) -> String {
        let head = version.split(separator: ",", maxSplits: 1).first.map(String.init) ?? version
        return String(head.split(separator: "-", maxSplits: 1).first ?? Substring(head))
            .trimmingBlanks()
    }

    static func format(_ v: Double) -> String {
        NumberText.compact(v, format: "%.1f")
    }
}

extension EnsembleAssessment {
    /// The members as the rules see them, and the findings so far. The rules in `EnsembleAssessment+Rules.swift`
    /// and `EnsembleAssessment+MemberRules.swift` read it and add to it; a rule may also correct a member
    /// (a leader's role, a follower's lag), which is why the report shows `members` rather than the input.
    struct Evidence {
        var members: [MemberReport]
        var findings: [Finding] = []
        let thresholds: CheckThresholds
        var requiredWords: Set<String> = []
        var suggestsAdminServer = false
        let expectation: EnsembleExpectation
        let configuredVoters: Int
        /// Voters a quorum needs: a strict majority of `configuredVoters`.
        let majority: Int
        /// Where `configuredVoters` came from.
        let source: String
        /// Indices in `members` of those that lead, and of those that follow.
        var leaders: [Int]
        let followers: [Int]
        /// Stale leaders set aside by `chooseLeaderAmongSeveral`: they are not counted serving.
        var staleLeaders: [Int] = []

        init(_ input: [MemberReport], expectation: EnsembleExpectation, thresholds: CheckThresholds) {
            var members = input
            let observerIds = Set((expectation.membership?.entries ?? []).filter(\.observer).map { Int64($0.id) })
            for i in members.indices where members[i].state == .observer || members[i].serverId.map(observerIds.contains) == true {
                members[i].isObserver = true
            }
            self.members = members
            self.thresholds = thresholds
            self.expectation = expectation
            configuredVoters = Self.votersConfigured(members, expectation)
            majority = configuredVoters / 2 + 1
            source =
                expectation.source
                ?? (configuredVoters == 1 && members.contains { $0.state == .standalone }
                    ? "a standalone server" : "the \(members.count) members asked")
            leaders = members.indices.filter { members[$0].state == .leader }
            followers = members.indices.filter { members[$0].state == .follower && !members[$0].isObserver }
        }

        /// The configured voters: the membership's count; 1 for a standalone server; else the voters asked, or the
        /// leader's own `zk_quorum_size` when that is larger (a partial list), and at least 1 when an observer
        /// serves (it follows a leader, so there is one).
        static func votersConfigured(_ members: [MemberReport], _ expectation: EnsembleExpectation) -> Int {
            if let voters = expectation.voters { return max(voters, 0) }
            let asked = members.filter { !$0.isObserver }.count
            if expectation.standalone || (asked == 1 && members.contains { $0.state == .standalone }) { return 1 }
            let quorumSize = members.compactMap(\.quorumSize).map { Int(clamping: $0) }.max() ?? 0
            let observerServes = members.contains { $0.isObserver && $0.state == .observer }
            return max(asked, min(quorumSize, 255), observerServes ? 1 : 0)
        }

        /// The one leader; `nil` when there is none or more than one.
        var leaderIndex: Int? { leaders.count == 1 ? leaders[0] : nil }

        var followersServe: Bool { !followers.isEmpty }

        /// Observers that serve: each follows a leader that has a quorum, as a serving follower does.
        var servingObservers: [Int] { members.indices.filter { members[$0].isObserver && members[$0].state == .observer } }

        /// Followers or observers serve: a leader with a quorum exists, or did until it hung or died.
        var learnersServe: Bool { followersServe || !servingObservers.isEmpty }

        /// Voters asked that are certainly not in the quorum now: down, silent, refusing, not serving, read-only. A
        /// voter that only ran out of a shortened second batch (``MemberReport/cutShort``) is not certain.
        var votersDown: [Int] {
            members.indices.filter { i in
                let m = members[i]
                guard !m.isObserver, !m.cutShort, !leaders.contains(i), !followers.contains(i) else { return false }
                return m.state != .standalone || configuredVoters > 1
            }
        }

        func report(_ quorum: Quorum, durationSeconds: Double) -> CheckReport {
            CheckReport(
                leader: leaderIndex.map { members[$0].address }, quorum: quorum.holds,
                votersConfigured: configuredVoters, votersServing: quorum.servingVoters,
                majority: majority, failureTolerance: quorum.tolerance, members: members, findings: findings,
                durationSeconds: durationSeconds, membershipSource: source)
        }
    }

    /// Whether a quorum holds, and with how many voters.
    struct Quorum {
        var holds: Bool
        /// Voters counted serving: those seen serving, or the leader's synced count for those not asked; 0 when
        /// the leader is gone (followers that still serve reads are no quorum: nothing can be written).
        var servingVoters: Int
        /// How many more voters can be lost before quorum is lost; -1 when quorum is already lost.
        var tolerance: Int
        /// Every voter was asked, followers serve, and none leads: the leader is down or hung.
        var leaderGone: Bool
    }
}
