import CommandLineSupport
import QuorumSim

/// The command line of `quorumsim run`.
package struct RunOptions: Sendable, Equatable {
    package var files: [String] = []
    package var format: ReportFormat = .text
    /// Overrides of the files' `run` sections.
    package var years: Double?
    package var replications: Int?
    package var seed: UInt64?
    /// Worker threads; `nil` means one per active processor.
    package var threads: Int?
    /// Add the importance-sampling estimate of the time without a quorum (`--rare`).
    package var rare = false
    /// Its target relative half-width (`--rare-target`) and time budget in seconds (`--rare-seconds`).
    package var rareTarget: Double?
    package var rareSeconds: Double?
    /// `--svg FILE`: the chart of the figures, with `targetMinutesPerYear` (`--target-downtime` or
    /// `--target-availability`) as a line.
    package var svg: String?
    package var targetMinutesPerYear: Double?
    package var help = false
    /// `-V`/`--version`: print the version and nothing else.
    package var version = false

    package init() {}

    package static let spec = CommandSpec(
        name: "quorumsim run",
        synopsis: [
            "quorumsim run FILE... [--format text|json|csv] [--years N] [--replications N]",
            "              [--seed N] [--threads N] [--rare] [--rare-target F] [--rare-seconds N]",
        ],
        abstract: """
            Simulates each scenario FILE and prints the figures side by side: a table with one
            column per scenario (text), an array with one object per scenario (json) or one row
            per scenario (csv).
            """,
        sections: [
            HelpSection(
                "OPTIONS",
                [
                    .option(
                        OptionSpec(
                            "--format", "F", choices: ReportFormat.allCases.map(\.rawValue),
                            help: "text (default), json or csv")),
                    .option(CommandSpec.wallClockTimeoutOption),
                    .option(OptionSpec("--years", "N", help: "years per replication, up to 1e9 (overrides run.years)")),
                    .option(
                        OptionSpec(
                            "--replications", "N", help: "independent replications, 1 to 1000000 (overrides run.replications)")),
                    .option(OptionSpec("--seed", "N", help: "random seed, 0 to 2^64-1 (overrides run.seed)")),
                    .option(
                        OptionSpec(
                            "--threads", "N",
                            help: "worker threads, 1 to 4096 (default: one per active processor);\nthe figures do not depend on it")),
                    .option(
                        OptionSpec(
                            "--rare",
                            help: """
                                add an importance-sampling estimate of the time without a
                                quorum, for rare outages (exponential faults, no maintenance;
                                elections ignored)
                                """)),
                    .option(
                        OptionSpec(
                            "--rare-target", "F", help: "stop it at this relative half-width (default 0.05); implies --rare")),
                    .option(
                        OptionSpec("--rare-seconds", "N", help: "its time budget per scenario (default 60); implies --rare")),
                ] + chartRows + [.option(CommandSpec.helpOption)]),
        ],
        epilogue: """
            Every figure is a mean over replications with the half-width of its 95% confidence
            interval (Student t). The same seed gives the same figures on every machine.
            Progress is shown on standard error when it is a terminal.

            EXIT CODES: 0 success, 1 failure, 2 invalid scenario file, 64 wrong command line.
            """)

    /// Parses the arguments after `run`.
    package init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.spec.parse(arguments)
        help = parsed.helpRequested
        version = parsed.versionRequested
        files = parsed.operands
        _ = try parsed.wallClockTimeout()  // checked here, enforced by main
        format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        years = try parsed.number("--years", in: 0...RunSettings.maxYears, aboveLowerBound: true)
        replications = try parsed.integer("--replications", in: 1...RunSettings.maxReplications)
        seed = try parsed.unsigned("--seed")
        threads = try parsed.integer("--threads", in: 1...4096)
        rareTarget = try parsed.number("--rare-target", in: 0...1, aboveLowerBound: true)
        if rareTarget == 1 { throw parsed.invalid("--rare-target", "1", "a fraction between 0 and 1 such as 0.05") }
        rareSeconds = try parsed.number("--rare-seconds", in: 0...86_400, aboveLowerBound: true)
        rare = parsed.has("--rare") || rareTarget != nil || rareSeconds != nil
        try readChartOptions(parsed)
    }

    /// The importance-sampling settings for a scenario run with `seed`.
    package func rareSettings(seed: UInt64) -> RareEventSettings {
        var settings = RareEventSettings(seed: seed)
        if let rareTarget { settings.targetRelativeHalfWidth = rareTarget }
        if let rareSeconds { settings.maxSeconds = rareSeconds }
        return settings
    }

    /// `settings` with this command line's overrides applied.
    package func apply(to settings: RunSettings) -> RunSettings {
        var settings = settings
        if let years { settings.years = years }
        if let replications { settings.replications = replications }
        if let seed { settings.seed = seed }
        return settings
    }
}
