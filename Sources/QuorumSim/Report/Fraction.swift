/// Fractions of time as the reports print them: never below 0, never above the whole (a figure of 525,960.00015
/// min/yr, or an availability of -0.0000000%, is rounding or a first-order estimate past its range).
enum Fraction {
    /// `value` within 0 … `atMost` (1 by default), without a negative zero; NaN becomes `atMost`.
    static func clamped(_ value: Double, atMost: Double = 1) -> Double {
        let high = max(atMost, 0)
        guard !value.isNaN else { return high }
        return min(max(value, 0), high) + 0  // + 0 turns -0.0 into 0.0
    }
}
