import Foundation
import Testing

@testable import ToolkitSupport

/// `NumberText.printf` replaced Foundation's `String(format:)` in the shipped code: it must give the same bytes
/// for every format the code uses, over ordinary and awkward values.
struct NumberTextPrintfTests {
    /// Every format string the sources pass (grep `NumberText.printf(` and `format: "`), plus each `%.Nf` that
    /// `NumberText.fixed` and `LogAxis` build.
    static let formats: [String] =
        (0...15).map { "%.\($0)f" }
        + ["%.0g", "%.1g", "%.2g", "%.3g", "%.4g", "%.6g", "%.0e", "%.1e", "%.3e"]
        + ["%.7f%%", "%.3g%%\n", "%.3g days", "%.3g hours", "%.3g minutes", "%.4gh", "%.4gm"]

    static let awkward: [Double] = [
        .nan, -.nan, .infinity, -.infinity, 0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.0 / 3, 2.0 / 3,
        0.05, 0.15, 0.25, 0.35, 0.45, 9.5, 99.95, 999.5, 0.0005, 0.00015, 1e15, 1e15 + 0.5, 1e16, 1e21, 1e22,
        123_456_789.987_654_321, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude,
        .leastNonzeroMagnitude, 1e-7, 9.999_999e-5, 99.999_999_5, 0.999_999_95, 4380, 17532, 99.999_9,
    ]

    /// Deterministic spread over many magnitudes: mantissas from a fixed LCG, exponents from -30 to 30.
    static var spread: [Double] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<2000).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mantissa = Double(state >> 11) / Double(1 << 53)
            let value = mantissa * pow(10, Double(i % 61 - 30))
            return i % 2 == 0 ? value : -value
        }
    }

    @Test(arguments: formats)
    func matchesFoundationsStringFormat(_ format: String) {
        for value in Self.awkward + Self.spread {
            #expect(NumberText.printf(format, value) == String(format: format, value), "\(format) of \(value)")
        }
    }

    @Test func growsItsBufferForLongText() {
        let text = NumberText.printf("%.15f", .greatestFiniteMagnitude)
        #expect(text.count > 300)
        #expect(text == String(format: "%.15f", Double.greatestFiniteMagnitude))
    }

    @Test func fixedAndCompactKeepTheirText() {
        #expect(NumberText.fixed(2.675, 2) == String(format: "%.2f", 2.675))
        #expect(NumberText.fixed(1e300, 99) == String(format: "%.15f", 1e300))
        #expect(NumberText.compact(0.125, format: "%.1f") == String(format: "%.1f", 0.125))
    }
}
