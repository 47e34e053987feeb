import Foundation
import Testing

@testable import QuorumSim

/// Each distribution's samples against its analytic mean, variance and quantiles, with
/// a fixed seed and bounds at 3.29 standard errors (a 99.9 % interval).
struct DistributionTests {
    static let count = 400_000
    static let z = 3.29
    /// Φ⁻¹(p) for the quantiles checked (standard normal table).
    static let normalQuantiles: [(p: Double, z: Double)] = [
        (0.01, -2.326_347_874_040_840_8), (0.5, 0), (0.9, 1.281_551_565_544_600_4), (0.99, 2.326_347_874_040_840_8),
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var distribution: Distribution
        var mean: Double
        var variance: Double
        /// (p, q) with P(X ≤ q) = p.
        var quantiles: [(Double, Double)]
        var testDescription: String { "\(distribution)" }
    }

    static let cases: [Case] = {
        let m = 4.0
        let exponential = Case(
            distribution: .exponential(mean: m), mean: m, variance: m * m,
            quantiles: [0.1, 0.5, 0.9, 0.999].map { ($0, -m * log(1 - $0)) })
        func weibull(_ k: Double, _ scale: Double) -> Case {
            let g1 = tgamma(1 + 1 / k)
            let g2 = tgamma(1 + 2 / k)
            return Case(
                distribution: .weibull(shape: k, scale: scale), mean: scale * g1,
                variance: scale * scale * (g2 - g1 * g1),
                quantiles: [0.1, 0.5, 0.9, 0.99].map { ($0, scale * pow(-log(1 - $0), 1 / k)) })
        }
        let median = 2.0
        let sigma = 0.8
        let lognormal = Case(
            distribution: .lognormal(median: median, sigma: sigma), mean: median * exp(sigma * sigma / 2),
            variance: (exp(sigma * sigma) - 1) * median * median * exp(sigma * sigma),
            quantiles: normalQuantiles.map { ($0.p, median * exp(sigma * $0.z)) })
        return [exponential, weibull(0.7, 10), weibull(2.5, 3), lognormal]
    }()

    @Test(arguments: cases)
    func samplesMatchTheAnalyticDistribution(_ c: Case) {
        var generator = Xoshiro256StarStar(seed: 2024)
        let samples = (0..<Self.count).map { _ in c.distribution.sample(using: &generator) }
        let n = Double(Self.count)
        let mean = samples.reduce(0, +) / n
        #expect(abs(mean - c.mean) < Self.z * (c.variance / n).squareRoot(), "mean \(mean), expected \(c.mean)")
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        // Loose on purpose for heavy tails: the variance of a sample variance needs the fourth moment.
        #expect(abs(variance / c.variance - 1) < 0.05, "variance \(variance), expected \(c.variance)")
        for (p, q) in c.quantiles {
            let below = Double(samples.filter { $0 <= q }.count) / n
            #expect(abs(below - p) < Self.z * (p * (1 - p) / n).squareRoot(), "P(X ≤ \(q)) = \(below), expected \(p)")
        }
        #expect(samples.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test func fixedIsAlwaysItsValue() {
        var generator = Xoshiro256StarStar(seed: 1)
        #expect((0..<100).allSatisfy { _ in Distribution.fixed(0.25).sample(using: &generator) == 0.25 })
    }

    @Test func standardNormalHasMeanZeroVarianceOneAndNormalQuantiles() {
        var generator = Xoshiro256StarStar(seed: 77)
        let samples = (0..<Self.count).map { _ in generator.nextStandardNormal() }
        let n = Double(Self.count)
        let mean = samples.reduce(0, +) / n
        #expect(abs(mean) < Self.z / n.squareRoot())
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        #expect(abs(variance - 1) < Self.z * (2 / n).squareRoot())
        for (p, q) in Self.normalQuantiles {
            let below = Double(samples.filter { $0 <= q }.count) / n
            #expect(abs(below - p) < Self.z * (p * (1 - p) / n).squareRoot())
        }
    }

    /// The ziggurat's tails (beyond its last layer) are drawn by a separate path.
    @Test func zigguratTailsHaveTheRightWeight() {
        var generator = Xoshiro256StarStar(seed: 5)
        let n = 2_000_000
        var exponentialTail = 0
        var normalTail = 0
        var farExponential = 0
        for _ in 0..<n {
            let e = generator.nextStandardExponential()
            if e > 7.697_117_470_131_05 { exponentialTail += 1 }
            if e > 10 { farExponential += 1 }
            if abs(generator.nextStandardNormal()) > 3.654_152_885_361_01 { normalTail += 1 }
        }
        func check(_ observed: Int, probability p: Double) {
            let expected = Double(n) * p
            #expect(abs(Double(observed) - expected) < 4 * expected.squareRoot(), "\(observed) vs \(expected)")
        }
        check(exponentialTail, probability: exp(-7.697_117_470_131_05))
        check(farExponential, probability: exp(-10.0))
        check(normalTail, probability: erfc(3.654_152_885_361_01 / 2.0.squareRoot()))
    }
}
