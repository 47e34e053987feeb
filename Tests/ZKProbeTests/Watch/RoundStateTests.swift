import Testing

@testable import ZKProbe

struct RoundStateTests {
    typealias Scene = CheckGoldenTests.Scene

    static func state(_ scene: String) throws -> RoundState {
        try RoundState(CheckGoldenTests.report(#require(CheckGoldenTests.scenes.first { $0.name == scene })))
    }

    @Test func lanesComeFromTheMembersStates() throws {
        let healthy = try Self.state("healthy")
        #expect(healthy.members.map(\.lane) == [.leader, .follower, .follower])
        #expect(healthy.verdict == .ok)
        #expect(healthy.leader == "zk1:2181")
        #expect(healthy.writable == nil, "no probe ran")
        #expect(healthy.members.allSatisfy { $0.voter })

        let oneDown = try Self.state("one-down")
        #expect(oneDown.members.map(\.lane) == [.leader, .follower, .down])
        #expect(oneDown.votersServing == 2 && oneDown.votersConfigured == 3 && oneDown.majority == 2)

        let noQuorum = try Self.state("no-quorum")
        #expect(noQuorum.members.map(\.lane) == [.notServing, .notServing, .down])
        #expect(noQuorum.leader == nil && !noQuorum.quorum)
        #expect(noQuorum.verdict == .critical)

        #expect(try Self.state("read-only").members.first?.lane == .notServing)
        #expect(try Self.state("write-probe").writable == true)
        #expect(try Self.state("writes-fail").writable == false)
    }

    @Test(arguments: MemberState.allCases)
    func everyMemberStateHasALane(_ state: MemberState) {
        let lane = RoundState.Lane(state)
        switch state {
        case .unresponsive, .unreachable: #expect(lane == .down)
        case .leader, .follower, .observer, .standalone: #expect(lane.rawValue == state.rawValue)
        case .readOnly, .notServing, .error: #expect(lane == .notServing)
        }
    }

    static func member(_ port: Int, _ lane: RoundState.Lane) -> RoundState.Member {
        RoundState.Member(address: "127.0.0.1:\(port)", lane: lane, voter: true)
    }

    static let healthy = RoundState(
        verdict: .ok, leader: "127.0.0.1:2181", quorum: true, votersConfigured: 3, votersServing: 3, majority: 2,
        failureTolerance: 1, writable: true,
        members: [member(2181, .leader), member(2182, .follower), member(2183, .follower)])

    @Test func changesAreListedInTheAgreedOrder() {
        var broken = Self.healthy
        broken.verdict = .critical
        broken.leader = nil
        broken.quorum = false
        broken.votersServing = 0
        broken.failureTolerance = -1
        broken.writable = false
        broken.members = [Self.member(2181, .down), Self.member(2182, .notServing), Self.member(2183, .notServing)]
        #expect(
            broken.changes(from: Self.healthy) == [
                "verdict OK -> CRITICAL", "leader 127.0.0.1:2181 -> none", "voters serving 3/3 -> 0/3",
                "tolerance 1 -> -1", "writable yes -> no", "member 127.0.0.1:2181 leader -> down",
                "member 127.0.0.1:2182 follower -> not-serving", "member 127.0.0.1:2183 follower -> not-serving",
            ])
        #expect(Self.healthy.changes(from: broken).first == "verdict CRITICAL -> OK")
    }

    @Test func onlyWhatChangedIsListed() {
        var oneDown = Self.healthy
        oneDown.verdict = .warning
        oneDown.votersServing = 2
        oneDown.failureTolerance = 0
        oneDown.members[2].lane = .down
        #expect(
            oneDown.changes(from: Self.healthy) == [
                "verdict OK -> WARNING", "voters serving 3/3 -> 2/3", "tolerance 1 -> 0",
                "member 127.0.0.1:2183 follower -> down",
            ])
        #expect(Self.healthy.changes(from: Self.healthy).isEmpty)
        #expect(Self.healthy.changes(from: nil).isEmpty, "the first round has nothing to change from")
    }

    @Test func aMemberThatAppearsOrGoesIsNamed() {
        var fewer = Self.healthy
        fewer.members.removeLast()
        #expect(fewer.changes(from: Self.healthy) == ["member 127.0.0.1:2183 follower -> absent"])
        #expect(Self.healthy.changes(from: fewer) == ["member 127.0.0.1:2183 absent -> follower"])
    }
}
