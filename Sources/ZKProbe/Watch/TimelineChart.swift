import ToolkitSupport

/// The chart of `zkprobe watch --svg` (docs/zkprobe-watch.md, "Summary and chart"): the verdict as a band, whether
/// writes worked (with a client probe), one lane per member, and the episodes bracketed with their election
/// times, over the time since the watch started. Built as the rounds come, holding run-length segments rather than
/// rounds (at most `segmentLimit` per lane), so a day's watch costs little memory.
public struct TimelineChart: Sendable {
    public var settings: WatchSettings
    /// The most segments a lane keeps; beyond it the shortest neighbours are merged.
    public let segmentLimit: Int
    /// The most episodes bracketed; later ones are counted in the title.
    public let episodeLimit: Int

    var verdict: SegmentRun
    var writable: SegmentRun?
    /// One lane per member: the members the watch was given first, then any other the rounds name.
    var members: [(address: String, run: SegmentRun)]
    var marks: [Mark] = []
    var unmarked = 0

    /// An episode's bracket.
    struct Mark: Sendable {
        var from: Double
        var to: Double?
        var label: String
    }

    /// An empty chart of a watch with `settings`.
    public init(settings: WatchSettings, segmentLimit: Int = 20_000, episodeLimit: Int = 1_000) {
        self.settings = settings
        self.segmentLimit = segmentLimit
        self.episodeLimit = episodeLimit
        verdict = SegmentRun(limit: segmentLimit)
        writable = settings.clientProbe == nil ? nil : SegmentRun(limit: segmentLimit)
        members = settings.members.map { ($0, SegmentRun(limit: segmentLimit)) }
    }

    /// A round from `start` to `end` (seconds since the Unix epoch) that showed `state`.
    public mutating func add(_ state: RoundState, start: Double, end: Double) {
        verdict.add(state.verdict.word, start: start, end: end)
        if let w = state.writable { writable?.add(w ? "yes" : "no", start: start, end: end) }
        for member in state.members {
            if let i = members.firstIndex(where: { $0.address == member.address }) {
                members[i].run.add(member.lane.rawValue, start: start, end: end)
            } else {
                var run = SegmentRun(limit: segmentLimit)
                run.add(member.lane.rawValue, start: start, end: end)
                members.append((member.address, run))
            }
        }
    }

    /// An episode to bracket over all the time it may have lasted: from the start of the last OK round before it
    /// (or the watch's start) to the end of the first OK round after it (or the chart's end), marked with its
    /// election's bounds when known.
    public mutating func add(_ episode: Episode) {
        guard marks.count < episodeLimit else {
            unmarked += 1
            return
        }
        let decimals = WatchTime.decimals(interval: settings.interval.seconds)
        let what =
            episode.election.map { "election " + WatchTime.span($0, decimals: decimals) } ?? episode.kind.rawValue
        marks.append(Mark(from: episode.began.after ?? settings.started, to: episode.ended?.before, label: "#\(episode.number) \(what)"))
    }

    /// The most segments any lane holds now.
    package var largestLane: Int {
        ([verdict.segments.count, writable?.segments.count ?? 0] + members.map(\.run.segments.count)).max() ?? 0
    }

    /// The whole SVG document of a watch that ended at `end`.
    public func svg(end: Double) -> String {
        let lanes: [(String, SegmentRun)] =
            [("verdict", verdict)] + (writable.map { [("writable", $0)] } ?? []) + members.map { ($0.address, $0.run) }
        let layout = TimelineChartLayout(start: settings.started, end: end, lanes: lanes.count)
        var s = layout.header(title: title, subtitle: subtitle(end: end))
        s += episodeMarks(layout)
        for (n, (name, run)) in lanes.enumerated() { s += layout.lane(n, name: name, segments: run.segments) }
        s += layout.axis()
        s += layout.legend(Self.legend(probe: writable != nil))
        s += "</svg>\n"
        return s
    }

    var title: String {
        let unmarkedText = unmarked > 0 ? " (\(unmarked) more episodes not marked)" : ""
        return "zkprobe watch" + (settings.ensemble.map { " of \($0)" } ?? "") + unmarkedText
    }

    func subtitle(end: Double) -> String {
        "from \(WatchTime.clock(settings.started)) to \(WatchTime.clock(end)) UTC, a round every "
            + "\(NumberText.compact(settings.interval.seconds)) s"
            + (settings.clientProbe.map { ", \($0.word) probe" } ?? "")
    }

    func episodeMarks(_ layout: TimelineChartLayout) -> String {
        marks.map { layout.bracket(from: $0.from, to: $0.to ?? layout.end, label: $0.label) }.joined()
    }

    /// Colours of the verdict band, the writable band and the member lanes.
    static let colours: [String: String] = [
        "ok": "#2ca02c", "warning": "#f0a30a", "critical": "#d62728", "unknown": "#9e9e9e",
        "yes": "#2ca02c", "no": "#d62728",
        "leader": "#1f4e9c", "follower": "#6fa8dc", "observer": "#b4a7d6", "standalone": "#76a5af",
        "not-serving": "#f6b26b", "down": "#990000",
    ]

    /// The legend's rows: a title and its (value, label) entries.
    static func legend(probe: Bool) -> [(String, [String])] {
        [("verdict", Severity.allCases.map(\.word))] + (probe ? [("writable", ["yes", "no"])] : [])
            + [("members", RoundState.Lane.allCases.map(\.rawValue))]
    }
}
