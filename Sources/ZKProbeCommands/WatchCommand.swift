import CommandLineSupport
import SystemSupport
import ToolkitSupport
import ZKProbe

/// `zkprobe watch`: the check, repeated, as a timeline (docs/zkprobe-watch.md).
///
/// Unlike `check` it prints while it runs (the change lines, and on a terminal a status line); its
/// ``CommandOutcome`` holds only an error that stopped it before the first round, and the exit status.
package enum WatchCommand {
    package static let name = "watch"
    package static let summary = "Repeat the check as a timeline: change lines, episodes, JSON Lines and SVG"

    /// What the command line asks for.
    struct Options {
        /// The check each round runs (its `--timeout` is the watch's, 1 s by default).
        var check: CheckCommand.Options
        var interval: Duration
        var duration: Duration?
        var timeline: String?
        var svg: String?
    }

    /// Where a watch prints, and what stops it.
    struct Streams {
        /// Standard output is a terminal: draw the status line.
        var terminal: Bool
        var output: (String) -> Void
        var error: (String) -> Void
        var stop: WatchStop
    }

    /// Watches with `arguments` (without the subcommand's name) until `--duration` ends or SIGINT/SIGTERM.
    package static func run(_ arguments: [String]) -> CommandOutcome {
        let stop = WatchStop()
        let streams = Streams(
            terminal: StandardStreams.isTerminal(1), output: StandardStreams.writeOutput,
            error: StandardStreams.writeError, stop: stop)
        return run(arguments, streams: streams, readFile: TextFile.readConfiguration) {
            do { try stop.takeSignals() } catch {
                return "zkprobe watch: cannot watch for signals: \(error)"
            }
            return nil
        }
    }

    /// Watches; `prepare` runs once everything is checked, just before the first round (the signals), and
    /// returns an error line that stops the watch.
    static func run(
        _ arguments: [String], streams: Streams, readFile: TextFile.Reader, prepare: () -> String? = { nil }
    ) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.unknown, parse: parse) { options in
            watch(options, streams: streams, readFile: readFile, prepare: prepare)
        }
    }

    static func watch(
        _ options: Options, streams: Streams, readFile: TextFile.Reader, prepare: () -> String?
    ) -> CommandOutcome {
        let request: CheckRequest
        do {
            request = try CheckCommand.request(
                options.check, readFile: readFile, probe: ProbeOptions(deadline: options.check.timeout))
        } catch {
            return .failure("zkprobe watch: \(error)", status: ExitStatus.unknown)
        }
        var timeline: StreamingAtomicFile?
        do {
            timeline = try options.timeline.map { path throws(FileWriteError) in try StreamingAtomicFile(path: path) }
        } catch {
            return .failure("zkprobe watch: cannot write the timeline \(error)", status: ExitStatus.unknown)
        }
        do {
            // The chart is written at the end with AtomicFile; its folder is tried now, not after a day's watch.
            try options.svg.map { path throws(FileWriteError) in try StreamingAtomicFile(path: path).abandon() }
        } catch {
            timeline?.abandon()
            return .failure("zkprobe watch: cannot write the SVG \(error)", status: ExitStatus.unknown)
        }
        if let problem = prepare() {
            timeline?.abandon()
            return .failure(problem, status: ExitStatus.unknown)
        }
        let clock = ContinuousClock()
        let (started, monotonicStart) = (Syscalls.wallClockSeconds(), clock.now)
        let settings = WatchSettings(
            interval: options.interval, duration: options.duration, timeout: options.check.timeout,
            members: request.targets.endpoints.map(\.description), clientProbe: options.check.clientProbe,
            ensemble: options.check.ensemble, version: ZKProbeTool.version, started: started)
        var watcher = Watcher(
            settings: settings, now: { started + (clock.now - monotonicStart).seconds },
            sleep: streams.stop.sleep(seconds:), stopRequested: { streams.stop.isRequested },
            check: { Checker.check(request).spellingHints(\.flag) },
            display: WatchDisplay(terminal: streams.terminal, write: streams.output), timeline: timeline,
            chart: options.svg == nil ? nil : TimelineChart(settings: settings), warn: streams.error)
        let outcome = watcher.run()
        var failed = outcome.timelineError != nil
        if let path = options.svg, let chart = watcher.chart {
            do { try AtomicFile.write(chart.svg(end: outcome.end), to: path) } catch {
                streams.error("zkprobe watch: cannot write the SVG \(error)\n")
                failed = true
            }
        }
        streams.output(
            TimelineSummary.text(
                settings: settings, rounds: outcome.rounds, lateRounds: outcome.lateRounds,
                slowestRound: outcome.slowestRound, end: outcome.end, episodes: outcome.episodes))
        return CommandOutcome(status: failed ? ExitStatus.unknown : ExitStatus.ok)
    }

    /// The options, or `nil` when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Options? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        var check = try CheckCommand.options(parsed)
        check.timeout = try parsed.value(of: timeoutOption)!
        let (timeline, svg) = (parsed.text(of: timelineOption), parsed.text(of: svgOption))
        if let timeline, timeline == svg {
            throw parsed.error("\(timelineOption.name) and \(svgOption.name) name the same file: give each its own")
        }
        return Options(
            check: check, interval: try parsed.value(of: intervalOption)!,
            duration: try parsed.value(of: durationOption),
            timeline: timeline, svg: svg)
    }
}
