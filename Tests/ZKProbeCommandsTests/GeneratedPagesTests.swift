import CommandLineSupport
import Testing
import TestSupport

@testable import ZKProbeCommands

/// The man pages and completion scripts `scripts/package` installs come from the same tables as parsing.
struct GeneratedPagesTests {
    static let tool = ZKProbeTool.tool

    @Test func everySubcommandHasATableAndAPage() {
        #expect(Self.tool.subcommands.allSatisfy { $0.spec != nil })
        #expect(ManPage.pageNames(of: Self.tool) == ["zkprobe", "zkprobe-send", "zkprobe-check", "zkprobe-serve", "zkprobe-watch"])
    }

    @Test(arguments: ["send", "check", "serve", "watch"])
    func everyOptionIsInItsManPageAndInBothCompletions(_ name: String) throws {
        let missing = GeneratedPages.missing(in: Self.tool, subcommand: name)
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test func formatAndExpectModeOfferTheValuesTheParserTakes() throws {
        let options = CheckCommand.spec.options
        let format = try #require(options.first { $0.name == "--format" })
        #expect(format.choices == ["text", "json", "prometheus", "nagios"])
        let mode = try #require(options.first { $0.name == "--expect-mode" })
        #expect(mode.choices.contains("read-only"))
        for choice in format.choices + mode.choices {
            let option = format.choices.contains(choice) ? "--format" : "--expect-mode"
            let outcome = CheckCommand.run([option, choice, "--bogus-flag"])
            // Parsing fails on the bogus flag, never on the choice.
            #expect(!String(decoding: outcome.standardError.utf8, as: UTF8.self).contains(choice))
        }
    }

    @Test func toolPageGathersTheSubcommandsExitStatuses() {
        let page = ManPage.page(of: Self.tool)
        #expect(page.contains(".SH \"EXIT STATUS\""))
        #expect(page.contains("zkprobe check:"))
        #expect(page.contains("zkprobe send:"))
        #expect(!Self.tool.spec.help.contains("__generate"))
    }
}
