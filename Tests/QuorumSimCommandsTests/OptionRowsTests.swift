import CommandLineSupport
import Testing
import TestSupport

@testable import QuorumSimCommands

/// Every option row of every `quorumsim` subcommand keeps what it declares (``OptionRows``).
struct QuorumSimOptionRowsTests {
    static let tool = QuorumSimTool.tool(context: .quiet)

    @Test func everyRowShowsItsRangeAndDefaultAndItsGetterKeepsToThem() {
        let problems = OptionRows.problems(in: Self.tool)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// `--threads`, `--replications`, `--years` and the durations are one row each; only options that mean
    /// something else in a subcommand differ: `--format` (its formats), `--zones` (a count, or a map),
    /// `--detection`/`--election` (0 is instant in `recommend`, impossible in a scenario file) and `live`'s
    /// `--zone-mttf` (0: zones never fail).
    @Test func anOptionHasOneRangeInEverySubcommand() {
        let allowed: Set = ["--format", "--detection", "--election", "--zone-mttf"]
        let differing = OptionRows.differingRanges(in: Self.tool, allowed: allowed)
        #expect(differing.isEmpty, "\(differing)")
    }
}
