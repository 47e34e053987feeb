/// How `quorumsim run` prints its reports.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// A table, one column per scenario.
    case text
    /// An array with one object per scenario.
    case json
    /// A header row, then one row per scenario.
    case csv

    /// The reports rendered in this format, ending with a newline; the text says whether each meets
    /// `targetMinutesPerYear`, when one is given.
    public func render(_ reports: [SimulationReport], targetMinutesPerYear: Double? = nil) -> String {
        switch self {
        case .text: return TextReport.render(reports) + (targetMinutesPerYear.map { TextReport.targetLines(reports, target: $0) } ?? "")
        case .json: return JSONReport.render(reports)
        case .csv: return CSVReport.render(reports)
        }
    }
}
