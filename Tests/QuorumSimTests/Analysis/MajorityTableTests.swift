import QuorumSim
import Testing

struct MajorityTableTests {
    /// ZooKeeper's documented table: size → majority → failures tolerated.
    @Test func matchesZooKeeperDocumentation() {
        let documented = [
            (1, 1, 0), (2, 2, 0), (3, 2, 1), (4, 3, 1), (5, 3, 2), (6, 4, 2), (7, 4, 3), (8, 5, 3), (9, 5, 4),
        ]
        for (n, majority, tolerated) in documented {
            let row = MajorityTable.row(voters: n)
            #expect(row.majority == majority && row.tolerated == tolerated, "size \(n)")
        }
        #expect(MajorityTable.rows().map(\.voters) == Array(1...9))
    }

    @Test func agreesWithTheRulesBruteForce() {
        for n in 1...12 {
            let rule = QuorumRule(servers: (0..<n).map { Server(id: $0, zone: 0) })
            #expect(MajorityTable.row(voters: n).tolerated == rule.minimumFailuresToLoseQuorum(serverCount: n) - 1)
        }
    }

    @Test func textHasOneLinePerSize() {
        let lines = MajorityTable.text().split(separator: "\n")
        #expect(lines.count == 10)
        #expect(lines[5].split(separator: " ").map(String.init) == ["5", "3", "2"])
    }
}
