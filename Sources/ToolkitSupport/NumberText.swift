import Glibc

/// Locale-independent number text shared by every report format of both tools.
package enum NumberText {
    /// `value` as an integer when it is whole and small enough to be exact (`3`, not `3.0`), otherwise the
    /// shortest text that reads back as the same double, or `format` (a `printf` format such as `%.3f`) when
    /// one is given. Non-finite values print as Swift prints them (`nan`, `inf`); formats that cannot carry
    /// them (JSON, Prometheus, Nagios) check for them first.
    package static func compact(_ value: Double, format: String? = nil) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        guard let format else { return "\(value)" }
        return printf(format, value)
    }

    /// A JSON number: ``compact(_:format:)``, and `null` for NaN and infinities, which JSON cannot carry.
    package static func json(_ value: Double) -> String {
        value.isFinite ? compact(value) : "null"
    }

    /// `value` with `decimals` digits after the point (0 to 15).
    package static func fixed(_ value: Double, _ decimals: Int) -> String {
        printf("%.\(max(0, min(decimals, 15)))f", value)
    }

    /// Decimals that show two significant digits of `halfWidth`.
    package static func decimals(forHalfWidth halfWidth: Double, fallback: Int) -> Int {
        guard halfWidth > 0, halfWidth.isFinite else { return fallback }
        return max(0, 1 - Int(log10(halfWidth).rounded(.down)))
    }

    /// Decimals that show `significant` digits of `value`.
    package static func decimals(forValue value: Double, significant: Int) -> Int {
        guard value != 0, value.isFinite else { return 2 }
        return max(0, significant - 1 - Int(log10(abs(value)).rounded(.down)))
    }
}

extension Duration {
    /// The duration in seconds: the double nearest the exact value, so that its shortest text is the decimal
    /// measured (47,333,573 ns is `0.047333573`, not `0.047333573000000004`).
    ///
    /// The value is `seconds + attoseconds / 10^18`. With the fraction's trailing decimal zeros taken off it is
    /// one whole number over a power of ten; while that number fits in a double's 53 bits (whole nanoseconds for
    /// 104 days) one division rounds once, to the nearest double. Multiplying by `1e-18`, which a double only
    /// approximates, rounds twice and shows the error in the last digits.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        guard attoseconds != 0 else { return Double(seconds) }
        var numerator = attoseconds
        var denominator: Int64 = 1_000_000_000_000_000_000
        while numerator % 10 == 0 {
            numerator /= 10
            denominator /= 10
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: denominator)
        let (whole, carry) = scaled.addingReportingOverflow(numerator)
        if !overflow, !carry, whole.magnitude <= 1 << 53 { return Double(whole) / Double(denominator) }
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `seconds` as a duration, rounded to the nanosecond; `nil` when it is not finite or does not fit in
    /// 64-bit nanoseconds (about 292 years).
    package init?(checkedSeconds seconds: Double) {
        let nanoseconds = (seconds * 1e9).rounded()
        guard nanoseconds.isFinite, let whole = Int64(exactly: nanoseconds) else { return nil }
        self = .nanoseconds(whole)
    }
}
