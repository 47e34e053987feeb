import CommandLineSupport
import Testing
import TestSupport

@testable import QuorumSimCommands

/// The man pages and completion scripts `scripts/package` installs come from the same tables as parsing.
struct GeneratedPagesTests {
    static let tool = QuorumSimTool.tool(context: .quiet)

    @Test func everySubcommandHasATableAndAPage() {
        #expect(Self.tool.subcommands.allSatisfy { $0.spec != nil })
        #expect(
            ManPage.pageNames(of: Self.tool)
                == [
                    "quorumsim", "quorumsim-run", "quorumsim-tolerance", "quorumsim-recommend", "quorumsim-live",
                    "quorumsim-scenario",
                ])
    }

    @Test func scenarioOptionsAreInItsManPageAndInBothCompletions() throws {
        let missing = GeneratedPages.missing(in: Self.tool, subcommand: "scenario")
        #expect(missing.isEmpty, "\(missing)")
        let page = try #require(ManPage.page(of: Self.tool, subcommand: "scenario"))
        #expect(page.contains(".SH \"EXIT STATUS\""))
        #expect(page.contains("\\-\\-zone\\-map"))
    }

    @Test(arguments: ["run", "tolerance", "recommend", "live"])
    func everyOptionIsInItsManPageAndInBothCompletions(_ name: String) throws {
        let missing = GeneratedPages.missing(in: Self.tool, subcommand: name)
        #expect(missing.isEmpty, "\(missing)")
        let spec = try #require(Self.tool.subcommands.first { $0.name == name }?.spec)
        let page = try #require(ManPage.page(of: Self.tool, subcommand: name))
        let format = try #require(spec.options.first { $0.name == "--format" })
        #expect(format.choices.starts(with: ["text", "json"]))
        // Every subcommand's page says how the tool exits.
        #expect(page.contains(".SH \"EXIT STATUS\""))
        #expect(page.contains("64"))
    }
}
