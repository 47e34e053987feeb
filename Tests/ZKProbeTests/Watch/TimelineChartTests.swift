import TestSupport
import Testing

@testable import ZKProbe

struct TimelineChartTests {
    static let settings = WatchSettings(
        interval: .milliseconds(250), duration: .seconds(86_400), timeout: .seconds(1),
        members: WatchWorld.members, clientProbe: nil, ensemble: nil, version: "1.9.0", started: WatchWorld.t0)

    /// A day at 250 ms (345,600 rounds) with a member changing every 37 to 63 rounds: the lanes hold the changes,
    /// not the rounds, and never more than the cap; a chart with a lower cap merges down to it, and its SVG
    /// draws one rectangle per kept segment.
    @Test func aDayOfRoundsStaysWithinTheSegmentCap() {
        var chart = TimelineChart(settings: Self.settings)
        var capped = TimelineChart(settings: Self.settings, segmentLimit: 1_000)
        var world = WatchWorld()
        var rng = SeededRandom(seed: 19)
        var changes = 0
        var next = 50
        for k in 0..<345_600 {
            if k == next {
                world.initial[2] = world.initial[2] == .follower ? .down : .follower
                changes += 1
                next += 37 + rng.below(27)
            }
            let start = WatchWorld.t0 + Double(k) * 0.25
            let state = world.state(lanesAt: start, probeAt: start)
            chart.add(state, start: start, end: start + 0.01)
            capped.add(state, start: start, end: start + 0.01)
        }
        #expect(changes > 5_000)
        #expect(chart.largestLane == changes + 1, "one segment per change while under the cap")
        #expect(chart.largestLane <= chart.segmentLimit)
        #expect(capped.largestLane <= 1_000)
        #expect(capped.largestLane >= 500, "merged only as far as needed")
        let rectangles = capped.svg(end: WatchWorld.t0 + 86_400).components(separatedBy: "<rect").count - 1
        let legend = Severity.allCases.count + RoundState.Lane.allCases.count + 1  // the background too
        #expect(rectangles <= 4 * 1_000 + legend)
    }

    /// A lane that changes every round for a day is merged down to the cap, and its segments still cover the
    /// watch in order.
    @Test func aFlappingLaneIsMergedToTheCap() {
        var run = SegmentRun(limit: 20_000)
        for k in 0..<345_600 {
            let start = Double(k) * 0.25
            run.add(k % 2 == 0 ? "down" : "follower", start: start, end: start + 0.01 * Double(1 + k % 7))
        }
        #expect(run.segments.count <= 20_000)
        #expect(run.segments.count >= 20_000 / 2, "merged only as far as needed")
        #expect(run.segments.first?.start == 0)
        #expect(run.segments.last?.end == 345_599 * 0.25 + 0.01 * Double(1 + 345_599 % 7))
        #expect(zip(run.segments, run.segments.dropFirst()).allSatisfy { $0.end <= $1.start && $0.value != $1.value })
    }

    @Test func theSameValueLengthensTheLastSegment() {
        var run = SegmentRun(limit: 4)
        run.add("ok", start: 0, end: 1)
        run.add("ok", start: 1, end: 2)
        run.add("critical", start: 2, end: 3)
        #expect(run.segments == [.init(start: 0, end: 2, value: "ok"), .init(start: 2, end: 3, value: "critical")])
    }

    @Test func textFromOutsideIsEscaped() {
        var settings = Self.settings
        settings.ensemble = "<orders & \"co\">"
        settings.members = ["a<b>:1"]
        var chart = TimelineChart(settings: settings)
        let state = RoundState(
            verdict: .ok, leader: nil, quorum: true, votersConfigured: 1, votersServing: 1, majority: 1,
            failureTolerance: 0, writable: nil, members: [.init(address: "a<b>:1", lane: .standalone, voter: true)])
        chart.add(state, start: WatchWorld.t0, end: WatchWorld.t0 + 1)
        let svg = chart.svg(end: WatchWorld.t0 + 2)
        #expect(svg.contains("&lt;orders &amp; &quot;co&quot;&gt;"))
        #expect(svg.contains("a&lt;b&gt;:1"))
        #expect(!svg.contains("<orders") && !svg.contains("a<b>"))
    }
}
