import Foundation

/// Locale-independent number formatting shared by the report formats.
enum NumberText {
    /// `value` with `decimals` digits after the point.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(max(0, min(decimals, 15)))f", value)
    }

    /// Decimals that show two significant digits of `halfWidth`.
    static func decimals(forHalfWidth halfWidth: Double, fallback: Int) -> Int {
        guard halfWidth > 0, halfWidth.isFinite else { return fallback }
        return max(0, 1 - Int(log10(halfWidth).rounded(.down)))
    }

    /// Decimals that show `significant` digits of `value`.
    static func decimals(forValue value: Double, significant: Int) -> Int {
        guard value != 0, value.isFinite else { return 2 }
        return max(0, significant - 1 - Int(log10(abs(value)).rounded(.down)))
    }

    /// A mean with its 95 % half-width, both with the decimals the half-width calls for.
    static func estimate(_ estimate: Estimate, scale: Double = 1, suffix: String = "", significant: Int = 4) -> String {
        let mean = estimate.mean * scale
        let half = estimate.halfWidth * scale
        let fallback = decimals(forValue: mean, significant: significant)
        guard estimate.ci95 != nil else { return fixed(mean, fallback) + suffix }
        let d = decimals(forHalfWidth: half, fallback: fallback)
        return "\(fixed(mean, d))\(suffix) ± \(fixed(half, d))\(suffix)"
    }

    /// Shortest text that reads back as the same double; JSON has no NaN or infinity.
    static func json(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
