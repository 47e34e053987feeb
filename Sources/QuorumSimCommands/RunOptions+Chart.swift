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
                OptionSpec("--target-downtime", "MINUTES", help: "the chart's target: minutes of write downtime a year")
            ),
            .option(
                OptionSpec("--target-availability", "A", help: "the chart's target as availability, such as 0.99999")),
        ]
    }

    /// Reads `--svg` and the target (one of the two forms, only with `--svg`).
    mutating func readChartOptions(_ parsed: ParsedArguments) throws(UsageError) {
        svg = parsed.string("--svg")
        if svg?.isEmpty == true { throw parsed.error("--svg needs a file name") }
        let availability = try parsed.number("--target-availability", in: 0...1)
        let downtime = try parsed.number("--target-downtime", in: 0...525_960)
        if availability != nil && downtime != nil {
            throw parsed.error("give --target-availability or --target-downtime, not both")
        }
        if let availability {
            guard availability < 1 else {
                throw parsed.error("--target-availability 1: no ensemble is always available; try 0.99999")
            }
            targetMinutesPerYear = (1 - availability) * hoursPerYear * 60
        } else {
            targetMinutesPerYear = downtime
        }
        if targetMinutesPerYear != nil && svg == nil {
            throw parsed.error("--target-downtime/--target-availability draw a line on the --svg chart; add --svg FILE")
        }
    }
}
