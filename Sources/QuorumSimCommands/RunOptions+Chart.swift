import CommandLineSupport
import QuorumSim

extension RunOptions {
    static let svgOption = Option<String>(
        "--svg", "FILE",
        help: "also draw the figures as a chart: downtime with its 95% interval, the\n"
            + "exact figure where known, the placement, and the target as a line")

    /// The `--svg` rows of the `run` table.
    static var chartRows: [HelpSection.Row] {
        [svgOption.row, QuorumSimOptions.targetDowntime.row, QuorumSimOptions.targetAvailability.row]
    }

    /// Reads `--svg` and the target (one of the two forms, with `--svg` or the text format).
    mutating func readChartOptions(_ parsed: ParsedArguments) throws(UsageError) {
        svg = parsed.text(of: Self.svgOption)
        if svg?.isEmpty == true { throw parsed.error("--svg needs a file name") }
        switch try RecommendCommand.optionalTarget(parsed) {
        case .availability(let availability)?: targetMinutesPerYear = (1 - availability) * hoursPerYear * 60
        case .downtimeMinutesPerYear(let minutes)?: targetMinutesPerYear = minutes
        case nil: targetMinutesPerYear = nil
        }
        if targetMinutesPerYear != nil && svg == nil && format != .text {
            throw parsed.error(
                "--target-downtime/--target-availability are judged in the text report and drawn on the --svg chart; "
                    + "add --svg FILE or use --format text")
        }
    }
}
