import CommandLineSupport
import QuorumSim

extension RunOptions {
    /// The `--svg` rows of the `run` table.
    static var chartRows: [HelpSection.Row] {
        [
            .option(
                OptionSpec(
                    "--svg", "FILE",
                    help: "also draw the figures as a chart: downtime with its 95% interval, the\n"
                        + "exact figure where known, the placement, and the target as a line")),
            .option(
                OptionSpec(
                    "--target-downtime", "MINUTES",
                    help: "a target in minutes of write downtime a year: a line on the chart,\n"
                        + "and a line in the text report saying whether each scenario meets it")
            ),
            .option(
                OptionSpec("--target-availability", "A", help: "the target as availability, such as 0.99999")),
        ]
    }

    /// Reads `--svg` and the target (one of the two forms, with `--svg` or the text format).
    mutating func readChartOptions(_ parsed: ParsedArguments) throws(UsageError) {
        svg = parsed.string("--svg")
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
