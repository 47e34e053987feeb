import CommandLineSupport
import Testing

@testable import QuorumSimCommands

/// The man pages and completion scripts `scripts/package` installs come from the same tables as parsing.
struct GeneratedPagesTests {
    static let tool = QuorumSimTool.tool(context: .quiet)

    @Test func everySubcommandHasATableAndAPage() {
        #expect(Self.tool.subcommands.allSatisfy { $0.spec != nil })
        #expect(
            ManPage.pageNames(of: Self.tool)
                == ["quorumsim", "quorumsim-run", "quorumsim-tolerance", "quorumsim-recommend", "quorumsim-live"])
    }

    @Test(arguments: ["run", "tolerance", "recommend", "live"])
    func everyOptionIsInItsManPageAndInBothCompletions(_ name: String) throws {
        let spec = try #require(Self.tool.subcommands.first { $0.name == name }?.spec)
        let page = try #require(ManPage.page(of: Self.tool, subcommand: name))
        let bash = Completion.bash(Self.tool)
        let zsh = Completion.zsh(Self.tool)
        for option in spec.options {
            for spelling in [option.name] + (option.alias.map { [$0] } ?? []) {
                #expect(page.contains("\\fB" + ManPage.escape(spelling) + "\\fR"), "\(name) page: \(spelling)")
                #expect(bash.contains(spelling), "bash: \(spelling)")
                #expect(zsh.contains(spelling), "zsh: \(spelling)")
            }
        }
        let format = try #require(spec.options.first { $0.name == "--format" })
        #expect(format.choices.starts(with: ["text", "json"]))
        // Every subcommand's page says how the tool exits.
        #expect(page.contains(".SH \"EXIT STATUS\""))
        #expect(page.contains("64"))
    }
}
