import Testing

@testable import ToolkitSupport

/// `Duration.seconds` is the double nearest the exact value, so every report prints what was measured: 47,333,573
/// ns as `0.047333573`, never `0.047333573000000004` (issue 20).
struct DurationSecondsTests {
    /// `n / 10^places` written as a decimal: `47333573, 9` is `0.047333573`, `1500, 3` is `1.5`, `2000, 3` is `2`
    /// (as ``NumberText/compact(_:format:)`` writes a whole number).
    static func decimal(_ n: Int64, places: Int) -> String {
        var power: Int64 = 1
        for _ in 0..<places { power *= 10 }
        let sign = n < 0 ? "-" : ""
        let whole = n.magnitude / UInt64(power)
        var fraction = String(n.magnitude % UInt64(power))
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    @Test func theDecimalHelperWritesWhatItShould() {
        #expect(Self.decimal(47_333_573, places: 9) == "0.047333573")
        #expect(Self.decimal(304_078, places: 3) == "304.078")
        #expect(Self.decimal(-1500, places: 3) == "-1.5")
        #expect(Self.decimal(2000, places: 3) == "2")
    }

    /// Every whole millisecond up to 200 s, and a spread up to 30 days: the text is the decimal.
    @Test func everyWholeMillisecondReadsAsItsDecimal() {
        var wrong: [String] = []
        let spread = stride(from: Int64(200_001), through: 2_592_000_000, by: 259_199)
        for n in Array(0...Int64(200_000)) + Array(spread) + [-1, -47, -1500, -304_078] {
            let text = NumberText.compact(Duration.milliseconds(n).seconds)
            if text != Self.decimal(n, places: 3) { wrong.append("\(n) ms: \(text)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, e.g. \(wrong.prefix(5))")
    }

    /// Whole nanoseconds, as the monotonic clock measures them: a run around the value the issue saw, and a spread
    /// from 0.1 ms to 3 hours (above 0.1 ms Swift writes a double without an exponent).
    @Test func everyWholeNanosecondReadsAsItsDecimal() {
        var wrong: [String] = []
        let spread = stride(from: Int64(100_000), through: 10_800_000_000_000, by: 1_000_000_007)
        for n in Array(Int64(47_323_573)...47_343_573) + Array(spread) + [-47_333_573] {
            let text = NumberText.compact(Duration.nanoseconds(n).seconds)
            if text != Self.decimal(n, places: 9) { wrong.append("\(n) ns: \(text)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, e.g. \(wrong.prefix(5))")
    }

    /// Beyond what one division keeps exact (sub-nanosecond parts, centuries) the value stays within a
    /// double's precision of the exact one.
    @Test func valuesBeyondOneExactDivisionStayClose() {
        let attoseconds = Duration(secondsComponent: 0, attosecondsComponent: 123_456_789_123_456_789)
        #expect(abs(attoseconds.seconds - 0.123456789123456789) <= 0.123456789123456789.ulp)
        let centuries = Duration.seconds(9_000_000_000) + .nanoseconds(500_000_000)
        #expect(centuries.seconds == 9_000_000_000.5)
        #expect(Duration.zero.seconds == 0)
        #expect(Duration.seconds(-3).seconds == -3)
    }
}
