import Testing

@testable import CommandLineSupport

struct CommandSpecTests {
    enum Colour: String, CaseIterable { case red, green }

    static let spec = CommandSpec(
        name: "tool cmd", synopsis: ["tool cmd [options] FILE..."], abstract: "Does things.",
        sections: [
            HelpSection(
                "OPTIONS",
                [
                    count.row, output.row, quiet.row,
                ])
        ],
        epilogue: "EXIT: 0 or 64")

    static let count = Option<Int>("--count", "N", .integer(in: 1...5), help: "how many")
    static let output = Option<String>("--output", "FILE", alias: "-o", help: "where\nto write")
    static let quiet = Option<Bool>(flag: "--quiet", help: "say less")
    /// `--count` read as other kinds of value.
    static let countAsNumber = Option<Double>("--count", "N", .number(in: 0...10, aboveLowerBound: true), help: "")
    static let countAsSeconds = Option<Duration>("--count", "N", .seconds(in: 0...10), help: "")
    static let countAsColour = Option<Colour>("--count", "N", .choice, help: "")

    @Test func parsesBothSpellingsFlagsAliasesAndOperands() throws {
        let p = try Self.spec.parse(["a", "--count=3", "-o", "x", "--quiet", "--", "--count"])
        #expect(p.operands == ["a", "--count"])
        #expect(try p.value(of: Self.count) == 3)
        #expect(p.text(of: Self.output) == "x")
        #expect(p.has(Self.quiet))
        #expect(!p.helpRequested)
    }

    /// A repeated option's value is its last; every value, in order and in each spelling, is there for an option
    /// that may be repeated (`zkprobe serve --allow-learned-members`).
    @Test func aRepeatedOptionKeepsEveryValueInOrder() throws {
        let p = try Self.spec.parse(["--output", "a", "-o", "b", "--output=c", "-od"])
        #expect(p.text(of: Self.output) == "d")
        #expect(p.texts(of: Self.output) == ["a", "b", "c", "d"])
        #expect(p.texts(of: Self.count).isEmpty)
    }

    @Test(arguments: [["--bogus", "-h"], ["x", "--help"], ["-h", "--count"], ["-vh"], ["-hv"], ["-Vh"]])
    func helpAnywhereBeforeTheEndOfOptionsWins(_ arguments: [String]) throws {
        #expect(try Self.spec.parse(arguments).helpRequested)
    }

    @Test(arguments: [
        (["--bogus"], "unknown option --bogus"), (["--count"], "--count needs a value (N)"),
        (["--quiet=1"], "--quiet takes no value"), (["--x\u{1B}[2J"], "unknown option --x\\u{1b}[2J"),
    ])
    func refusalsNameTheOption(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError(message, command: "tool cmd")) { try Self.spec.parse(arguments) }
    }

    @Test(arguments: ["0", "6", "1e30", "-1", "3.5", "nan", "99999999999999999999", ""])
    func integersOutsideTheRangeAreRefusedWithTheRange(_ text: String) throws {
        let p = try Self.spec.parse(["--count", text])
        #expect {
            try p.value(of: Self.count)
        } throws: { error in
            "\(error)".contains("expected a whole number from 1 to 5") && "\(error)".hasPrefix("tool cmd: --count")
        }
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e309", "0", "11"])
    func numbersMustBeFiniteAndInRange(_ text: String) throws {
        let p = try Self.spec.parse(["--count", text])
        #expect(throws: UsageError.self) { try p.value(of: Self.countAsNumber) }
    }

    @Test func secondsBecomeADuration() throws {
        let p = try Self.spec.parse(["--count", "0.25"])
        #expect(try p.value(of: Self.countAsSeconds) == .milliseconds(250))
        #expect(try Self.spec.parse([]).value(of: Self.countAsSeconds) == nil)
    }

    @Test func choicesListTheirValues() throws {
        let p = try Self.spec.parse(["--count", "blue"])
        #expect(throws: UsageError("--count \"blue\": expected one of red or green", command: "tool cmd")) {
            try p.value(of: Self.countAsColour)
        }
    }

    @Test func aDefaultInTheRowsGrammarIsWhatTheGetterGivesWhenTheOptionIsAbsent() throws {
        let absent = try Self.spec.parse([])
        #expect(try absent.value(of: Self.count.defaulting("4")) == 4)
        #expect(try absent.value(of: Self.count.defaulting(.note("as many as there are"))) == nil)
        #expect(try Self.spec.parse(["--count", "2"]).value(of: Self.count.defaulting("4")) == 2)
        // A default outside the row's range is refused like a value typed in, so a test of every row finds it.
        #expect(throws: UsageError("--count \"6 (default)\": expected a whole number from 1 to 5", command: "tool cmd")) {
            try absent.value(of: Self.count.defaulting("6"))
        }
    }

    @Test func helpEndsARowWithItsRangeAndDefault() {
        #expect(Self.spec.help.contains("  --count N          how many (1 to 5)\n"))
        var row = Self.count.defaulting("3").spec
        #expect(row.shownHelp() == "how many (1 to 5; default 3)")
        row.help = String(repeating: "x", count: 60)
        #expect(row.shownHelp() == String(repeating: "x", count: 60) + "\n(1 to 5; default 3)")
        #expect(row.shownHelp(width: 80) == String(repeating: "x", count: 60) + " (1 to 5; default 3)")
    }

    @Test func aFractionIsStrictlyBetweenZeroAndOne() throws {
        let fraction = Option<Double>("--count", "F", .fraction, help: "")
        #expect(try Self.spec.parse(["--count", "0.05"]).value(of: fraction) == 0.05)
        for text in ["0", "1", "1.5", "-0.1"] {
            #expect(throws: UsageError.self) { try Self.spec.parse(["--count=\(text)"]).value(of: fraction) }
        }
    }

    @Test func helpIsGeneratedFromTheTable() {
        let help = Self.spec.help
        #expect(help.hasPrefix("USAGE: tool cmd [options] FILE...\n\nDoes things.\n\nOPTIONS:\n"))
        for option in Self.spec.options { #expect(help.contains(option.name), "\(option.name)") }
        #expect(help.contains("  -o, --output FILE  where\n                     to write\n"))
        #expect(help.contains("  -h, --help         Show this help\n"))
        #expect(help.hasSuffix("EXIT: 0 or 64\n"))
    }

    @Test func theToolLevelRefusesUnknownSubcommandsWithItsUsageStatus() {
        let tool = Tool(
            name: "tool", version: "1.2", abstract: "A tool.",
            subcommands: [Tool.Subcommand("cmd", "does things") { _ in .printing("ran\n") }], usageStatus: 64,
            epilogue: "")
        #expect(tool.run(["--version"]) == .printing("tool 1.2\n"))
        #expect(tool.run(["cmd"]).outputText == "ran\n")
        let unknown = tool.run(["nope"])
        #expect(unknown.status == 64)
        #expect(unknown.standardError == "tool: unknown subcommand \"nope\"; subcommands: cmd (see 'tool --help')\n")
        #expect(tool.run([]).status == 64)
    }
}
