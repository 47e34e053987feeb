import Testing

@testable import CommandLineSupport

struct ManPageCompletionTests {
    enum Colour: String, CaseIterable { case red, green }

    static let spec = CommandSpec(
        name: "tool cmd", synopsis: ["tool cmd [options] FILE..."],
        abstract: "Does things.\n.dot and 'quote at the start of a line.",
        sections: [
            HelpSection(
                "OPTIONS",
                [
                    .option(OptionSpec("--count", "N", help: "how many")),
                    .option(OptionSpec("--output", "FILE", alias: "-o", help: "where\nto write")),
                    Option<Colour>("--colour", "C", .choice, help: "the colour").row,
                    .option(OptionSpec("--quiet", help: "say less [really]: it's 'quiet'")),
                ]),
            HelpSection("ARGUMENTS", [.text(label: "FILE", help: "a file")]),
        ],
        epilogue: "Some notes.\n\nEXIT STATUS:\n  0  fine\n  64 wrong command line\n")

    static let tool = Tool(
        name: "tool", version: "1.2.3", abstract: "A tool. It does things.",
        subcommands: [
            Tool.Subcommand("cmd", "Do things", spec: spec) { _ in .printing("ran\n") },
            Tool.Subcommand("other", "Other things", spec: CommandSpec(name: "tool other", synopsis: ["tool other"], abstract: "Other.", sections: [])) { _ in .printing("") },
        ],
        usageStatus: 64, epilogue: "")

    @Test func escapesMinusBackslashAndLeadingRequestCharacters() {
        #expect(ManPage.escape("--help") == "\\-\\-help")
        #expect(ManPage.escape("a\\b") == "a\\eb")
        #expect(ManPage.escape(".TH x\n'br\nplain .dot") == "\\&.TH x\n\\&'br\nplain .dot")
    }

    @Test func codeSpansAreBoldAndNoBackquoteReachesThePage() throws {
        #expect(ManPage.running("run `tool cmd --count 2` now") == "run \\fBtool cmd \\-\\-count 2\\fR now")
        #expect(ManPage.running("a lone ` stays") == "a lone \\(ga stays")
        let tool = Tool(
            name: "tool", version: "1", abstract: "Reads `FILE`s.", subcommands: Self.tool.subcommands,
            usageStatus: 64, epilogue: "", seeAlso: ["tool-file(5)"])
        let pages = [ManPage.page(of: tool), try #require(ManPage.page(of: tool, subcommand: "cmd"))]
        for page in pages {
            #expect(!page.contains("`"))
            #expect(page.hasSuffix(",\n\\fBtool\\-file\\fR(5)\n"), "the file format closes SEE ALSO")
        }
        #expect(pages[0].contains("Reads \\fBFILE\\fRs."))
    }

    @Test func subcommandPageHasEverySectionAndOption() throws {
        let page = try #require(ManPage.page(of: Self.tool, subcommand: "cmd"))
        for heading in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH \"OPTIONS\"", ".SH \"ARGUMENTS\"", ".SH NOTES",
            ".SH \"EXIT STATUS\"", ".SH \"SEE ALSO\""]
        {
            #expect(page.contains("\n" + heading + "\n"), "missing \(heading)")
        }
        #expect(page.hasPrefix(".\\\""))
        #expect(page.contains(".TH \"TOOL-CMD\" 1 \"\" \"tool 1.2.3\""))
        #expect(page.contains("tool\\-cmd \\- Do things"))
        for option in Self.spec.options {
            #expect(page.contains("\\fB" + ManPage.escape(option.name) + "\\fR"), "missing \(option.name)")
        }
        #expect(page.contains("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIFILE\\fR\nwhere to write"))
        #expect(page.contains("64 wrong command line"))
        #expect(!page.contains("EXIT STATUS:"))
        #expect(page.contains("\\fBtool\\fR(1)"))
        // No line of running text starts a request by accident.
        for line in page.split(separator: "\n") where line.hasPrefix(".") || line.hasPrefix("'") {
            let request = line.dropFirst().prefix(while: { $0 != " " })
            #expect(["\\\"", "TH", "SH", "SS", "TP", "PP", "nf", "fi", "B", "I"].contains(String(request)), "\(line)")
        }
        #expect(page.contains("\n\\&.dot and 'quote") || page.contains(".dot and \\&'quote") || page.contains("\\&.dot"))
    }

    @Test func toolPageListsSubcommandsAndGathersExitStatuses() {
        let page = ManPage.page(of: Self.tool)
        #expect(page.contains(".TH \"TOOL\" 1"))
        #expect(page.contains("\\fIcmd\\fR\nDo things"))
        #expect(page.contains("\\fB\\-\\-version\\fR"))
        #expect(page.contains("tool cmd:"))
        #expect(page.contains("\\fBtool\\-cmd\\fR(1)"))
        #expect(ManPage.pageNames(of: Self.tool) == ["tool", "tool-cmd", "tool-other"])
        #expect(ManPage.page(of: Self.tool, subcommand: "nope") == nil)
    }

    @Test func bashCompletesSubcommandsOptionsAndChoices() {
        let script = Completion.bash(Self.tool)
        #expect(script.contains("complete -o default -F _tool tool"))
        #expect(script.contains("compgen -W 'cmd other --help -h --version -V'"))
        for option in Self.spec.options {
            #expect(script.contains(option.name), "missing \(option.name)")
        }
        #expect(script.contains("--colour) mapfile -t COMPREPLY < <(compgen -W 'red green' -- \"$cur\")"))
        #expect(script.contains("--output | -o) mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")"))
    }

    @Test func zshCompletesTheSameWithEscapedHelp() {
        let script = Completion.zsh(Self.tool)
        #expect(script.hasPrefix("#compdef tool\n"))
        for option in Self.spec.options {
            #expect(script.contains(option.name), "missing \(option.name)")
        }
        #expect(script.contains("'--colour=[the colour (red or green)]:C:(red green)'"))
        #expect(script.contains("'(--output -o)'{--output=,-o}'[where]:FILE:_files'"))
        #expect(script.contains("'--quiet[say less \\[really\\]\\: it'\\''s '\\''quiet'\\'']'"))
        #expect(script.contains("'cmd:Do things'"))
    }

    @Test func generateIsHiddenAndAnswersEachKind() {
        #expect(!Self.tool.spec.help.contains(Tool.generateCommand))
        #expect(Self.tool.run(["__generate", "man"]).status == 0)
        #expect(Self.tool.run(["__generate", "man", "cmd"]).standardOutput == Array(ManPage.page(of: Self.tool, subcommand: "cmd")!.utf8))
        #expect(Self.tool.run(["__generate", "pages"]).standardOutput == Array("tool\ntool-cmd\ntool-other\n".utf8))
        #expect(Self.tool.run(["__generate", "bash"]).standardOutput == Array(Completion.bash(Self.tool).utf8))
        #expect(Self.tool.run(["__generate", "zsh"]).standardOutput == Array(Completion.zsh(Self.tool).utf8))
        #expect(Self.tool.run(["__generate", "man", "nope"]).status == 64)
        #expect(Self.tool.run(["__generate"]).status == 64)
        #expect(Self.tool.run(["__generate", "fish"]).status == 64)
    }
}
