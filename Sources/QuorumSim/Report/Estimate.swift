/// A mean with its 95 % confidence interval.
public struct Estimate: Sendable, Equatable {
    /// The point estimate (a mean over replications, or over batches for rare-event figures), in the figure's unit.
    public var mean: Double
    /// `nil` when there are fewer than two replications to estimate the spread from.
    public var ci95: ClosedRange<Double>?

    /// An estimate as given; `ci95` `nil` when there is no interval.
    public init(mean: Double, ci95: ClosedRange<Double>?) {
        self.mean = mean
        self.ci95 = ci95
    }

    /// Half the width of the interval (0 without one).
    public var halfWidth: Double {
        guard let ci95 else { return 0 }
        return (ci95.upperBound - ci95.lowerBound) / 2
    }

    /// The mean of `samples` (one per replication) with the Student t interval on
    /// n − 1 degrees of freedom, clipped to `bounds` (e.g. 0...1 for a probability).
    public init(samples: [Double], bounds: ClosedRange<Double> = -Double.infinity...Double.infinity) {
        precondition(!samples.isEmpty, "an estimate needs at least one sample")
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        self.mean = mean
        guard samples.count >= 2 else {
            ci95 = nil
            return
        }
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = StudentT.quantile(0.975, degreesOfFreedom: n - 1) * (variance / n).squareRoot()
        ci95 = Self.clip(mean - half, mean + half, to: bounds)
    }

    /// The ratio Σ numerators / Σ denominators over replications, with the interval of
    /// the ratio estimator (delta method, Student t on n − 1 degrees of freedom).
    /// `nil` when every denominator is zero.
    public init?(ratioOf numerators: [Double], to denominators: [Double], bounds: ClosedRange<Double>) {
        precondition(numerators.count == denominators.count && !numerators.isEmpty)
        let totalDenominator = denominators.reduce(0, +)
        guard totalDenominator > 0 else { return nil }
        let ratio = numerators.reduce(0, +) / totalDenominator
        mean = ratio
        guard numerators.count >= 2 else {
            ci95 = nil
            return
        }
        let n = Double(numerators.count)
        let meanDenominator = totalDenominator / n
        var sum = 0.0
        for (x, y) in zip(numerators, denominators) {
            let d = x - ratio * y
            sum += d * d
        }
        let variance = sum / (n - 1) / (n * meanDenominator * meanDenominator)
        let half = StudentT.quantile(0.975, degreesOfFreedom: n - 1) * variance.squareRoot()
        ci95 = Self.clip(ratio - half, ratio + half, to: bounds)
    }

    static func clip(_ low: Double, _ high: Double, to bounds: ClosedRange<Double>) -> ClosedRange<Double> {
        let lo = min(max(low, bounds.lowerBound), bounds.upperBound)
        let hi = max(min(high, bounds.upperBound), lo)
        return lo...hi
    }
}
