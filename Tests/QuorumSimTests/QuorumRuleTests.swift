import Testing

@testable import QuorumSim

struct QuorumRuleLimitTests {
    @Test func sixtyFourVotersLoseQuorumAtThirtyTwoFailures() {
        let rule = QuorumRule(servers: (0..<64).map { Server(id: $0 + 1, zone: 0) })
        #expect(rule.majority == 33)
        #expect(rule.minimumFailuresToLoseQuorum(serverCount: 64) == 32)
    }

    @Test func observersDoNotVote() {
        let servers = [Server(id: 1, zone: 0), Server(id: 2, zone: 0), Server(id: 3, zone: 0, role: .observer)]
        let rule = QuorumRule(servers: servers)
        #expect(rule.majority == 2)
        #expect(!rule.isQuorum(0b101), "one voter and an observer are not a quorum of two voters")
        #expect(rule.isQuorum(0b011))
    }
}
