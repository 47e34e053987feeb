import ToolkitSupport

/// How a watch prints times and spans in its change lines and summary.
public enum WatchTime {
    /// `seconds` since the Unix epoch as the UTC time of day with milliseconds: `02:03:04.250` (rounded down, so a
    /// time never reads later than it was).
    public static func clock(_ seconds: Double) -> String {
        let millis = Int64((seconds * 1000 + Milliseconds.slack).rounded(.down))
        let ms = ((millis % 86_400_000) + 86_400_000) % 86_400_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = ms % 1000
        return "\(two(ms / 3_600_000)):\(two(ms / 60_000 % 60)):\(two(ms / 1000 % 60))."
            + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + "\(fraction)"
    }

    /// An instant as the window the rounds resolve it to, never a point they could not see: `02:03:04.250–05.010`
    /// (the second clock shortened to what differs from the first, down to the seconds), `≤ 02:03:05.010` when it
    /// happened before the watch's first round.
    public static func window(_ instant: Instant) -> String {
        let before = clock(instant.before)
        guard let after = instant.after.map(clock) else { return "≤ \(before)" }
        // `HH:MM:SS.mmm`: drop the hours and the minutes that both clocks share.
        var shared = 0
        for cut in [3, 6] where after.prefix(cut) == before.prefix(cut) { shared = cut }
        return "\(after)–\(before.dropFirst(shared))"
    }

    /// A span as bounds, never a point the rounds could not see: `1.2–1.5 s`, `≥ 1.2 s` when unbounded above,
    /// `-` when not known; the bounds are rounded outwards to `decimals`.
    public static func span(_ span: Span?, decimals: Int) -> String {
        guard let span else { return "-" }
        let factor = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
        let low = NumberText.fixed((span.min * factor + Milliseconds.slack).rounded(.down) / factor, decimals)
        guard let max = span.max else { return "≥ \(low) s" }
        let high = NumberText.fixed((max * factor - Milliseconds.slack).rounded(.up) / factor, decimals)
        return "\(low)–\(high) s"
    }

    /// Decimals that resolve a watch at `interval` seconds: one at 100 ms and coarser, two below.
    public static func decimals(interval: Double) -> Int { interval >= 0.1 ? 1 : 2 }
}
