import CommandLineSupport
import Testing
import TestSupport

@testable import ZKProbeCommands

/// Every option row of every `zkprobe` subcommand keeps what it declares (``OptionRows``).
struct ZKProbeOptionRowsTests {
    @Test func everyRowShowsItsRangeAndDefaultAndItsGetterKeepsToThem() {
        let problems = OptionRows.problems(in: ZKProbeTool.tool)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// `--timeout` is one row in `check` and `send` (and so in `serve`'s configuration lines).
    @Test func anOptionHasOneRangeInEverySubcommand() {
        let differing = OptionRows.differingRanges(in: ZKProbeTool.tool, allowed: [])
        #expect(differing.isEmpty, "\(differing)")
    }
}
