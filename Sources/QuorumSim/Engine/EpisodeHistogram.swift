import Glibc

/// Counts of episode lengths in logarithmic bins, for pooled quantiles such as the p99.
///
/// Bin edges grow by 0.2 % from 1 ms to 100 000 years, so a quantile read from the bins
/// is within 0.1 % of the exact one (shorter or longer lengths land in the end bins).
/// Histograms of replications add up exactly, so pooling does not depend on threads.
public struct EpisodeHistogram: Sendable, Equatable {
    /// Lower edge of the first bin, in hours (1 ms).
    static let lowest: Double = 1.0 / 3_600_000
    /// Upper edge of the last bin, in hours (10^5 years).
    static let highest: Double = 1e5 * hoursPerYear
    static let growth: Double = 1.002
    static let logGrowth: Double = log(growth)
    static let binCount: Int = Int((log(highest / lowest) / logGrowth).rounded(.up)) + 1

    /// Empty until the first episode, to keep replications without episodes small.
    public private(set) var counts: [UInt64] = []
    /// Episodes recorded, over every bin.
    public private(set) var total: Int = 0

    public init() {}

    /// Adds one episode of `hours`.
    public mutating func record(_ hours: Double) {
        if counts.isEmpty { counts = [UInt64](repeating: 0, count: Self.binCount) }
        counts[Self.bin(of: hours)] += 1
        total += 1
    }

    /// Adds every episode counted in `other`.
    public mutating func merge(_ other: EpisodeHistogram) {
        guard other.total > 0 else { return }
        if counts.isEmpty { counts = [UInt64](repeating: 0, count: Self.binCount) }
        for i in counts.indices { counts[i] += other.counts[i] }
        total += other.total
    }

    /// The `p` quantile (0 < p ≤ 1) by nearest rank, in hours; `nil` when empty.
    public func quantile(_ p: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, Int((p * Double(total)).rounded(.up)))
        var seen = 0
        for (i, count) in counts.enumerated() {
            seen += Int(count)
            if seen >= rank { return Self.representative(ofBin: i) }
        }
        return Self.representative(ofBin: counts.count - 1)
    }

    static func bin(of hours: Double) -> Int {
        guard hours > lowest else { return 0 }
        let index = Int(log(hours / lowest) / logGrowth) + 1
        return min(index, binCount - 1)
    }

    /// The geometric middle of bin `i` (bin 0 holds everything up to `lowest`).
    static func representative(ofBin i: Int) -> Double {
        if i == 0 { return lowest }
        return lowest * exp((Double(i) - 0.5) * logGrowth)
    }
}
