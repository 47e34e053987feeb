/// Count, mean and sum of squared deviations of per-cycle values (Welford's update), mergeable
/// with Chan's formula.
///
/// Merging in a fixed order gives the same bits whatever thread produced each part, which is
/// what makes the estimate independent of the thread count.
struct CycleTally: Sendable, Equatable {
    private(set) var count = 0
    private(set) var mean = 0.0
    /// Σ (x − mean)².
    private(set) var squares = 0.0

    @inline(__always)
    mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        squares += delta * (x - mean)
    }

    mutating func merge(_ other: CycleTally) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        mean += delta * Double(other.count) / n
        squares += other.squares + delta * delta * Double(count) * Double(other.count) / n
        count += other.count
    }

    /// Sample variance of one value (0 with fewer than two).
    var variance: Double { count > 1 ? squares / Double(count - 1) : 0 }

    /// Variance of the mean, divided by the squared mean: the squared relative standard error.
    /// Infinite when the mean is 0.
    var relativeVarianceOfMean: Double {
        guard mean != 0 else { return .infinity }
        return variance / Double(count) / (mean * mean)
    }
}
