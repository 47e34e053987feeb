import CommandLineSupport
import QuorumSim
import ToolkitSupport

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
                    formatOption.row, CommandSpec.wallClockTimeout.row, QuorumSimOptions.years.row,
                    QuorumSimOptions.replications.row, QuorumSimOptions.seed.row, QuorumSimOptions.threads.row,
                    rareOption.row, rareTargetOption.row, rareSecondsOption.row,
                ] + chartRows + [.option(CommandSpec.helpOption)]),
        ],
        epilogue: """
            Every figure is a mean over replications with the half-width of its 95% confidence
            interval (Student t). The same seed gives the same figures on every machine.
            Progress is shown on standard error when it is a terminal. A target (--target-downtime or
            --target-availability) is a line on the chart, and a line in the text report saying whether
            each scenario meets it.

            EXIT CODES: 0 success, 1 failure, 2 invalid scenario file, 64 wrong command line.
            """)

    static let formatOption = Option<ReportFormat>(
        "--format", "F", .choice, default: "text", help: "the report: a table, an array of objects or rows")
    static let rareOption = Option<Bool>(
        flag: "--rare",
        help: """
            add an importance-sampling estimate of the time without a
            quorum, for rare outages (exponential faults, no maintenance;
            elections ignored)
            """)
    static let rareTargetOption = Option<Double>(
        "--rare-target", "F", .fraction, default: .note(NumberText.compact(RareEventSettings(seed: 0).targetRelativeHalfWidth)),
        help: "stop it at this relative half-width; implies --rare")
    static let rareSecondsOption = Option<Double>(
        "--rare-seconds", "N", .number(in: 0...86_400, aboveLowerBound: true), default: .note(RareEventSettings(seed: 0).maxSeconds.map { NumberText.compact($0) } ?? "no limit"),
        help: "its time budget per scenario; implies --rare")

    /// Parses the arguments after `run`.
    package init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.spec.parse(arguments)
        help = parsed.helpRequested
        version = parsed.versionRequested
        files = parsed.operands
        _ = try parsed.wallClockTimeout()  // checked here, enforced by main
        format = try parsed.value(of: Self.formatOption) ?? .text
        years = try parsed.value(of: QuorumSimOptions.years)
        replications = try parsed.value(of: QuorumSimOptions.replications)
        seed = try parsed.value(of: QuorumSimOptions.seed)
        threads = try parsed.value(of: QuorumSimOptions.threads)
        rareTarget = try parsed.value(of: Self.rareTargetOption)
        rareSeconds = try parsed.value(of: Self.rareSecondsOption)
        rare = parsed.has(Self.rareOption) || rareTarget != nil || rareSeconds != nil
        try readChartOptions(parsed)
    }

    /// The options, or `nil` when help or the version was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> RunOptions? {
        let options = try RunOptions(arguments: arguments)
        return options.help || options.version ? nil : options
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
