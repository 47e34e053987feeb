import QuorumSim
import Testing

struct ElectionEstimateTests {
    /// Plain majority in one zone: with k > majority up, the leader's failure (rate λ, whichever
    /// up server leads) keeps a quorum and starts an election; every regain (= every loss,
    /// π_majority · majority · λ) starts one too.
    static func expectedElectionsPerHour(n: Int, mttf: Double, mttr: Double) -> Double {
        let p = mttf / (mttf + mttr)
        let q = mttr / (mttf + mttr)
        func pi(_ k: Int) -> Double {
            var c = 1.0
            for j in 0..<k { c = c * Double(n - j) / Double(j + 1) }
            var x = c
            for _ in 0..<k { x *= p }
            for _ in 0..<(n - k) { x *= q }
            return x
        }
        let majority = n / 2 + 1
        var leaderLosses = 0.0
        for k in (majority + 1)...n { leaderLosses += pi(k) / mttf }
        return leaderLosses + pi(majority) * Double(majority) / mttf
    }

    @Test(arguments: [3, 5])
    func oneZoneByHand(n: Int) throws {
        var s = Fixture.scenario(perZone: [n], serverFaults: { _ in Fixture.exp(1000, 10) })
        let detection = 10.0 / 3600
        let election = 0.5 / 3600
        s.election = Election(detection: detection, duration: .exponential(mean: election))
        let estimate = try #require(ExactAvailability.electionDowntimeEstimate(of: s))
        let expected = Self.expectedElectionsPerHour(n: n, mttf: 1000, mttr: 10) * (detection + election)
        #expect(Fixture.relativeError(estimate, expected) < 1e-12, "\(estimate) vs \(expected)")

        let total = try #require(ExactAvailability.estimatedUnavailabilityWithElections(of: s))
        s.election = nil
        let instant = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(total, instant + expected) < 1e-12)
    }

    @Test func zoneOutageTakingTheLeaderCounts() throws {
        // 2/2/1, servers never fail: any single zone outage keeps the quorum; it starts an
        // election when the leader (uniform over the 5 up voters) was in that zone.
        var s = Fixture.scenario(perZone: [2, 2, 1], zoneOutages: [Fixture.exp(1000, 1), nil, nil])
        s.election = Election(detection: 0.01, duration: .fixed(0.01))
        let a = 1000.0 / 1001
        let expected = a * (1 / 1000.0) * (2.0 / 5) * 0.02
        let estimate = try #require(ExactAvailability.electionDowntimeEstimate(of: s))
        #expect(Fixture.relativeError(estimate, expected) < 1e-12, "\(estimate) vs \(expected)")
    }

    @Test func instantElectionsCostNothingAndOtherShapesAreRefused() throws {
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(1000, 10) })
        #expect(ExactAvailability.electionDowntimeEstimate(of: s) == 0)
        s.election = Election(detection: 0.01, duration: .fixed(0.01))
        s.serverFaults = nil
        s.servers[2].faults = FaultProcess(timeToFailure: .weibull(shape: 2, scale: 1000), timeToRepair: .fixed(10))
        #expect(ExactAvailability.electionDowntimeEstimate(of: s) == nil)
    }
}
