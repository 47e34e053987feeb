import Testing

@testable import ZKProbe

struct WatchTimeTests {
    @Test func clockIsUTCTimeOfDayWithMilliseconds() {
        // 2026-12-07 02:03:04.25 UTC is 1796608984.25 seconds after the epoch.
        #expect(WatchTime.clock(1_796_608_984.25) == "02:03:04.250")
        #expect(WatchTime.clock(1_796_608_984.2509) == "02:03:04.250", "never later than it was")
        #expect(WatchTime.clock(0) == "00:00:00.000")
        #expect(WatchTime.clock(86_399.999) == "23:59:59.999")
    }

    @Test func spansAreBoundsRoundedOutwards() {
        #expect(WatchTime.span(Span(min: 1.23, max: 1.47), decimals: 1) == "1.2–1.5 s")
        #expect(WatchTime.span(Span(min: 1.2, max: 1.2), decimals: 1) == "1.2–1.2 s")
        #expect(WatchTime.span(Span(min: 1.29, max: nil), decimals: 1) == "≥ 1.2 s")
        #expect(WatchTime.span(Span(min: 0.013, max: 0.261), decimals: 2) == "0.01–0.27 s")
        #expect(WatchTime.span(nil, decimals: 1) == "-")
    }

    @Test func anInstantIsTheWindowTheRoundsResolveNotAPoint() {
        let t = 1_796_608_984.25  // 02:03:04.250
        #expect(WatchTime.window(Instant(after: t, before: t + 0.762)) == "02:03:04.250–05.012")
        #expect(WatchTime.window(Instant(after: t + 50, before: t + 70.5)) == "02:03:54.250–04:14.750")
        #expect(WatchTime.window(Instant(after: t - 7384.25, before: t + 0.5)) == "00:00:00.000–02:03:04.750")
        #expect(WatchTime.window(Instant(after: nil, before: t)) == "≤ 02:03:04.250")
    }
}
