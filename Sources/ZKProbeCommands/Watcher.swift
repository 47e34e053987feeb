import CommandLineSupport
import ToolkitSupport
import ZKProbe

/// Where a watch streams its timeline: a ``StreamingAtomicFile`` (tests give one that fails).
protocol TimelineSink: AnyObject {
    func append(_ text: String) throws(FileWriteError)
    func commit(last: String) throws(FileWriteError)
    func abandon()
}

extension StreamingAtomicFile: TimelineSink {}

/// The loop of `zkprobe watch`: rounds of one check each, their change lines, episodes, chart and timeline lines.
///
/// Round 0 starts at `started`; round k at the later of round k−1's start + `interval` and round k−1's end (rounds
/// never overlap; one that starts after its scheduled time, because the round before overran the interval, is
/// late). The schedule follows the rounds rather than a fixed grid: after a round that waited out its deadline on a
/// hung member, the next starts at once and those after it every `interval` again, never back to back to catch up.
/// The loop ends at the end of `duration` (no round starts at or after it), or when a stop is asked (between
/// rounds, or while it sleeps). It holds the previous round's state,
/// the open episode, the ended episodes and the chart's segments, never the rounds: memory stays flat.
struct Watcher {
    /// How the watch went, for the summary and the exit status.
    struct Outcome {
        var rounds = 0
        var lateRounds = 0
        /// `nil` before the first round.
        var slowestRound: Double?
        var end = 0.0
        /// `duration` or `signal`.
        var stoppedBy = "duration"
        var episodes: [Episode] = []
        /// The first error writing the timeline; the timeline is then abandoned.
        var timelineError: FileWriteError?
    }

    var settings: WatchSettings
    /// Now, in seconds since the Unix epoch.
    var now: () -> Double
    /// Sleeps for so many seconds; `false` when a stop was asked before or during the sleep.
    var sleep: (Double) -> Bool
    /// Whether a stop was asked.
    var stopRequested: () -> Bool
    /// One round's check.
    var check: () -> CheckReport
    var display: WatchDisplay
    var timeline: (any TimelineSink)?
    var chart: TimelineChart?
    /// Says on standard error, once, that the timeline could not be written.
    var warn: (String) -> Void

    /// Watches until the duration ends or a stop is asked, then writes the timeline's last line and commits it.
    mutating func run() -> Outcome {
        var outcome = Outcome()
        var tracker = EpisodeTracker(resolution: settings.interval.seconds)
        var previous: RoundState?
        var previousEnd = settings.started
        var scheduled = settings.started
        let interval = settings.interval.seconds
        let last = settings.duration.map { settings.started + $0.seconds }
        append(TimelineFormat.header(settings) + "\n", &outcome)
        while true {
            if let last, max(scheduled, previousEnd) >= last {
                // The watch ends when its duration does, not after its last round.
                if !sleep(last - now()) { outcome.stoppedBy = "signal" }
                break
            }
            guard !stopRequested(), sleep(scheduled - now()) else {
                outcome.stoppedBy = "signal"
                break
            }
            let start = now()
            let report = check()
            let end = now()
            let state = RoundState(report)
            let late = previousEnd > scheduled
            display.changes(state.changes(from: previous), at: start)
            if let ended = tracker.add(state, start: start, end: end) { record(ended, &outcome) }
            chart?.add(state, start: start, end: end)
            append(
                TimelineFormat.round(
                    index: outcome.rounds, start: start, seconds: end - start, late: late, report: report)
                    + "\n", &outcome)
            outcome.rounds += 1
            if late { outcome.lateRounds += 1 }
            outcome.slowestRound = max(outcome.slowestRound ?? 0, end - start)
            display.status(
                state, round: outcome.rounds - 1, at: start,
                episodes: outcome.episodes.count + (tracker.open == nil ? 0 : 1))
            previous = state
            previousEnd = end
            scheduled = start + interval
        }
        if let open = tracker.finish() { record(open, &outcome) }
        outcome.end = now()
        display.finish()
        commit(&outcome)
        return outcome
    }

    private mutating func record(_ episode: Episode, _ outcome: inout Outcome) {
        outcome.episodes.append(episode)
        chart?.add(episode)
    }

    /// Appends `line` to the timeline; the first failure is said once, and the timeline abandoned.
    private mutating func append(_ line: String, _ outcome: inout Outcome) {
        guard let sink = timeline else { return }
        do { try sink.append(line) } catch { fail(error, &outcome) }
    }

    private mutating func commit(_ outcome: inout Outcome) {
        guard let sink = timeline else { return }
        let last = TimelineFormat.end(
            end: outcome.end, rounds: outcome.rounds, stoppedBy: outcome.stoppedBy, episodes: outcome.episodes)
        do { try sink.commit(last: last + "\n") } catch { fail(error, &outcome) }
    }

    private mutating func fail(_ error: FileWriteError, _ outcome: inout Outcome) {
        timeline?.abandon()
        timeline = nil
        outcome.timelineError = error
        display.finish()  // on a terminal, the warning goes on a line of its own, not after the status line
        warn("zkprobe watch: cannot write the timeline \(error); watching on without it\n")
    }
}
