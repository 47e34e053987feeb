import ToolkitSupport

/// The text `zkprobe watch` prints at its end (docs/zkprobe-watch.md, "Summary and chart"): one line about the
/// rounds, then one row per episode with its bounds.
public enum TimelineSummary {
    /// The columns of the episode table, in order.
    static let columns = [
        "#", "kind", "began", "duration", "member down", "leader lost -> new leader", "detect", "election",
        "serve again", "unavailable",
    ]

    /// The summary of a watch of `rounds` rounds that ended at `end` (seconds since the Unix epoch), of which
    /// `lateRounds` started after their scheduled time and the slowest took `slowestRound` seconds.
    public static func text(
        settings: WatchSettings, rounds: Int, lateRounds: Int, slowestRound: Double?, end: Double, episodes: [Episode]
    ) -> String {
        let interval = settings.interval.seconds
        let decimals = WatchTime.decimals(interval: interval)
        var head = "\(rounds) round\(rounds == 1 ? "" : "s") from \(WatchTime.clock(settings.started)) to "
        head += "\(WatchTime.clock(end)) UTC (\(NumberText.fixed(max(0, end - settings.started), 3)) s), every "
        head += "\(NumberText.compact(interval)) s; \(lateRounds) late"
        if let slowestRound { head += "; slowest round \(NumberText.fixed(slowestRound, 3)) s" }
        guard !episodes.isEmpty else { return head + "\nno episodes: every round was OK\n" }
        let rows = [columns] + episodes.map { row($0, decimals: decimals) }
        let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let table = rows.map { cells in
            zip(cells.dropLast(), widths).map { $0 + String(repeating: " ", count: $1 - $0.count) + "  " }.joined()
                + cells[cells.count - 1]
        }
        return ([head] + table).joined(separator: "\n") + "\n"
    }

    /// One episode's cells.
    static func row(_ e: Episode, decimals: Int) -> [String] {
        let leaders = e.leaderLost.map { "\($0.member) -> \(e.newLeader?.member ?? "none")" } ?? "-"
        return [
            String(e.number), e.kind.rawValue, WatchTime.window(e.began),
            e.ended.map { WatchTime.span(Span(from: e.began, to: $0), decimals: decimals) } ?? "open at the end",
            e.memberDown?.member ?? "-", leaders, WatchTime.span(e.detect, decimals: decimals),
            WatchTime.span(e.election, decimals: decimals), WatchTime.span(e.serveAgain, decimals: decimals),
            WatchTime.span(e.unavailable, decimals: decimals),
        ]
    }
}
