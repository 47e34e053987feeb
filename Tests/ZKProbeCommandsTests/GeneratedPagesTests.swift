import CommandLineSupport
import Testing

@testable import ZKProbeCommands

/// The man pages and completion scripts `scripts/package` installs come from the same tables as parsing.
struct GeneratedPagesTests {
    static let tool = ZKProbeTool.tool

    @Test func everySubcommandHasATableAndAPage() {
        #expect(Self.tool.subcommands.allSatisfy { $0.spec != nil })
        #expect(ManPage.pageNames(of: Self.tool) == ["zkprobe", "zkprobe-send", "zkprobe-check"])
    }

    @Test(arguments: ["send", "check"])
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
            for choice in option.choices {
                #expect(bash.contains(choice) && zsh.contains(choice), "\(option.name) \(choice)")
            }
        }
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
