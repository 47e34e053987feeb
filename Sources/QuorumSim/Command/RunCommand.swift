import Foundation
import Synchronization

/// `quorumsim run FILE...`: reads every file first (a bad one stops everything), then
/// simulates them one after another, each over all worker threads.
public struct RunCommand: Sendable {
    public var options: RunOptions
    public var io: CommandIO
    /// The exact availability of a scenario, where one is known; printed beside the
    /// simulated figure. Returns `nil` for scenarios it cannot solve.
    public var exact: @Sendable (Scenario) -> ExactFigures?

    public init(
        options: RunOptions, io: CommandIO = .standard,
        exact: @escaping @Sendable (Scenario) -> ExactFigures? = RunCommand.defaultExact
    ) {
        self.options = options
        self.io = io
        self.exact = exact
    }

    /// The exact figures where the model allows them (independent alternating processes, see
    /// docs/exact-availability.md): the time without a quorum, whatever the election settings, since elections
    /// do not change when a quorum exists; the episode rate only where every process is exponential.
    public static let defaultExact: @Sendable (Scenario) -> ExactFigures? = { scenario in
        var quorumOnly = scenario
        quorumOnly.election = nil
        return ExactAvailability.unavailability(of: quorumOnly).map {
            ExactFigures(
                unavailability: $0, episodesPerYear: ExactFrequency.episodes(of: quorumOnly)?.perYear,
                electionsInstant: scenario.election == nil)
        }
    }

    /// Runs the command and returns the process exit code.
    public func execute() -> ExitCode {
        if options.help {
            io.writeOutput(HelpText.run)
            return .success
        }
        guard !options.files.isEmpty else {
            io.writeError(UsageError("no scenario file given", command: "quorumsim run").description + "\n")
            return .usage
        }
        var scenarios: [(String, Scenario)] = []
        var failed = false
        for file in options.files {
            do {
                var scenario = try ScenarioFile.load(path: file)
                scenario.run = options.apply(to: scenario.run)
                scenarios.append((file, scenario))
            } catch {
                io.writeError(error.description + "\n")
                failed = true
            }
        }
        if failed { return .badScenario }

        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        var reports: [SimulationReport] = []
        for (file, scenario) in scenarios {
            let progress = SimulationProgress()
            let display = io.errorIsTerminal ? ProgressDisplay(name: scenario.name, progress: progress, io: io) : nil
            display?.start()
            do {
                var report = try Simulator.run(scenario, threads: threads, progress: progress)
                display?.stop()
                report.source = file
                report.exact = exact(scenario)
                if options.rare {
                    report.rareEvent = RareEventOutcome.run(
                        scenario, settings: options.rareSettings(seed: scenario.run.seed), threads: threads)
                }
                reports.append(report)
            } catch {
                display?.stop()
                io.writeError("\(file): \(error.description)\n")
                return .badScenario
            }
        }
        io.writeOutput(options.format.render(reports))
        return .success
    }
}

/// A one-line progress indicator on standard error, redrawn a few times a second by
/// its own thread once a run has taken more than half a second.
final class ProgressDisplay: Sendable {
    let name: String
    let progress: SimulationProgress
    let io: CommandIO
    let stopped = Atomic<Bool>(false)
    let finished = DispatchSemaphore(value: 0)

    init(name: String, progress: SimulationProgress, io: CommandIO) {
        self.name = name
        self.progress = progress
        self.io = io
    }

    func start() {
        let thread = Thread { [self] in
            let started = DispatchTime.now().uptimeNanoseconds
            var shown = false
            var lastPercent = -1
            while !stopped.load(ordering: .acquiring) {
                usleep(100_000)
                let percent = Int(progress.fraction * 100)
                if DispatchTime.now().uptimeNanoseconds - started > 500_000_000 && percent != lastPercent {
                    io.writeError("\r\u{1B}[Kquorumsim: simulating \(name) \(percent)%")
                    shown = true
                    lastPercent = percent
                }
            }
            if shown { io.writeError("\r\u{1B}[K") }
            finished.signal()
        }
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        finished.wait()
    }
}
