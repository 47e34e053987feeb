import ToolkitSupport
import Foundation

/// What the check knows about the ensemble's configured membership, before asking anyone.
public struct EnsembleExpectation: Sendable, Equatable {
    /// Configured voters (participants), when known from a zoo.cfg or a member's `conf`.
    public var voters: Int?
    /// Where `voters` came from, for messages: "zoo.cfg", "conf of zk1:2181", …
    public var source: String?

    public init(voters: Int? = nil, source: String? = nil) {
        self.voters = voters
        self.source = source
    }
}

/// Turns what the members said into a verdict. Pure: no I/O, so every rule is testable with made-up members.
public struct EnsembleAssessment: Sendable {
    public var thresholds: CheckThresholds

    public init(thresholds: CheckThresholds = CheckThresholds()) {
        self.thresholds = thresholds
    }

    public func assess(
        _ input: [MemberReport], expectation: EnsembleExpectation = EnsembleExpectation(), durationSeconds: Double = 0
    ) -> CheckReport {
        var evidence = Evidence(input, expectation: expectation, thresholds: thresholds)
        // Before the count: a leader recognised here is counted as the leader by every rule after it.
        evidence.recogniseLeaderThatDoesNotServe()
        // The rules run in the order their findings are listed in every output format.
        evidence.ruleSomeMemberAnswered()
        let quorum = evidence.countQuorum()
        evidence.ruleOneLeader()
        evidence.ruleQuorumAndTolerance(quorum)
        evidence.ruleLeaderKnown()
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
            .trimmingCharacters(in: .whitespaces)
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
        let configuredVoters: Int
        /// Voters a quorum needs: a strict majority of `configuredVoters`.
        let majority: Int
        /// Where `configuredVoters` came from.
        let source: String
        /// Indices in `members` of those that lead, and of those that follow.
        var leaders: [Int]
        let followers: [Int]

        init(_ members: [MemberReport], expectation: EnsembleExpectation, thresholds: CheckThresholds) {
            self.members = members
            self.thresholds = thresholds
            let observerCount = members.filter { $0.state == .observer }.count
            configuredVoters = max(expectation.voters ?? (members.count - observerCount), 0)
            majority = configuredVoters / 2 + 1
            source = expectation.source ?? "the \(members.count) members asked"
            leaders = members.indices.filter { members[$0].state == .leader }
            followers = members.indices.filter { members[$0].state == .follower }
        }

        /// The one leader; `nil` when there is none or more than one.
        var leaderIndex: Int? { leaders.count == 1 ? leaders[0] : nil }

        var followersServe: Bool { !followers.isEmpty }

        func report(_ quorum: Quorum, durationSeconds: Double) -> CheckReport {
            let verdict = findings.map(\.severity).reduce(Severity.ok, Severity.worst)
            return CheckReport(
                verdict: verdict, leader: leaderIndex.map { members[$0].address }, quorum: quorum.holds,
                votersConfigured: configuredVoters,
                votersServing: quorum.holds ? quorum.servingVoters : leaders.count + followers.count,
                majority: majority, failureTolerance: quorum.tolerance, members: members, findings: findings,
                durationSeconds: durationSeconds, membershipSource: source)
        }
    }

    /// Whether a quorum holds, and with how many voters.
    struct Quorum {
        var holds: Bool
        /// Voters counted serving: those seen serving, or the leader's synced count; at least `majority` when
        /// the quorum holds.
        var servingVoters: Int
        /// How many more voters can be lost before quorum is lost; -1 when quorum is already lost.
        var tolerance: Int
    }
}
