import Foundation
import TestSupport
import SystemSupport
import Testing

@testable import ZKProbe

/// Members as a healthy 3.8 ensemble would report them; each test breaks one thing.
private func member(
    _ n: Int, _ state: MemberState, zxid: UInt64 = 0x1_0000_0010, version: String = "3.8.0-abc, built on 2023"
) -> MemberReport {
    var m = MemberReport(address: "zk\(n):2181", state: state)
    if state.isServing {
        m.zxid = zxid
        m.version = version
        m.latencyMin = 0
        m.latencyAvg = 0.5
        m.latencyMax = 12
        m.outstanding = 0
        m.connections = 3
        m.imok = true
    }
    return m
}

struct EnsembleAssessmentTests {
    let assessment = EnsembleAssessment()

    @Test func healthyThreeMembersAreOKAndTolerateOne() {
        let report = assessment.assess([member(1, .follower), member(2, .leader), member(3, .follower)])
        #expect(report.verdict == .ok)
        #expect(report.leader == "zk2:2181")
        #expect(report.quorum)
        #expect(report.majority == 2)
        #expect(report.failureTolerance == 1)
        #expect(report.findings.allSatisfy { $0.severity == .ok })
    }

    @Test(arguments: [(3, 1), (5, 2), (7, 3)])
    func toleranceIsServingVotersLessMajority(voters: Int, tolerated: Int) {
        var members = (1...voters).map { member($0, .follower) }
        members[0].state = .leader
        let report = assessment.assess(members)
        #expect(report.failureTolerance == tolerated)
        #expect(report.verdict == .ok)
    }

    @Test func lostMemberLeavesNoToleranceAndWarns() {
        var dead = member(1, .unreachable)
        dead.problem = "connection refused"
        let report = assessment.assess([dead, member(2, .leader), member(3, .follower)])
        #expect(report.verdict == .warning)
        #expect(report.failureTolerance == 0)
        #expect(report.findings.contains { $0.code == .noFailureTolerance })
        #expect(report.findings.contains { $0.code == .memberUnreachable && $0.member == "zk1:2181" })
    }

    @Test func majorityLostIsCriticalEvenWhenEveryoneSaysImok() {
        var a = member(1, .notServing)
        a.imok = true
        let report = assessment.assess([a, member(2, .unreachable), member(3, .unreachable)])
        #expect(report.verdict == .critical)
        #expect(!report.quorum)
        #expect(report.failureTolerance == -1)
        #expect(report.leader == nil)
        #expect(report.findings.contains { $0.code == .noQuorum })
        #expect(report.findings.contains { $0.code == .imokNotServing && $0.message.contains("zk1:2181") })
    }

    /// Two leaders in one epoch cannot both hold a quorum: an election is under way, and the report says so
    /// with one voice (no leader, a warning), not CRITICAL "two leaders".
    @Test func twoLeadersInOneEpochAreAnElectionInProgress() {
        let report = assessment.assess([member(1, .leader), member(2, .leader), member(3, .follower)])
        #expect(report.verdict == .warning)
        #expect(report.leader == nil)
        #expect(
            report.findings.contains {
                $0.code == .electionInProgress && $0.message.contains("zk1:2181") && $0.message.contains("zk2:2181")
            })
    }

    @Test func aFollowerAheadOfTheLeadersEpochIsCritical() {
        let report = assessment.assess([
            member(1, .leader, zxid: 0x5_0000_0001), member(2, .follower, zxid: 0x6_0000_0009),
            member(3, .follower, zxid: 0x5_0000_0001),
        ])
        #expect(report.verdict == .critical)
        #expect(report.findings.contains { $0.code == .epochsDisagree && $0.message.contains("zk2:2181 epoch 6") })
    }

    @Test func anOlderEpochBeforeTheFirstWriteIsNormal() {
        // Right after an election the leader is at (epoch+1, 0) and followers still show their last write.
        let report = assessment.assess([
            member(1, .leader, zxid: 0x5_0000_0000), member(2, .follower, zxid: 0x4_0000_0009),
            member(3, .follower, zxid: 0),
        ])
        #expect(report.verdict == .ok)
        #expect(report.members[1].lag == 0)
        #expect(report.members[2].lag == 0)
    }

    @Test func anOlderEpochAfterManyWritesIsLagAtLeastTheLeadersCounter() {
        let report = assessment.assess([
            member(1, .leader, zxid: 0x5_0000_1388), member(2, .follower, zxid: 0x4_0000_0009),
            member(3, .follower, zxid: 0x5_0000_1388),
        ])
        #expect(report.members[1].lag == 5000)
        #expect(report.verdict == .warning)
        #expect(report.findings.contains { $0.code == .followerLag && $0.member == "zk2:2181" })
    }

    /// An old leader resumed after SIGCONT still says it leads its old epoch for a moment: the newest epoch's
    /// leader leads, and the old one is not counted serving.
    @Test func theNewestOfSeveralLeadersLeadsAndAnOlderOneIsStale() {
        let report = assessment.assess([
            member(1, .leader, zxid: 0x5_0000_0001), member(2, .leader, zxid: 0x4_0000_0009),
            member(3, .follower, zxid: 0x5_0000_0001),
        ])
        #expect(report.leader == "zk1:2181")
        #expect(report.findings.contains { $0.code == .staleLeader && $0.member == "zk2:2181" })
        #expect(report.quorum)
        #expect(report.votersServing == 2)
        #expect(report.failureTolerance == 0)
        #expect(report.verdict == .warning)
        #expect(!report.findings.contains { $0.severity == .critical })
    }

    @Test func followerLagIsMeasuredAgainstTheLeader() {
        var thresholds = CheckThresholds()
        thresholds.lagWarning = 100
        thresholds.lagCritical = 10_000
        let report = EnsembleAssessment(thresholds: thresholds).assess([
            member(1, .leader, zxid: 0x3_0000_1000), member(2, .follower, zxid: 0x3_0000_0f00),
            member(3, .follower, zxid: 0x3_0000_1000),
        ])
        #expect(report.members[1].lag == 0x100)
        #expect(report.members[2].lag == 0)
        #expect(report.verdict == .warning)
        let lag = report.findings.first { $0.code == .followerLag }
        #expect(lag?.member == "zk2:2181")
        #expect(lag?.message.contains("256 transactions") == true)
    }

    @Test func leaderServesNoIsNotAnOutage() {
        var leader = member(2, .notServing)
        leader.imok = true
        let report = assessment.assess([member(1, .follower), leader, member(3, .follower)])
        #expect(report.verdict == .ok)
        #expect(report.quorum)
        #expect(report.leader == "zk2:2181")
        #expect(report.failureTolerance == 1)
        #expect(report.members[1].servesClients == false)
    }

    @Test func evenVoterCountWarnsThatFourTolerateOne() {
        var members = (1...4).map { member($0, .follower) }
        members[0].state = .leader
        let report = assessment.assess(members)
        #expect(report.verdict == .warning)
        #expect(report.failureTolerance == 1)
        let even = report.findings.first { $0.code == .evenVoters }
        #expect(even?.message.contains("4 voters tolerate 1 failure") == true)
    }

    @Test func configuredVotersBeyondThoseAskedSetTheMajority() {
        // Five voters configured, three asked and serving: majority is 3, tolerance 0.
        let report = assessment.assess(
            [member(1, .leader), member(2, .follower), member(3, .follower)],
            expectation: EnsembleExpectation(voters: 5, source: "zoo.cfg"))
        #expect(report.majority == 3)
        #expect(report.failureTolerance == 0)
    }

    /// A member that refuses connections (or cannot be connected within the deadline) is not serving, whatever
    /// the leader still counts: a killed follower stays in the leader's synced count for a moment.
    @Test func aMemberThatCannotBeReachedIsNotCountedWhateverTheLeaderSays() {
        var leader = member(1, .leader)
        leader.syncedFollowers = 2
        let report = assessment.assess([leader, member(2, .follower), member(3, .unreachable)])
        #expect(report.votersServing == 2)
        #expect(report.failureTolerance == 0)
        #expect(report.verdict == .warning)
    }

    /// The leader alone (one member per check, the usual Nagios layout): its synced count covers the members
    /// not asked, and the membership comes from the configuration or its own zk_quorum_size.
    @Test(arguments: [true, false])
    func theLeaderAloneCountsTheMembersNotAsked(_ fromQuorumSize: Bool) {
        var leader = member(1, .leader)
        leader.syncedFollowers = 2
        if fromQuorumSize { leader.quorumSize = 3 }
        let expectation = fromQuorumSize ? EnsembleExpectation() : EnsembleExpectation(voters: 3, source: "zoo.cfg")
        let report = assessment.assess([leader], expectation: expectation)
        #expect(report.votersConfigured == 3)
        #expect(report.votersServing == 3)
        #expect(report.failureTolerance == 1)
        #expect(report.verdict == .ok)
    }

    /// zk_max_latency counts from server start: one old spike must not page on every run by default, while an
    /// operator who asks for it still gets it, and the check's own round trip is there for "slow now".
    @Test func theMaximumLatencySinceStartDoesNotPageByDefault() {
        var slow = member(1, .leader)
        slow.latencyMax = 60_000
        slow.exchangeSeconds = 2.5
        let quiet = assessment.assess([slow, member(2, .follower), member(3, .follower)])
        #expect(quiet.verdict == .ok)
        var thresholds = CheckThresholds()
        thresholds.latencyMaxWarning = 2000
        thresholds.roundTripWarning = 1000
        let asked = EnsembleAssessment(thresholds: thresholds).assess([slow, member(2, .follower), member(3, .follower)])
        #expect(asked.verdict == .warning)
        #expect(asked.findings.contains { $0.code == .latencyMax && $0.message.contains("since start") })
        #expect(asked.findings.contains { $0.code == .roundTrip && $0.message.contains("2500") })
    }

    /// Numbers from a server are hostile: a leader claiming Int64.max synced followers neither traps nor inflates
    /// the count past the voters that can be serving.
    @Test func extremeCountsFromTheLeaderNeitherTrapNorInflate() {
        var leader = member(1, .leader)
        leader.syncedFollowers = Int64.max
        leader.pendingSyncs = Int64.max
        leader.quorumSize = Int64.max
        let report = assessment.assess([leader, member(2, .follower), member(3, .unreachable)])
        #expect(report.votersServing <= report.votersConfigured)
        let negative = { var l = member(1, .leader); l.syncedFollowers = Int64.min; return l }()
        #expect(assessment.assess([negative, member(2, .follower), member(3, .follower)]).failureTolerance == 1)
    }

    @Test func aStandaloneServerThatServesIsOK() {
        let report = assessment.assess([member(1, .standalone)])
        #expect(report.verdict == .ok)
        #expect(report.quorum)
        #expect(report.votersConfigured == 1)
        #expect(report.failureTolerance == 0)
    }

    /// Every voter asked, followers serving, and the only one that could lead is silent: the leader is hung and
    /// writes fail (followers keep serving reads for syncLimit × tickTime).
    @Test(arguments: [MemberState.unresponsive, .unreachable])
    func aSilentOnlyPossibleLeaderIsCritical(_ state: MemberState) {
        let report = assessment.assess(
            [member(1, .follower), member(2, .follower), member(3, state)],
            expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        #expect(report.verdict == .critical)
        #expect(!report.quorum)
        #expect(report.failureTolerance == -1)
        #expect(report.findings.contains { $0.code == .leaderUnreachable })
    }

    /// Five voters, three killed: the leader still counts them synced for a moment; writes fail.
    @Test func aMajorityRefusingConnectionsIsNoQuorumWhateverTheLeaderCounts() {
        var leader = member(1, .leader)
        leader.syncedFollowers = 4
        let report = assessment.assess(
            [leader, member(2, .follower), member(3, .unreachable), member(4, .unreachable), member(5, .unreachable)])
        #expect(report.verdict == .critical)
        #expect(!report.quorum)
        #expect(report.votersServing == 2)
    }

    /// leaderServes=no needs evidence: with a silent voter the "not serving" member may be one still electing.
    @Test func notServingIsTakenForALeaderOnlyWhenNoVoterIsSilent() {
        let quiet = assessment.assess(
            [member(1, .notServing), member(2, .follower), member(3, .follower)],
            expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        #expect(quiet.findings.contains { $0.code == .leaderServesNo })
        #expect(quiet.verdict == .ok)
        let withSilent = assessment.assess(
            [member(1, .notServing), member(2, .follower), member(3, .follower), member(4, .unresponsive),
             member(5, .follower)],
            expectation: EnsembleExpectation(voters: 5, source: "zoo.cfg"))
        #expect(!withSilent.findings.contains { $0.code == .leaderServesNo })
        #expect(withSilent.verdict == .critical)
    }

    @Test func aHungFollowerIsNotCountedEvenWhileTheLeaderStillCountsItSynced() {
        var leader = member(1, .leader)
        leader.syncedFollowers = 2
        let report = assessment.assess([leader, member(2, .follower), member(3, .unresponsive)])
        #expect(report.votersServing == 2)
        #expect(report.failureTolerance == 0)
    }

    /// A srvr-only whitelist (the default since 3.5.3) is a way to run: noted once at OK level, unless the
    /// operator requires the word.
    @Test func mntrOutsideTheWhitelistIsNotedOnceUnlessRequired() {
        var m = member(1, .leader)
        m.notWhitelisted = ["mntr", "ruok"]
        var n = member(2, .follower)
        n.notWhitelisted = ["mntr"]
        let report = assessment.assess([m, n, member(3, .follower)])
        #expect(report.verdict == .ok)
        #expect(report.findings.filter { $0.code == .wordsNotWhitelisted }.count == 1)
        let required = EnsembleAssessment(requiredWords: ["mntr"]).assess([m, n, member(3, .follower)])
        #expect(required.verdict == .warning)
        #expect(
            required.findings.filter {
                $0.code == .notWhitelisted && $0.message.contains("4lw.commands.whitelist") && $0.message.contains("mntr")
            }.count == 2)
    }

    @Test func standaloneInsideAnEnsembleIsCritical() {
        let report = assessment.assess([member(1, .leader), member(2, .follower), member(3, .standalone)])
        #expect(report.verdict == .critical)
        #expect(report.findings.contains { $0.code == .standaloneInEnsemble && $0.member == "zk3:2181" })
    }

    @Test func versionSkewIsNamed() {
        let report = assessment.assess([
            member(1, .leader), member(2, .follower, version: "3.7.1-xyz, built on 2022"), member(3, .follower),
        ])
        #expect(report.verdict == .warning)
        #expect(report.findings.contains { $0.code == .versionSkew && $0.message.contains("zk2:2181 3.7.1") })
    }

    @Test func membershipThatDiffersBetweenMembersWarns() {
        let three = (1...3).map { MembershipEntry(id: $0, host: "zk\($0)", quorumPort: 2888, electionPort: 3888) }
        var a = member(1, .leader)
        a.membership = three
        var b = member(2, .follower)
        b.membership = three.reversed()  // order does not matter
        var c = member(3, .follower)
        c.membership = Array(three.prefix(2))
        let report = assessment.assess([a, b, c])
        #expect(report.findings.contains { $0.code == .membershipDiffers && $0.message.contains("zk3:2181") })
        #expect(!report.findings.contains { $0.code == .membershipDiffers && $0.message.contains("zk2:2181") })
    }

    @Test(arguments: [
        (0.5, 0, Severity.ok), (150, 0, .warning), (1500, 0, .critical), (0.5, 20, .warning), (0.5, 500, .critical),
    ])
    func latencyAndOutstandingThresholds(avg: Double, outstanding: Int64, expected: Severity) {
        var leader = member(1, .leader)
        leader.latencyAvg = avg
        leader.outstanding = outstanding
        let report = assessment.assess([leader, member(2, .follower), member(3, .follower)])
        #expect(report.verdict == expected)
    }

    @Test func fileDescriptorsNearTheLimitWarn() {
        var leader = member(1, .leader)
        leader.openFileDescriptors = 850
        leader.maxFileDescriptors = 1000
        let report = assessment.assess([leader, member(2, .follower), member(3, .follower)])
        #expect(report.verdict == .warning)
        #expect(report.findings.contains { $0.code == .fileDescriptors && $0.message.contains("850 of 1000") })
    }

    @Test func nobodyAnsweringIsCritical() {
        let report = assessment.assess([member(1, .unreachable), member(2, .unresponsive)])
        #expect(report.verdict == .critical)
        #expect(report.findings.contains { $0.code == .noMemberAnswered })
    }
}

/// The check's own trouble (its file descriptors or memory running out) is UNKNOWN, never blamed on a member.
struct LocalTroubleTests {
    @Test func aMemberTheCheckCouldNotAskIsSetAsideAsUnknown() throws {
        let endpoint = try Endpoint(parsing: "zk3:2181")
        var troubled = MemberReport(address: "zk3:2181", state: .error)
        Checker.apply(
            stat: .failure(.systemError(endpoint: endpoint, word: "srvr", operation: "socket", errno: Errno(EMFILE))),
            word: "srvr", to: &troubled)
        var fine = MemberReport(address: "zk1:2181", state: .error)
        Checker.apply(stat: .failure(.refused(endpoint: endpoint)), word: "srvr", to: &fine)
        var members = [fine, troubled]
        let findings = Checker.setAsideLocalTrouble(&members)
        #expect(members.map(\.address) == ["zk1:2181"], "a refusal is the member's; EMFILE is the check's")
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .unknown)
        #expect(findings.first?.message.contains("ulimit -n") == true)
    }

    /// The check's own shortage is recognised by its code, whatever the text says: `errno` for system calls,
    /// `EAI_*` (and the `errno` behind `EAI_SYSTEM`) for the resolver.
    @Test(arguments: [
        (system(EMFILE), true), (system(ENFILE), true), (system(ENOBUFS), true),
        (.unreachable(endpoint: zk3, errno: Errno(ENOMEM)), true),
        (resolution(EAI_MEMORY, message: "any text"), true), (resolution(EAI_SYSTEM, Errno(EMFILE)), true),
        (system(EACCES), false), (.unreachable(endpoint: zk3, errno: Errno(ENETUNREACH)), false),
        (resolution(EAI_NONAME), false), (resolution(EAI_SYSTEM, Errno(EACCES)), false),
        (resolution(EAI_NONAME, message: "Too many open files"), false), (.refused(endpoint: zk3), false),
    ])
    func resourceShortageIsRecognisedByCode(_ error: ProbeError, local: Bool) {
        #expect((Checker.localTrouble(error) != nil) == local, "\(error)")
    }
}

private let zk3 = Endpoint(host: "zk3", port: 2181)

private func system(_ code: Int32) -> ProbeError {
    .systemError(endpoint: zk3, word: "srvr", operation: "socket", errno: Errno(code))
}

private func resolution(_ code: Int32, _ errno: Errno? = nil, message: String? = nil) -> ProbeError {
    .resolutionFailed(endpoint: zk3, failure: ResolutionFailure(code: code, errno: errno, message: message))
}

struct AloneTests {
    let assessment = EnsembleAssessment()

    /// A member restarting (not serving yet), asked alone with nothing known about the others: UNKNOWN, not a
    /// false CRITICAL while the rest of the ensemble serves writes.
    @Test(arguments: [MemberState.notServing, .readOnly])
    func oneMemberThatDoesNotServeAloneIsUnknown(_ state: MemberState) {
        let report = EnsembleAssessment().assess([MemberReport(address: "zk3:2181", state: state)])
        #expect(report.verdict == .unknown)
        #expect(report.findings.contains { $0.code == .ensembleUnknown })
        #expect(!report.findings.contains { $0.severity == .critical })
        // With the membership known, the same member alone is judged: no quorum can be seen.
        let known = EnsembleAssessment().assess(
            [MemberReport(address: "zk3:2181", state: state)], expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        #expect(known.verdict == .critical)
    }

    /// An observer that serves follows a leader a majority acknowledges, as a serving follower does: given alone
    /// with its `conf` refused, it is judged like a follower in the same place, never "no quorum".
    @Test(arguments: [Int64?.some(3), nil])
    func aLoneServingObserverProvesAQuorumAsAFollowerDoes(_ quorumSize: Int64?) {
        func alone(_ state: MemberState) -> CheckReport {
            var m = member(4, state)
            m.quorumSize = quorumSize
            m.notWhitelisted = ["conf"]
            return assessment.assess([m])
        }
        let observer = alone(.observer)
        let follower = alone(.follower)
        #expect(observer.quorum)
        #expect(observer.votersServing >= observer.majority)
        #expect(observer.failureTolerance >= 0)
        #expect(!observer.findings.contains { $0.code == .noQuorum || $0.code == .ensembleUnknown })
        #expect(observer.verdict == follower.verdict, "\(observer.findings) vs \(follower.findings)")
        #expect(observer.verdict == .warning)
    }

    /// A gone leader: followers still serve reads, but no quorum can write, and the figures say so too.
    @Test func theFiguresOfAGoneLeaderAgreeWithNoQuorum() {
        let report = assessment.assess(
            [member(1, .follower), member(2, .follower), member(3, .unresponsive)],
            expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        #expect(report.findings.contains { $0.code == .leaderUnreachable })
        #expect(!report.quorum)
        #expect(report.votersServing < report.majority, "\(report.summary)")
        #expect(report.failureTolerance < 0)
        #expect(report.summary.contains("2/3 members serving"))
    }

    /// A voter that ran out of the second batch's shortened time may be a slow leader: not "unreachable".
    @Test func aVoterCutShortIsNotTakenForAGoneLeader() {
        var slow = member(3, .unresponsive)
        slow.cutShort = true
        let report = assessment.assess(
            [member(1, .follower), member(2, .follower), slow], expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        #expect(!report.findings.contains { $0.code == .leaderUnreachable })
        #expect(report.quorum)
        #expect(report.verdict == .warning)
        #expect(report.findings.contains { $0.code == .memberUnresponsive && $0.message.contains("may only be slow") })
    }

    /// One member given that answers "not serving", nothing else known: UNKNOWN, and no figure claims the
    /// quorum is lost (the others may serve).
    @Test func aLoneMemberThatDoesNotServeLeavesTheToleranceUnknown() throws {
        let report = assessment.assess([member(1, .notServing)])
        #expect(report.verdict == .unknown)
        #expect(report.findings.contains { $0.code == .ensembleUnknown })
        #expect(report.knownFailureTolerance == nil)
        #expect(report.summary.contains("quorum unknown"), "\(report.summary)")
        #expect(!report.summary.contains("NO QUORUM"))
        let json = try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8)) as? [String: Any]
        #expect(json?["failureTolerance"] is NSNull)
        #expect(!report.prometheus().contains("zkprobe_ensemble_failure_tolerance"))
        // Nagios keeps the label on every run (RRD graphs) and says it cannot be measured: U, not -1 (lost).
        let perfdata = try #require(parseNagiosOutput(report.nagios())?.perfdata)
        #expect(perfdata.first { $0.label == "failure_tolerance" }?.value == "U", "\(perfdata)")
        // With the membership known the same member is evidence: the quorum is lost, and -1 says so.
        let known = assessment.assess([member(1, .notServing)], expectation: EnsembleExpectation(voters: 1, source: "zoo.cfg"))
        #expect(known.knownFailureTolerance == -1)
        let knownPerfdata = try #require(parseNagiosOutput(known.nagios())?.perfdata)
        #expect(knownPerfdata.first { $0.label == "failure_tolerance" }?.value == "-1", "\(knownPerfdata)")
    }
}
