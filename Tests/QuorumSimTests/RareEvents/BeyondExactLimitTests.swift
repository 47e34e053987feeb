import Testing

@testable import QuorumSim

/// Nine voters over six zones with a cut possible between every pair: 6 zone outages, 15 cuts and
/// 9 servers are 30 independent parts, far beyond what the exact solver enumerates. Importance
/// sampling still gives a tight interval; its consistency is checked against plain discrete-event
/// simulation of the same placement with rates scaled up until outages are frequent.
struct BeyondExactLimitTests {
    static let layout = [2, 2, 2, 1, 1, 1]

    @Test func theExactSolverRefusesThePlacement() {
        let scenario = RareFixture.scenario(Self.layout, partition: RareFixture.cut)
        guard case .notExact(let reasons) = ExactAvailability.applicability(of: scenario) else {
            Issue.record("expected the exact solver to refuse")
            return
        }
        #expect(reasons.contains { if case .tooManyStates = $0 { true } else { false } })
        #expect(ExactAvailability.unavailability(of: scenario) == nil)
    }

    @Test func realisticRatesGiveATightInterval() throws {
        let scenario = RareFixture.scenario(Self.layout, partition: RareFixture.cut)
        let estimate = try ImportanceSampling.estimate(
            scenario, settings: RareFixture.settings(target: 0.10), threads: 2)
        #expect(estimate.stop == .target)
        #expect(estimate.relativeHalfWidth <= 0.10)
        let interval = try #require(estimate.unavailability.ci95)
        #expect(interval.upperBound < 1e-6, "rare: well under a minute a year")
        // Cuts only take servers out of reach, so the same placement without them (which the exact
        // solver handles) is a lower bound.
        let withoutCuts = try #require(ExactAvailability.unavailability(of: RareFixture.scenario(Self.layout)))
        #expect(interval.upperBound >= withoutCuts)
        #expect(estimate.unavailability.mean >= 0.9 * withoutCuts)
    }

    @Test func scaledUpRatesAgreeWithPlainSimulation() throws {
        var scenario = RareFixture.scenario(
            Self.layout, server: RareFixture.exp(500, 20), zone: RareFixture.exp(1000, 20),
            partition: RareFixture.exp(300, 20))
        scenario.run = RunSettings(years: 140, replications: 16, seed: 7)
        let simulated = try Simulator.run(scenario, threads: 2)
        let estimate = try ImportanceSampling.estimate(
            scenario, settings: RareFixture.settings(target: 0.08, maxCycles: 400_000), threads: 2)
        let minutesPerYear = hoursPerYear * 60
        let plain = simulated.metrics.quorumLossMinutesPerYear
        let sampled = estimate.quorumLossMinutesPerYear
        #expect(plain.halfWidth < 0.12 * plain.mean, "the plain run sees many outages")
        #expect(estimate.stop == .target)
        // The same placement without cuts is a lower bound (cuts add about a tenth here).
        var withoutCuts = scenario
        withoutCuts.partitions = []
        let exactWithoutCuts = try #require(ExactAvailability.unavailability(of: withoutCuts))
        #expect(try #require(estimate.unavailability.ci95).upperBound > exactWithoutCuts)
        let difference = abs(plain.mean - sampled.mean)
        let allowed = (plain.halfWidth * plain.halfWidth + sampled.halfWidth * sampled.halfWidth).squareRoot()
        #expect(
            difference <= allowed,
            "plain \(plain.mean / minutesPerYear) ± \(plain.halfWidth / minutesPerYear), IS \(estimate.unavailability)")
    }
}
