import Testing

@testable import ZKProbe

/// The Monitoring Plugins range grammar, case by case, and the flags' plain-number meaning.
struct ThresholdRangeTests {
    /// (text, values that alert, values that do not), from the guidelines' table.
    static let table: [(String, [Double], [Double])] = [
        ("10", [-1, 10.5, 11], [0, 5, 10]),
        ("10:", [9.99, -5], [10, 11, 1e9]),
        ("~:10", [10.01, 1e9], [-1e9, 0, 10]),
        ("10:20", [9, 21], [10, 15, 20]),
        ("@10:20", [10, 15, 20], [9, 21]),
        ("@10:", [10, 1e12], [9.9]),
        ("-5:5", [-6, 6], [-5, 0, 5]),
        ("0.5:1.5", [0.4, 1.6], [0.5, 1.5]),
    ]

    @Test(arguments: table)
    func guidelinesRangesAlertAsTheTableSays(_ text: String, _ alerting: [Double], _ quiet: [Double]) throws {
        let range = try #require(ThresholdRange(guidelines: text))
        for v in alerting { #expect(range.alerts(v), "\(text) should alert on \(v)") }
        for v in quiet { #expect(!range.alerts(v), "\(text) should not alert on \(v)") }
        #expect(!range.alerts(.nan))
        // The description reads back as the same range.
        #expect(ThresholdRange(guidelines: range.description) == range, "\(range)")
    }

    @Test(arguments: ["", "@", ":", "~:", "~", "20:10", "@20:10", "1:2:3", "abc", "nan", "inf", "-inf:", "10::",
                      "@@1", "1e", "0x10", " 10", "10 ", "~:~"])
    func malformedRangesAreRefused(_ text: String) {
        #expect(ThresholdRange(guidelines: text) == nil, "\(text)")
        #expect(ThresholdRange(flag: text) == nil, "\(text)")
    }

    @Test func aPlainNumberOnAFlagMeansAtOrAbove() throws {
        let range = try #require(ThresholdRange(flag: "100"))
        #expect(range == .atLeast(100))
        #expect(range.description == "@100:")
        #expect(range.alerts(100) && range.alerts(101) && !range.alerts(99.9))
        #expect(range.explanation == "at or above 100")
        // Anything else on a flag is the guidelines' syntax as written.
        #expect(ThresholdRange(flag: "10") == .atLeast(10))
        #expect(ThresholdRange(flag: "0:10") == ThresholdRange(guidelines: "10"))
        #expect(ThresholdRange(flag: "~:10")?.alerts(11) == true)
        let literal: ThresholdRange = 5
        #expect(literal == .atLeast(5))
    }

    /// (warning, critical, whether the warning covers the critical).
    static let coverage: [(String, String, Bool)] = [
        ("@1000:", "@100000:", true), ("@2000:", "@1000:", false), ("@1000:", "@1000:", true),
        ("~:10", "~:20", true), ("~:20", "~:10", false), ("10:", "5:", true), ("5:", "10:", false),
        ("10:20", "5:30", true), ("5:30", "10:20", false), ("~:10", "@20:", true), ("~:30", "@20:", false),
        ("@~:10", "10:", true), ("@~:9", "10:", false), ("@15:", "~:10", false), ("@5:", "~:10", true),
    ]

    @Test(arguments: coverage)
    func aWarningMustAlertWheneverItsCriticalDoes(_ warning: String, _ critical: String, _ covers: Bool) throws {
        let w = try #require(ThresholdRange(flag: warning))
        let c = try #require(ThresholdRange(flag: critical))
        #expect(w.alertsWheneverAlerts(c) == covers, "\(warning) / \(critical)")
    }

    @Test func thresholdsJudgeCriticalBeforeWarning() {
        let judged = CheckThresholds.judge(150, warning: 100, critical: 120)
        #expect(judged?.severity == .critical)
        #expect(CheckThresholds.judge(110, warning: 100, critical: 120)?.severity == .warning)
        #expect(CheckThresholds.judge(90, warning: 100, critical: 120) == nil)
        #expect(CheckThresholds.judge(90, warning: nil, critical: nil) == nil)
    }
}
