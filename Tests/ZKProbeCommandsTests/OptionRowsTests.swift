import CommandLineSupport
import Testing
import TestSupport
import ZKProbe

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

    /// A threshold's help shows the library's default as the flag would be typed, and typing it gives that default.
    @Test func theThresholdDefaultsShownAreTheLibrarys() throws {
        for (warning, critical) in CheckCommand.thresholdFlags {
            for flag in [warning] + (critical.map { [$0] } ?? []) {
                guard let library = CheckThresholds()[keyPath: flag.keyPath] else {
                    #expect(flag.option.spec.defaultValue == .note("off"), "\(flag.name)")
                    continue
                }
                guard case .note(let shown)? = flag.option.spec.defaultValue else {
                    Issue.record("\(flag.name) shows no default")
                    continue
                }
                let typed = try CheckCommand.spec.parse([flag.name, shown]).value(of: flag.option)
                #expect(typed == library, "\(flag.name) \(shown)")
            }
        }
    }
}
