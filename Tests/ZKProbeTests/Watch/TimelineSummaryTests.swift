import Testing

@testable import ZKProbe

struct TimelineSummaryTests {
    static let settings = TimelineChartTests.settings

    @Test func aWatchWithoutEpisodesSaysSo() {
        let text = TimelineSummary.text(
            settings: Self.settings, rounds: 4, lateRounds: 0, slowestRound: nil, end: WatchWorld.t0 + 1,
            episodes: [])
        #expect(
            text == "4 rounds from 02:03:04.000 to 02:03:05.000 UTC (1.000 s), every 0.25 s; 0 late\n"
                + "no episodes: every round was OK\n")
    }

    /// An episode the watch saw neither begin nor end: its unbounded spans read `≥`, the missing ones `-`, its
    /// duration `open at the end`.
    @Test func anEpisodeCutByBothEndsOfTheWatch() throws {
        let t0 = WatchWorld.t0
        var e = Episode(
            number: 3, kind: .member, worst: .critical, began: Instant(after: nil, before: t0 + 0.012),
            resolution: 0.25)
        e.memberDown = MemberInstant(member: "127.0.0.1:2181", at: Instant(after: nil, before: t0 + 0.012))
        e.serveAgain = Span(min: 1.26, max: nil)
        let text = TimelineSummary.text(
            settings: Self.settings, rounds: 9, lateRounds: 2, slowestRound: 1.0004, end: t0 + 2.5, episodes: [e])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("; 2 late; slowest round 1.000 s"))
        let cells = lines[2].split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        #expect(
            cells == [
                "3", "member", "≤ 02:03:04.012", "open at the end", "127.0.0.1:2181", "-", "-", "-", "≥ 1.2 s", "-",
            ])
        // Columns line up under their headings.
        #expect(
            lines[1].firstRange(of: "serve again")?.lowerBound.utf16Offset(in: lines[1])
                == lines[2].firstRange(of: "≥ 1.2 s")?.lowerBound.utf16Offset(in: lines[2]))
    }
}
