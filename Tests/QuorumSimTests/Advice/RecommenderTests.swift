import Foundation
import Testing

@testable import QuorumSim

/// Typical cloud figures: a server fails twice a year and takes a day to replace; a zone goes out every two
/// years for four hours.
func recommendRequest(zones: Int, target: RecommendRequest.Target, election: Election? = nil) -> RecommendRequest {
    let outage = FaultProcess(timeToFailure: .exponential(mean: 17532), timeToRepair: .exponential(mean: 4))
    return RecommendRequest(
        zones: (0..<zones).map { Zone(name: String(UnicodeScalar(UInt8(97 + $0))), outage: outage) },
        serverFaults: FaultProcess(timeToFailure: .exponential(mean: 4380), timeToRepair: .exponential(mean: 24)),
        election: election, target: target)
}

struct RecommenderTests {
    @Test func threeZonesLooseTargetGivesThreeOverOneOneOne() throws {
        let r = try Recommender.recommend(recommendRequest(zones: 3, target: .downtimeMinutesPerYear(60)))
        let chosen = try #require(r.chosen)
        #expect(chosen.voters == 3)
        #expect(chosen.layout == "1/1/1")
        #expect(chosen.survivesAnyZoneLoss)
        #expect(chosen.downtimeMinutesPerYear <= 60)
    }

    @Test func threeZonesTighterTargetGivesFiveOverTwoTwoOne() throws {
        let r = try Recommender.recommend(recommendRequest(zones: 3, target: .downtimeMinutesPerYear(10)))
        let chosen = try #require(r.chosen)
        #expect(chosen.voters == 5)
        #expect(chosen.layout == "2/2/1")
        // The evidence: 3 over 1/1/1 misses the target, and the reasons say so.
        let three = try #require(r.bestBySize.first { $0.voters == 3 })
        #expect(three.downtimeMinutesPerYear > 10)
        #expect(r.reasons.contains { $0.contains("3 voters") && $0.contains("miss the target") })
    }

    @Test func neverAnEvenCountWhereTheOddBelowDoesAsWell() throws {
        for target in [1e4, 3000, 300, 60, 10, 5, 3, 1, 0.3] {
            let r = try Recommender.recommend(recommendRequest(zones: 3, target: .downtimeMinutesPerYear(target)))
            guard let chosen = r.chosen, chosen.voters % 2 == 0 else { continue }
            let odd = try #require(r.bestBySize.first { $0.voters == chosen.voters - 1 })
            #expect(odd.unavailability > chosen.unavailability, "even \(chosen.voters) chosen for target \(target)")
        }
    }

    @Test func twoZonesWarnThatTheLargerSideTakesTheQuorum() throws {
        let r = try Recommender.recommend(recommendRequest(zones: 2, target: .downtimeMinutesPerYear(10)))
        #expect(r.reasons.contains { $0.contains("over two zones no placement survives losing the larger side") })
        // Every two-zone placement of 3+ voters loses quorum with one of its zones.
        for placement in r.bestBySizeAndZones[2] ?? [] where placement.voters >= 3 {
            #expect(!placement.survivesAnyZoneLoss)
        }
        #expect(r.reasons.contains { $0.contains("a third zone") })
    }

    @Test func oneZoneWarnsThatZoneOutagesDominate() throws {
        let r = try Recommender.recommend(recommendRequest(zones: 1, target: .downtimeMinutesPerYear(10)))
        #expect(r.chosen == nil, "no single-zone placement reaches 10 minutes a year with 2 hours of zone outage")
        #expect(r.reasons.contains { $0.contains("with one zone, its outages") })
        // Whatever the count, downtime stays above the zone's own.
        let zoneMinutes = 4.0 / (17532 + 4) * hoursPerYear * 60
        for p in r.bestBySize { #expect(p.downtimeMinutesPerYear >= zoneMinutes * 0.999) }
    }

    @Test func evaluationsAreTheExactFigures() throws {
        let req = recommendRequest(zones: 3, target: .availability(0.9999))
        let r = try Recommender.recommend(req)
        for p in r.bestBySize {
            let exact = try #require(ExactAvailability.unavailability(of: Recommender.scenario(for: p.counts, req)))
            #expect(p.unavailability == exact)
        }
    }

    @Test func sameRequestSameAdvice() throws {
        let a = try Recommender.recommend(recommendRequest(zones: 3, target: .availability(0.99999)))
        let b = try Recommender.recommend(recommendRequest(zones: 3, target: .availability(0.99999)))
        #expect(a.chosen == b.chosen)
        #expect(a.reasons == b.reasons)
    }

    @Test func compositionsCountMatchesStarsAndBars() {
        // Ordered: C(n+k-1, k-1). For 5 into 3: 21.
        #expect(Recommender.compositions(of: 5, into: 3, nonIncreasing: false).count == 21)
        // Partitions of 5 into at most 3 parts: 5, 4+1, 3+2, 3+1+1, 2+2+1.
        #expect(Set(Recommender.compositions(of: 5, into: 3, nonIncreasing: true)) == [[5, 0, 0], [4, 1, 0], [3, 2, 0], [3, 1, 1], [2, 2, 1]])
    }

    @Test func badRequestsAreErrors() {
        var r = recommendRequest(zones: 3, target: .availability(0.999))
        r.maxVoters = 12
        #expect(throws: AdviceError.self) { try Recommender.recommend(r) }
        r.maxVoters = 5
        r.zones = []
        #expect(throws: AdviceError.self) { try Recommender.recommend(r) }
    }
}
