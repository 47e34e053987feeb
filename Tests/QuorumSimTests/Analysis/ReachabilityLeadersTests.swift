import QuorumSim
import Testing

struct ReachabilityLeadersTests {
    @Test func leadersExistExactlyWhenTheEnsembleCanServe() {
        let s = Fixture.scenario(perZone: [2, 2, 1])
        let rule = QuorumRule(servers: s.servers)
        let reach = Reachability(servers: s.servers, zoneCount: 3)
        for up in UInt64(0)..<32 {
            for cuts in 0..<8 {
                var cut = [UInt64](repeating: 0, count: 3)
                for (k, (a, b)) in [(0, 1), (1, 2), (0, 2)].enumerated() where cuts & (1 << k) != 0 {
                    cut[a] |= 1 << UInt64(b)
                    cut[b] |= 1 << UInt64(a)
                }
                let leaders = reach.possibleLeaders(up: up, cut: cut, rule: rule)
                #expect((leaders != 0) == reach.canServe(up: up, cut: cut, rule: rule))
                #expect(leaders & ~up == 0)
            }
        }
    }

    @Test func cutOffMinorityCannotLead() {
        let s = Fixture.scenario(perZone: [2, 2, 1])
        let rule = QuorumRule(servers: s.servers)
        let reach = Reachability(servers: s.servers, zoneCount: 3)
        // Zone 2 (server 5) cut from both others: zones 0 and 1 still hold 4 of 5.
        let cut: [UInt64] = [0b100, 0b100, 0b011]
        #expect(reach.possibleLeaders(up: 0b11111, cut: cut, rule: rule) == 0b01111)
    }
}
