import Foundation
import Testing

@testable import QuorumSim

private func observed(_ states: [(String, String)]) -> [(address: String, state: String)] {
    states.map { (address: $0.0, state: $0.1) }
}

struct LiveEnsembleTests {
    let zones: ZoneMap

    init() throws {
        zones = try ZoneMap.parse("zk1:2181=a,zk2:2181=b,zk3:2181=c,zk4:2181=a,zk5:2181=b", from: .option("--zones"))
    }

    @Test func oneDownOfThreeLeavesNoToleranceAndEveryZoneCritical() throws {
        let live = try LiveEnsemble(
            observed: observed([("zk1:2181", "unreachable"), ("zk2:2181", "leader"), ("zk3:2181", "follower")]), votersConfigured: 3, zones: zones)
        #expect(live.failureTolerance == 0)
        let byZone = Dictionary(uniqueKeysWithValues: live.zoneLossLosesQuorum.map { ($0.zone, $0.losesQuorum) })
        #expect(byZone == ["a": false, "b": true, "c": true])
        // Both survivors must last the window: closed form 1 − (1−q)²(1−z)².
        let window = 24.0, mttf = 4380.0, zoneMTTF = 17532.0
        let q = 1 - exp(-window / mttf), z = 1 - exp(-window / zoneMTTF)
        let expected = 1 - pow(1 - q, 2) * pow(1 - z, 2)
        let p = live.probabilityOfLosingQuorum(
            window: window, serverMTTF: mttf, zoneMTTF: ["a": zoneMTTF, "b": zoneMTTF, "c": zoneMTTF])
        #expect(abs(p - expected) / expected < 1e-12)
    }

    @Test func fiveAllUpMatchesBruteForce() throws {
        let live = try LiveEnsemble(
            observed: observed(zones.entries.map(\.host).sorted().map { ($0, $0 == "zk1:2181" ? "leader" : "follower") }), votersConfigured: 5, zones: zones)
        #expect(live.failureTolerance == 2)
        #expect(live.zoneLossLosesQuorum.allSatisfy { !$0.losesQuorum })
        let window = 72.0, mttf = 1000.0
        let zoneMTTF = ["a": 5000.0, "b": 8000.0, "c": 3000.0]
        let q = 1 - exp(-window / mttf)
        let zq = zoneMTTF.mapValues { 1 - exp(-window / $0) }
        let names = zones.entries.map(\.host).sorted()
        var lost = 0.0
        for zoneMask in 0..<8 {
            let zoneUp = ["a": zoneMask & 1 != 0, "b": zoneMask & 2 != 0, "c": zoneMask & 4 != 0]
            var pz = 1.0
            for (z, up) in zoneUp { pz *= up ? 1 - zq[z]! : zq[z]! }
            for serverMask in 0..<32 {
                var p = pz
                var alive = 0
                for (i, name) in names.enumerated() {
                    let ownUp = serverMask & (1 << i) != 0
                    p *= ownUp ? 1 - q : q
                    if ownUp && zoneUp[zones.zone(of: name)!]! { alive += 1 }
                }
                if alive < 3 { lost += p }
            }
        }
        let p = live.probabilityOfLosingQuorum(window: window, serverMTTF: mttf, zoneMTTF: zoneMTTF)
        #expect(abs(p - lost) / lost < 1e-9)
    }

    @Test func lostQuorumIsCertain() throws {
        let live = try LiveEnsemble(
            observed: observed([("zk1:2181", "not-serving"), ("zk2:2181", "unreachable"), ("zk3:2181", "unreachable")]), votersConfigured: 3, zones: zones)
        #expect(live.failureTolerance == -1)
        #expect(live.probabilityOfLosingQuorum(window: 1, serverMTTF: 1000, zoneMTTF: [:]) == 1)
    }

    @Test func aMemberWithoutAZoneIsNamed() {
        #expect {
            try LiveEnsemble(
            observed: observed([("zk9:2181", "leader")]), votersConfigured: 1, zones: zones)
        } throws: { "\($0)".contains("zk9:2181") && "\($0)".contains("zk9:2181=ZONE") }
    }
}
