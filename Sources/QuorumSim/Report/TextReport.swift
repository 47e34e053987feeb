import ToolkitSupport
import Foundation

/// The text format: one row per figure, one column per scenario.
enum TextReport {
    /// Over 60 lines because it is the table itself: one `row` per line of the report, in the order printed,
    /// so that a reader sees the whole layout in one place.
    static func render(_ reports: [SimulationReport]) -> String {
        var rows: [(String, [String])] = []
        func row(_ label: String, _ cell: (SimulationReport) -> String) {
            rows.append((label, reports.map(cell)))
        }
        row("scenario") { $0.name }
        row("availability") { NumberText.estimate($0.metrics.availability, scale: 100, suffix: "%", significant: 8) }
        row("  nines") { nines($0.metrics.availability.mean) }
        row("  exact") { report in
            report.exact.flatMap { $0.electionsInstant ? NumberText.fixed($0.availability * 100, 8) + "%" : nil } ?? "-"
        }
        row("downtime (min/year)") { NumberText.estimate($0.metrics.downtimeMinutesPerYear) }
        row("  without quorum") { NumberText.estimate($0.metrics.quorumLossMinutesPerYear) }
        row("  exact without quorum") { report in
            report.exact.map { NumberText.fixed($0.downtimeMinutesPerYear, NumberText.decimals(forValue: $0.downtimeMinutesPerYear, significant: 4)) } ?? "-"
        }
        if reports.contains(where: { $0.rareEvent != nil }) {
            for (label, cell) in RareEventOutcome.textRows { row(label, cell) }
        }
        row("  in elections") { NumberText.estimate($0.metrics.electionMinutesPerYear) }
        row("quorum-loss episodes/year") { NumberText.estimate($0.metrics.episodesPerYear) }
        row("  exact") { report in
            report.exact?.episodesPerYear.map { NumberText.fixed($0, NumberText.decimals(forValue: $0, significant: 4)) } ?? "-"
        }
        row("  mean length (min)") { report in
            report.metrics.meanEpisodeMinutes.map { NumberText.estimate($0) } ?? "-"
        }
        row("  p99 length (min)") { report in
            report.metrics.p99EpisodeMinutes.map {
                NumberText.fixed($0, NumberText.decimals(forValue: $0, significant: 3))
            }
                ?? "-"
        }
        row("P(outage in a year)") { report in
            report.metrics.yearWithOutageProbability.map { NumberText.estimate($0) } ?? "-"
        }
        row("elections/year") { NumberText.estimate($0.metrics.electionsPerYear) }
        if reports.contains(where: { $0.metrics.maintenance != nil }) {
            for (label, cell) in MaintenanceMetrics.textRows { row(label, cell) }
        }
        row("simulated years") { report in
            "\(report.metrics.replications) × \(NumberText.json(report.settings.years))"
        }
        row("seed") { "\($0.settings.seed)" }
        row("events") { "\($0.metrics.events)" }
        row("wall time (s)") { NumberText.fixed($0.wallSeconds, 2) }
        row("events/s") { report in
            let threads = report.threads == 1 ? "1 thread" : "\(report.threads) threads"
            return "\(NumberText.fixed(report.eventsPerSecond / 1e6, 1)) M (\(threads))"
        }

        let labelWidth = rows.map(\.0.count).max() ?? 0
        var widths = [Int](repeating: 0, count: reports.count)
        for (_, cells) in rows {
            for (i, cell) in cells.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var text = ""
        for (label, cells) in rows {
            var line = label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            for (i, cell) in cells.enumerated() {
                let last = i == cells.count - 1
                line += "  " + (last ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0))
            }
            text += line + "\n"
        }
        text += "± is the half-width of the 95% confidence interval over replications (Student t).\n"
        text += RareEventOutcome.textNotes(reports)
        return text
    }

    /// −log10 of the unavailability: 99.9 % is 3 nines.
    static func nines(_ availability: Double) -> String {
        guard availability < 1 else { return "no downtime seen" }
        return NumberText.fixed(-log10(1 - availability), 2)
    }
}
