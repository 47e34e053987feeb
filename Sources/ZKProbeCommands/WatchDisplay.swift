import ToolkitSupport
import ZKProbe

/// What `zkprobe watch` prints while it runs: each change line with its time and, on a terminal, one status line
/// kept at the bottom and redrawn in place after every round.
struct WatchDisplay {
    /// Standard output is a terminal: draw the status line.
    var terminal: Bool
    /// Writes to standard output at once (one call per line or redraw: nothing waits in a buffer).
    var write: (String) -> Void
    /// A status line is on the screen, to be erased before the next line.
    private var statusShown = false

    /// Return to the line's start and erase it.
    static let eraseLine = "\r\u{1B}[K"

    init(terminal: Bool, write: @escaping (String) -> Void) {
        self.terminal = terminal
        self.write = write
    }

    /// One line per change (`02:03:04.250 verdict OK -> CRITICAL`), above the status line; text from servers is
    /// escaped (``oneLine(_:limit:)``).
    mutating func changes(_ lines: [String], at time: Double) {
        guard !lines.isEmpty else { return }
        let stamp = WatchTime.clock(time)
        write(erase() + lines.map { "\(stamp) \(oneLine($0, limit: .max))\n" }.joined())
    }

    /// The status line (terminal only): `02:03:04 round 41 OK leader 127.0.0.1:2181 voters 3/3 tolerance 1
    /// writable yes  (episodes: 2)`.
    mutating func status(_ state: RoundState, round: Int, at time: Double, episodes: Int) {
        guard terminal else { return }
        var parts = [String(WatchTime.clock(time).prefix(8)), "round \(round)", state.verdict.nagiosWord]
        parts.append("leader \(state.leader ?? "none")")
        parts.append("voters \(state.votersServing)/\(state.votersConfigured)")
        parts.append("tolerance \(state.failureTolerance.map(String.init) ?? "unknown")")
        if let writable = state.writable { parts.append("writable \(writable ? "yes" : "no")") }
        write(Self.eraseLine + oneLine(parts.joined(separator: " ") + "  (episodes: \(episodes))", limit: .max))
        statusShown = true
    }

    /// Erases the status line, so that what follows (the summary, a warning) starts on a clean line; the next
    /// round draws it again.
    mutating func finish() {
        let text = erase()
        if !text.isEmpty { write(text) }
    }

    private mutating func erase() -> String {
        defer { statusShown = false }
        return statusShown ? Self.eraseLine : ""
    }
}
