import Foundation
import Testing

@testable import QuorumSim

/// Importance sampling against the exact product-form solution, which computes the same quantity
/// by a different route (summing state probabilities, no simulation).
struct ImportanceSamplingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var scenario: Scenario
        var testDescription: String { label }
    }

    /// Rare cases the exact solver handles, from about 1e-5 down to about 1e-11.
    static let rareCases: [Case] = [
        Case(label: "5 voters 2/2/1", scenario: RareFixture.scenario([2, 2, 1])),
        Case(label: "7 voters 3/2/2", scenario: RareFixture.scenario([3, 2, 2])),
        Case(label: "9 voters 3/3/3", scenario: RareFixture.scenario([3, 3, 3])),
        Case(
            label: "9 voters 3/3/3, 4 h repairs, zones out 1 h every 10 years",
            scenario: RareFixture.scenario(
                [3, 3, 3], server: RareFixture.exp(4380, 4), zone: RareFixture.exp(87660, 1))
        ),
        Case(
            label: "7 voters in one zone, 4 h repairs",
            scenario: RareFixture.scenario([7], server: RareFixture.exp(4380, 4), zone: nil)),
        Case(
            label: "9 voters, one hierarchical group per zone",
            scenario: RareFixture.scenario([3, 3, 3], groupByZone: true)),
        Case(
            label: "5 voters 2/2/1, a cut between every pair of zones",
            scenario: RareFixture.scenario([2, 2, 1], partition: RareFixture.cut)),
    ]

    @Test(arguments: rareCases)
    func intervalCoversTheExactUnavailability(_ c: Case) throws {
        let exact = try #require(ExactAvailability.unavailability(of: c.scenario))
        #expect(exact < 1e-5, "the case is meant to be rare")
        let estimate = try ImportanceSampling.estimate(c.scenario, settings: RareFixture.settings(), threads: 2)
        let interval = try #require(estimate.unavailability.ci95)
        #expect(estimate.stop == .target)
        #expect(interval.contains(exact), "exact \(exact) outside \(interval)")
        #expect(estimate.relativeHalfWidth <= 0.05)
        #expect(abs(estimate.unavailability.mean - exact) / exact <= 0.10)
        #expect(estimate.cyclesWithLoss >= 100)
    }

    @Test(arguments: [rareCases[1], rareCases[6]])
    func episodeRateMatchesTheExactFrequency(_ c: Case) throws {
        let exact = try #require(ExactFrequency.episodes(of: c.scenario)).perHour
        let estimate = try ImportanceSampling.estimate(c.scenario, settings: RareFixture.settings(), threads: 2)
        let interval = try #require(estimate.episodesPerHour.ci95)
        #expect(interval.contains(exact), "exact \(exact)/h outside \(interval)")
        #expect(interval.upperBound - interval.lowerBound < 0.2 * exact)
    }

    /// Renewal theory: the all-up state holds for 1/q0 per cycle and is occupied the fraction π0 of
    /// the time, so a cycle lasts 1 / (q0 · π0) on average; both are products of the parts' means.
    @Test func meanCycleLengthMatchesRenewalTheory() throws {
        let scenario = RareFixture.scenario([3, 2, 2], partition: RareFixture.cut)
        let processes =
            scenario.zones.compactMap(\.outage) + scenario.partitions.map(\.process)
            + scenario.servers.map { _ in RareFixture.server }
        let q0 = processes.reduce(0) { $0 + 1 / $1.timeToFailure.mean }
        let pi0 = processes.reduce(1) { p, f in p * f.timeToFailure.mean / (f.timeToFailure.mean + f.timeToRepair.mean)
        }
        let expected = 1 / (q0 * pi0)
        let estimate = try ImportanceSampling.estimate(
            scenario, settings: RareFixture.settings(maxCycles: 40_000), threads: 2)
        let cycle = try #require(estimate.meanCycleHours?.ci95)
        #expect(cycle.contains(expected), "1/(q0 π0) = \(expected) h outside \(cycle)")
        #expect(cycle.upperBound - cycle.lowerBound < 0.01 * expected)
    }

    /// With one fault process, the cycle is "fail, repair" and conditional Monte Carlo replaces both
    /// holding times by their means: every cycle gives the same value, so the estimate is exact.
    @Test func oneServerIsExactWithExpectedHoldingTimes() throws {
        let scenario = RareFixture.scenario([1], server: RareFixture.exp(1000, 3), zone: nil)
        let estimate = try ImportanceSampling.estimate(
            scenario, settings: RareFixture.settings(maxCycles: 10_000), threads: 1)
        #expect(abs(estimate.unavailability.mean - 3.0 / 1003) < 1e-15)
        #expect(estimate.relativeHalfWidth < 1e-9)
        #expect(estimate.cyclesWithLoss == estimate.cycles)
    }

    /// At about 8e-10, a cycle loses the quorum with probability about 4e-7: plain simulation of as
    /// many cycles as importance sampling needs sees nothing, or almost nothing.
    @Test func plainSimulationWithTheSameBudgetSeesAlmostNothing() throws {
        let c = Self.rareCases[3]
        let exact = try #require(ExactAvailability.unavailability(of: c.scenario))
        let biased = try ImportanceSampling.estimate(c.scenario, settings: RareFixture.settings(), threads: 2)
        #expect(biased.stop == .target && biased.relativeHalfWidth <= 0.05)
        #expect(abs(biased.unavailability.mean - exact) / exact <= 0.10)
        let plain = try ImportanceSampling.estimate(
            c.scenario, settings: RareFixture.settings(maxCycles: biased.cycles, bias: nil), threads: 2)
        #expect(plain.cycles == biased.cycles)
        #expect(plain.stop == .cycleBudget)
        #expect(plain.cyclesWithLoss <= 3, "plain cycles that lost the quorum: \(plain.cyclesWithLoss)")
        #expect(plain.relativeHalfWidth >= 10 * biased.relativeHalfWidth)
    }

    @Test func aLargerBiasAlsoCoversTheExactValue() throws {
        let scenario = Self.rareCases[2].scenario
        let exact = try #require(ExactAvailability.unavailability(of: scenario))
        for bias in [0.3, 0.7] {
            let estimate = try ImportanceSampling.estimate(
                scenario, settings: RareFixture.settings(bias: bias), threads: 2)
            let interval = try #require(estimate.unavailability.ci95)
            #expect(interval.contains(exact), "bias \(bias): exact \(exact) outside \(interval)")
            #expect(estimate.relativeHalfWidth <= 0.05)
        }
    }
}
