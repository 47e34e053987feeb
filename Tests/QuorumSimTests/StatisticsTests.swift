import Foundation
import Testing

@testable import QuorumSim

struct StatisticsTests {
    /// Two-sided 95 % (p = 0.975) and 99 % (p = 0.995) factors from a standard t table.
    @Test(arguments: [
        (0.975, 1.0, 12.706_204_7), (0.975, 2, 4.302_652_7), (0.975, 3, 3.182_446_3), (0.975, 4, 2.776_445_1),
        (0.975, 9, 2.262_157_2), (0.975, 15, 2.131_449_5), (0.975, 30, 2.042_272_5), (0.975, 120, 1.979_930_4),
        (0.995, 10, 3.169_272_7), (0.95, 5, 2.015_048_4), (0.975, .infinity, 1.959_964_0),
    ])
    func tQuantileMatchesTheTable(p: Double, df: Double, expected: Double) {
        #expect(abs(StudentT.quantile(p, degreesOfFreedom: df) - expected) < 1e-6)
    }

    @Test func tQuantileIsSymmetricAndApproachesTheNormal() {
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 7) == 0)
        #expect(
            abs(StudentT.quantile(0.025, degreesOfFreedom: 7) + StudentT.quantile(0.975, degreesOfFreedom: 7)) < 1e-9)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 100_000) - 1.959_964) < 1e-4)
        #expect(abs(StudentT.cdf(2.262_157_2, degreesOfFreedom: 9) - 0.975) < 1e-7)
    }

    @Test func estimateUsesStudentTOverReplications() {
        let estimate = Estimate(samples: [1, 2, 3, 4, 5])
        #expect(estimate.mean == 3)
        // s = √2.5, standard error s/√5, t(0.975, 4) = 2.7764451.
        let half = 2.776_445_1 * (2.5 / 5).squareRoot()
        #expect(abs(estimate.ci95!.lowerBound - (3 - half)) < 1e-6)
        #expect(abs(estimate.ci95!.upperBound - (3 + half)) < 1e-6)
        #expect(Estimate(samples: [7]).ci95 == nil)
        #expect(Estimate(samples: [0.999, 1.0, 1.0], bounds: 0...1).ci95!.upperBound == 1)
    }

    @Test func ratioEstimatePoolsAndGivesAnInterval() {
        // Two replications: 10 h over 2 episodes and 30 h over 4: pooled 40 / 6.
        let estimate = Estimate(ratioOf: [10, 30], to: [2, 4], bounds: 0...Double.infinity)!
        #expect(abs(estimate.mean - 40.0 / 6) < 1e-12)
        #expect(estimate.ci95!.contains(40.0 / 6))
        #expect(Estimate(ratioOf: [0, 0], to: [0, 0], bounds: 0...1) == nil)
    }

    @Test func histogramQuantilesAreWithinATenthOfAPercent() {
        var histogram = EpisodeHistogram()
        let lengths = (1...1000).map { Double($0) * 0.37 }
        for length in lengths.shuffled() { histogram.record(length) }
        for p in [0.5, 0.9, 0.99, 1.0] {
            let exact = lengths[Int((p * 1000).rounded(.up)) - 1]
            let estimate = histogram.quantile(p)!
            #expect(abs(estimate / exact - 1) < 0.001, "p\(p): \(estimate) vs \(exact)")
        }
        var other = EpisodeHistogram()
        other.record(1e9)
        other.merge(histogram)
        #expect(other.total == 1001)
        #expect(EpisodeHistogram().quantile(0.99) == nil)
    }
}
