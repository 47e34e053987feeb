import Glibc

/// Elections measured on a real ensemble (`zkprobe watch` timelines, docs/zkprobe-watch.md): each one the time
/// writes were unavailable in a leader-change episode, known only within bounds, as an interval of seconds.
///
/// The measured time runs from the first sign of the fault to writes working again, so it already holds the
/// detection: an `Election` made from it (`election`) has detection 0. The duration it implies is a lognormal
/// fitted to the intervals' midpoints when there are at least `lognormalFrom` of them (median = exp(mean of the
/// logarithms), sigma = their sample standard deviation), else the empirical mixture (`Distribution.intervals`:
/// one interval picked uniformly, then a uniform time within it).
public struct MeasuredElections: Sendable, Equatable {
    /// Where the figures came from: the write probe's failed and working writes, the leader seen lost and back
    /// (a watch without a write probe), or both among the samples.
    public enum Source: String, Sendable, Equatable, CaseIterable {
        case writes, leader, mixed
    }

    /// The most samples a scenario holds (a day of drills is a few hundred).
    public static let maxSamples = 100_000
    /// From this many samples on, the duration is a fitted lognormal; below it, the empirical mixture.
    public static let lognormalFrom = 10

    /// Each measured election as `[min, max]` seconds; 0 ≤ min ≤ max, max > 0, at least one.
    public var samples: [ClosedRange<Double>]
    /// How many drills (timelines) the samples came from.
    public var drills: Int
    public var from: Source

    /// Measured elections; `samples` in seconds. They are checked by the scenario reader, not here.
    public init(samples: [ClosedRange<Double>], drills: Int, from: Source) {
        self.samples = samples
        self.drills = drills
        self.from = from
    }

    /// Whether the duration is the fitted lognormal (else the empirical mixture).
    public var isLognormal: Bool { samples.count >= Self.lognormalFrom }

    /// The election these measurements imply: detection 0 (the measured time includes it) and `distribution`.
    public var election: Election {
        Election(detection: 0, duration: distribution, measured: self)
    }

    /// The duration distribution, in hours (the model's unit).
    public var distribution: Distribution {
        guard isLognormal else {
            return .intervals(samples.map { ($0.lowerBound / 3600)...($0.upperBound / 3600) })
        }
        let logs = samples.map { log(($0.lowerBound + $0.upperBound) / 2) }
        let n = Double(logs.count)
        let mean = logs.reduce(0, +) / n
        let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return .lognormal(median: exp(mean) / 3600, sigma: variance.squareRoot())
    }

    /// The `p`-quantile (0 < p < 1) of `distribution`, in seconds.
    public func quantileSeconds(_ p: Double) -> Double {
        switch distribution {
        case .lognormal(let median, let sigma):
            return median * 3600 * exp(sigma * Self.standardNormalQuantile(p))
        default:
            return Self.mixtureQuantile(p, of: samples)
        }
    }

    /// The quantile of the equal mixture of uniforms on `intervals` (a point interval is a point mass), by
    /// bisection on its distribution function.
    static func mixtureQuantile(_ p: Double, of intervals: [ClosedRange<Double>]) -> Double {
        func cdf(_ x: Double) -> Double {
            let total = intervals.reduce(0.0) { sum, r in
                if x >= r.upperBound { return sum + 1 }
                if x < r.lowerBound { return sum }
                return sum + (x - r.lowerBound) / (r.upperBound - r.lowerBound)
            }
            return total / Double(intervals.count)
        }
        var low = intervals.map(\.lowerBound).min() ?? 0
        var high = intervals.map(\.upperBound).max() ?? 0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if cdf(middle) >= p { high = middle } else { low = middle }
        }
        return high
    }

    /// Φ⁻¹(p) by bisection on `erfc` (a report's three figures need no faster way).
    static func standardNormalQuantile(_ p: Double) -> Double {
        var low = -10.0
        var high = 10.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if 0.5 * erfc(-middle / 2.0.squareRoot()) >= p { high = middle } else { low = middle }
        }
        return (low + high) / 2
    }
}
