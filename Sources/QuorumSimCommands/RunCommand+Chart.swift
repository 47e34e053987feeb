import CommandLineSupport
import QuorumSim

extension RunCommand {
    /// Writes the `--svg` chart atomically; the failure outcome when it cannot be written, `nil` otherwise.
    func writeChart(_ reports: [SimulationReport], scenarios: [Scenario]) -> CommandOutcome? {
        guard let path = options.svg else { return nil }
        let columns = zip(reports, scenarios).map { RunChart.Column(report: $0, scenario: $1) }
        let chart = RunChart(columns: columns, targetMinutesPerYear: options.targetMinutesPerYear)
        do { try AtomicFile.write(chart.render(), to: path) } catch {
            return .failure("quorumsim run: --svg \(CommandSpec.shown(path)): \(error)", status: ExitStatus.failure)
        }
        return nil
    }
}
