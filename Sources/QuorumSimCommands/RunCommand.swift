import CommandLineSupport
import Glibc
import QuorumSim
import ToolkitSupport

/// `quorumsim run FILE...`: reads every file first (a bad one stops everything), then
/// simulates them one after another, each over all worker threads.
package struct RunCommand: Sendable {
    package var options: RunOptions
    package var context: CommandContext
    /// The exact availability of a scenario, where one is known; printed beside the
    /// simulated figure. Returns `nil` for scenarios it cannot solve. `ExactFigures(for:)` unless a test swaps it.
    package var exact: @Sendable (Scenario) -> ExactFigures?

    package init(
        options: RunOptions, context: CommandContext = .quiet,
        exact: @escaping @Sendable (Scenario) -> ExactFigures? = { ExactFigures(for: $0) }
    ) {
        self.options = options
        self.context = context
        self.exact = exact
    }

    /// Parses `arguments` (those after `run`) and runs.
    package static func run(_ arguments: [String], context: CommandContext) -> CommandOutcome {
        RunOptions.spec.run(arguments, usageStatus: ExitStatus.usage, parse: RunOptions.parse) {
            RunCommand(options: $0, context: context).execute()
        }
    }

    /// Runs the command.
    package func execute() -> CommandOutcome {
        if options.help { return .printing(RunOptions.spec.help) }
        if options.version { return .printing(RunOptions.spec.versionLine) }
        guard !options.files.isEmpty else {
            return .usage(UsageError("no scenario file given", command: "quorumsim run"), status: ExitStatus.usage)
        }
        var scenarios: [(String, Scenario)] = []
        var errors = ""
        for file in options.files {
            do {
                var scenario = try ScenarioFile.load(path: file)
                scenario.run = options.apply(to: scenario.run)
                scenarios.append((file, scenario))
            } catch {
                errors += error.description + "\n"
            }
        }
        if !errors.isEmpty { return CommandOutcome(status: ExitStatus.badScenario, standardError: errors) }
        var reports: [SimulationReport] = []
        for (file, scenario) in scenarios {
            do {
                reports.append(try simulate(scenario, file: file))
            } catch {
                return .failure("\(file): \(error.description)", status: ExitStatus.badScenario)
            }
        }
        if let failure = writeChart(reports, scenarios: scenarios.map(\.1)) { return failure }
        return CommandOutcome(output: options.format.render(reports, targetMinutesPerYear: options.targetMinutesPerYear))
    }

    private func simulate(_ scenario: Scenario, file: String) throws(SimulationError) -> SimulationReport {
        let threads = options.threads ?? Simulator.defaultThreads
        context.announceLongRun(scenario.name, [scenario], threads: threads)
        let progress = SimulationProgress()
        let display =
            context.errorIsTerminal ? ProgressDisplay(name: scenario.name, progress: progress, context: context) : nil
        display?.start()
        defer { display?.stop() }
        var report = try Simulator.run(scenario, threads: threads, progress: progress)
        report.source = file
        report.exact = exact(scenario)
        report.kafka = KafkaReport(scenario: scenario, simulated: report.kafka?.simulated)
        if options.rare {
            report.rareEvent = RareEventOutcome.run(
                scenario, settings: options.rareSettings(seed: scenario.run.seed), threads: threads)
        }
        return report
    }
}

/// A one-line progress indicator on standard error, redrawn a few times a second by
/// its own thread once a run has taken more than half a second.
final class ProgressDisplay: Sendable {
    let name: String
    let progress: SimulationProgress
    let context: CommandContext
    /// Set by `stop`; the drawing thread sleeps on it between redraws, so it ends at once.
    let stopped = WaitableMutex(false)
    let thread = WorkerPool(threads: 1, name: "qsim-progress")

    init(name: String, progress: SimulationProgress, context: CommandContext) {
        self.name = name
        self.progress = progress
        self.context = context
    }

    func start() {
        thread.submit([{ [self] in draw() }])
    }

    func stop() {
        stopped.withLock { $0 = true }
        thread.shutdown()
    }

    private func draw() {
        let started = ContinuousClock.now
        var shown = false
        var lastPercent = -1
        while stopped.wait(timeout: .milliseconds(100), until: { $0 ? true : nil }) == nil {
            let percent = Int(progress.fraction * 100)
            if ContinuousClock.now - started > .milliseconds(500) && percent != lastPercent {
                context.writeProgress("\r\u{1B}[Kquorumsim: simulating \(name) \(percent)%")
                shown = true
                lastPercent = percent
            }
        }
        if shown { context.writeProgress("\r\u{1B}[K") }
    }
}
