import Glibc
import ToolkitSupport

extension NumberText {
    /// A mean with its 95 % interval, both with the decimals the half-width calls for: `mean ± half` when the
    /// interval is symmetric, `mean [low, high]` when it was clipped at a bound (0, or 100 %), where `±` would
    /// claim values the interval excludes, and `0 (none seen)` when every replication saw 0.
    static func estimate(_ estimate: Estimate, scale: Double = 1, suffix: String = "", significant: Int = 4) -> String {
        let mean = estimate.mean * scale
        let half = estimate.halfWidth * scale
        let fallback = decimals(forValue: mean, significant: significant)
        guard let ci95 = estimate.ci95 else { return fixed(mean, fallback) + suffix }
        // Every replication saw 0: not a certainty, just nothing seen.
        if ci95.lowerBound == 0, ci95.upperBound == 0, mean == 0 { return "0 (none seen)" }
        let d = decimals(forHalfWidth: half, fallback: fallback)
        if estimate.isClipped {
            let low = fixed(ci95.lowerBound * scale, d)
            let high = fixed(ci95.upperBound * scale, d)
            return "\(fixed(mean, d))\(suffix) [\(low)\(suffix), \(high)\(suffix)]"
        }
        return "\(fixed(mean, d))\(suffix) ± \(fixed(half, d))\(suffix)"
    }

    /// A small fraction in scientific notation with two significant digits: `3.5e-11`.
    static func scientific(_ value: Double) -> String {
        NumberText.printf("%.2g", value)
    }

    /// −log10 of an unavailability with one decimal: 3.48e-11 is `10.5 nines`.
    static func nines(unavailability: Double) -> String {
        "\(fixed(-log10(unavailability), 1)) nines"
    }
}

extension Estimate {
    /// Whether the interval is not centred on the mean, because a bound (0, or 1 for a fraction) cut it.
    var isClipped: Bool {
        guard let ci95 else { return false }
        let below = mean - ci95.lowerBound
        let above = ci95.upperBound - mean
        return abs(below - above) > 1e-9 * max(abs(below) + abs(above), .leastNormalMagnitude)
    }
}
