import Foundation
import QuorumSim
import Testing

struct ToleranceAnalysisTests {
    @Test func threeTwoOverTwoZones() throws {
        let r = try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [3, 2]))
        #expect(r.zones[0].lossLosesQuorum)
        #expect(r.zones[0].failuresToLoseQuorumAfterLoss == 0)
        #expect(!r.zones[1].lossLosesQuorum)
        #expect(!r.survivesAnySingleZoneLoss)
        #expect(r.failuresToLoseQuorum == 3 && r.failuresTolerated == 2 && r.majority == 3)
        // Cut apart, the side with 3 serves.
        #expect(r.zones[0].isolatedServingSide == .zone)
        #expect(r.zones[1].isolatedServingSide == .rest)
        #expect(r.survivesAnyZoneIsolation)
    }

    @Test func twoTwoOneSurvivesAnyZoneButNotZonePlusOne() throws {
        let r = try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [2, 2, 1]))
        #expect(r.survivesAnySingleZoneLoss)
        #expect(r.zones.allSatisfy { !$0.lossLosesQuorum })
        // Losing a zone of 2 leaves 3 of 5: one more failure loses the quorum.
        #expect(r.zones[0].failuresToLoseQuorumAfterLoss == 1 && r.zones[0].zonePlusOneServerLosesQuorum)
        #expect(r.zones[1].zonePlusOneServerLosesQuorum)
        // Losing the zone of 1 leaves 4 of 5: two more.
        #expect(r.zones[2].failuresToLoseQuorumAfterLoss == 2 && !r.zones[2].zonePlusOneServerLosesQuorum)
        #expect(r.zones.allSatisfy { $0.isolatedServingSide == .rest })
        // Losing zone 0 and the chosen servers really leaves fewer than 3 of 5 up.
        let left = Set(1...5).subtracting(r.zones[0].servers).subtracting(r.zones[0].losingSetAfterLoss)
        #expect(left.count < 3)
    }

    @Test(arguments: [(3, 1), (4, 1), (5, 2), (6, 2), (7, 3)])
    func votersTolerate(n: Int, tolerated: Int) throws {
        let r = try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [n]))
        #expect(r.failuresTolerated == tolerated)
        #expect(r.smallestLosingSet.count == tolerated + 1)
        #expect(Set(r.smallestLosingSet).isSubset(of: Set(1...n)))
    }

    @Test func observersDoNotCount() throws {
        var s = Fixture.scenario(perZone: [3, 2])
        s.servers[3].role = .observer
        s.servers[4].role = .observer
        let r = try ToleranceAnalysis.report(of: s)
        #expect(r.voters == [1, 2, 3] && r.observers == [4, 5])
        #expect(r.majority == 2 && r.failuresTolerated == 1)
        #expect(!r.zones[1].lossLosesQuorum && r.zones[1].voters == 0)
        #expect(r.zones[0].lossLosesQuorum)
        #expect(!r.smallestLosingSet.contains(4) && !r.smallestLosingSet.contains(5))
        let observer = try #require(r.maintenance.first { $0.server == 4 })
        #expect(observer.role == "observer" && observer.failuresTolerated == 1)
        // Maintenance on a voter of 3 leaves 2 of 2 needed.
        let voter = try #require(r.maintenance.first { $0.server == 1 })
        #expect(!voter.downLosesQuorum && voter.failuresToLoseQuorum == 1 && voter.failuresTolerated == 0)
    }

    @Test func maintenanceOnFiveServers() throws {
        let r = try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [5]))
        #expect(r.maintenance.count == 5)
        #expect(r.maintenance.allSatisfy { !$0.downLosesQuorum && $0.failuresTolerated == 1 })
        let two = try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [1, 1]))
        #expect(two.maintenance.allSatisfy { $0.downLosesQuorum && $0.failuresToLoseQuorum == 0 })
    }

    @Test func hierarchicalNineInThreeGroups() throws {
        var s = Fixture.scenario(perZone: [3, 3, 3])
        for i in s.servers.indices { s.servers[i].group = s.servers[i].zone }
        let r = try ToleranceAnalysis.report(of: s)
        #expect(r.rule == "hierarchical" && r.groups == 3 && r.majority == nil)
        // Two servers in each of two groups.
        #expect(r.failuresToLoseQuorum == 4 && r.failuresTolerated == 3)
        #expect(r.failuresToLoseQuorum == QuorumRule(servers: s.servers).minimumFailuresToLoseQuorum(serverCount: 9))
        // A zone (= group) loss keeps 2 of 3 groups; then 2 servers in another group lose it.
        #expect(r.survivesAnySingleZoneLoss)
        #expect(r.zones.allSatisfy { $0.failuresToLoseQuorumAfterLoss == 2 && !$0.zonePlusOneServerLosesQuorum })
    }

    /// The smallest losing set is checked against an exhaustive search over subsets, on
    /// hierarchical rules with uneven groups and weights and on partly failed ensembles.
    @Test func smallestLosingSetIsMinimal() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<60 {
            let n = 3 + next(8)
            let servers = (0..<n).map { i in
                Server(
                    id: i + 1, zone: 0, role: next(6) == 0 ? .observer : .participant, group: next(4),
                    weight: next(3))
            }
            let rule = QuorumRule(servers: servers)
            let all: UInt64 = (1 << UInt64(n)) - 1
            let up = all & ~UInt64(next(1 << n) & next(1 << n))
            let set = rule.smallestLosingSet(up: up)
            var exhaustive = n + 1
            for lost in 0..<(UInt64(1) << UInt64(n)) where lost & ~up == 0 && !rule.isQuorum(up & ~lost) {
                exhaustive = min(exhaustive, lost.nonzeroBitCount)
            }
            if !rule.isQuorum(up) { exhaustive = 0 }
            #expect(set.count == exhaustive, "servers \(servers), up \(up)")
            var lost: UInt64 = 0
            for i in set { lost |= 1 << UInt64(i) }
            #expect(lost & ~up == 0 && !rule.isQuorum(up & ~lost))
        }
    }

    @Test func encodesWithDocumentedFieldNames() throws {
        let r = try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [2, 2, 1]))
        let data = try JSONEncoder().encode(r)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "scenario", "rule", "voters", "observers", "majority", "failuresToLoseQuorum", "failuresTolerated",
            "smallestLosingSet", "zones", "maintenance", "survivesAnySingleZoneLoss", "survivesAnyZoneIsolation",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let zone = try #require((object["zones"] as? [[String: Any]])?.first)
        #expect(zone["isolatedServingSide"] as? String == "rest")
        #expect(try JSONDecoder().decode(ToleranceReport.self, from: data) == r)
    }

    @Test func textNamesTheWeakZone() throws {
        var s = Fixture.scenario(perZone: [3, 2])
        s.zones[0].name = "eu-west-1a"
        let text = try ToleranceAnalysis.report(of: s).text()
        #expect(text.contains("survives the loss of any one zone: no (\"eu-west-1a\")"))
        #expect(text.contains("tolerates 2"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 120 })
    }

    @Test func refusesMoreThan64Servers() {
        #expect(throws: ExactLimitation.tooManyServers(count: 65)) {
            try ToleranceAnalysis.report(of: Fixture.scenario(perZone: [65]))
        }
    }
}
