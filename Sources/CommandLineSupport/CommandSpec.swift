import ToolkitSupport

/// One option of a command: its name, an optional short alias, its value's placeholder (none for a flag), the
/// help text (lines after the first are indented under it), and for an option with a value, what the value may be
/// and its default. Commands declare rows as typed keys (``Option``); help, man pages, completion and the getter
/// (``ParsedArguments/value(of:)``) all read the same row.
package struct OptionSpec: Sendable {
    package var name: String
    package var alias: String?
    package var placeholder: String?
    /// The help text without the range and default, which ``shownHelp`` adds from the row.
    package var help: String
    /// What the value may be (nil for a flag).
    package var value: OptionValue<any Sendable>?
    package var defaultValue: OptionDefault?

    package init(_ name: String, _ placeholder: String? = nil, alias: String? = nil, help: String) {
        self.name = name
        self.alias = alias
        self.placeholder = placeholder
        self.help = help
    }

    /// The values a shell may complete (a choice's names).
    package var choices: [String] { value?.choices ?? [] }

    /// `(RANGE; default DEFAULT)` from the row, or nil when it has neither.
    package var rangeAndDefault: String? {
        let parts = [value?.range, defaultValue.map { "default \($0.text)" }].compactMap { $0 }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: "; ") + ")"
    }

    /// The help as every rendering shows it: the text, then the range and default on its last line, or on a
    /// line of their own when that line would pass `width` characters.
    package func shownHelp(width: Int = 72) -> String {
        guard let suffix = rangeAndDefault else { return help }
        let last = help.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        if help.isEmpty { return suffix }
        return help + (last.count + 1 + suffix.count > width ? "\n" : " ") + suffix
    }

    package var takesValue: Bool { placeholder != nil }

    package var label: String {
        let names = [alias, name].compactMap { $0 }.joined(separator: ", ")
        return placeholder.map { "\(names) \($0)" } ?? names
    }
}

/// A titled block of help: options, and operands described (but not parsed) the same way.
package struct HelpSection: Sendable {
    package enum Row: Sendable {
        case option(OptionSpec)
        /// An operand or any other labelled line: `label` then `help`.
        case text(label: String, help: String)
    }

    package var title: String
    package var rows: [Row]

    package init(_ title: String, _ rows: [Row]) {
        self.title = title
        self.rows = rows
    }
}

/// The table a command parses with and prints as its help, so the two cannot drift apart.
///
/// Options take a value as `--name VALUE` or `--name=VALUE`; flags take none; `-h`/`--help` anywhere before
/// `--` asks for help; `--` ends the options; `-` alone is an operand.
package struct CommandSpec: Sendable {
    /// The command as typed: `zkprobe check`.
    package var name: String
    /// The lines after `USAGE: `.
    package var synopsis: [String]
    package var abstract: String
    package var sections: [HelpSection]
    /// Text after the option sections, such as the exit statuses.
    package var epilogue: String
    /// The tool's version (`0.1.0`): `-V`/`--version` prints `TOOL VERSION` (the first word of `name`).
    package var version: String
    /// Whether `-v`/`--verbose` is offered: every subcommand; not a tool's top level, which only dispatches.
    package var takesVerbosity = true

    package init(
        name: String, synopsis: [String], abstract: String, sections: [HelpSection], epilogue: String = "",
        version: String = "0.1.0"
    ) {
        self.name = name
        self.synopsis = synopsis
        self.abstract = abstract
        self.sections = sections
        self.epilogue = epilogue
        self.version = version
    }

    package static let helpOption = OptionSpec("--help", alias: "-h", help: "Show this help")
    /// `-V`/`--version` on every command, as the Monitoring Plugins guidelines ask of a plugin.
    package static let versionOption = OptionSpec("--version", alias: "-V", help: "Show the version")
    /// `-v`, counted: `-v -v`, `-vv` and `--verbose --verbose` are all level 2 (what each level adds is the
    /// command's to say; 0, the default, is the least).
    package static let verboseOption = OptionSpec(
        "--verbose", alias: "-v", help: "More detail; repeat for more (-vv, -vvv)")

    /// `-t`/`--timeout` for a command that has no deadline of its own (`quorumsim`): a wall-clock limit on the
    /// whole command, enforced by the tool's `main` (``ProcessSettings/armWatchdog(seconds:line:status:)``).
    package static let wallClockTimeout = Option<Duration>(
        "--timeout", "SECONDS", alias: "-t", .seconds(in: 0...31_536_000), default: .note("no limit"),
        help: "Stop after SECONDS of wall-clock time: one line on standard error, exit 1")

    /// The options every command has whether its table lists them or not (help listed last in the help page).
    var standardOptions: [OptionSpec] {
        [Self.versionOption] + (takesVerbosity ? [Self.verboseOption] : []) + [Self.helpOption]
    }

    /// `TOOL VERSION`, the line `--version` prints.
    package var versionLine: String { "\(name.split(separator: " ").first.map(String.init) ?? name) \(version)\n" }

    /// Every option in the table, `--help` included.
    package var options: [OptionSpec] {
        var all: [OptionSpec] = sections.flatMap { section in
            section.rows.compactMap { if case .option(let o) = $0 { o } else { nil } }
        }
        for standard in standardOptions where !all.contains(where: { $0.name == standard.name }) {
            all.append(standard)
        }
        return all
    }

    /// The sections as every rendering shows them (help, man page): the standard options the table does not
    /// list go at the end of its last section, help last.
    package var displayedSections: [HelpSection] {
        var sections = sections
        for standard in standardOptions {
            let listed = sections.contains {
                $0.rows.contains { if case .option(let o) = $0 { o.name == standard.name } else { false } }
            }
            if listed { continue }
            if sections.isEmpty { sections.append(HelpSection("OPTIONS", [])) }
            sections[sections.count - 1].rows.append(.option(standard))
        }
        return sections
    }

    /// The help page, generated from the table.
    package var help: String {
        var out = "USAGE: " + synopsis.joined(separator: "\n       ") + "\n\n" + abstract + "\n"
        let sections = displayedSections
        let labels = sections.flatMap { $0.rows.map(Self.label) }
        let column = min(max(labels.map(\.count).max() ?? 0, 12) + 4, 36)
        for section in sections {
            out += "\n\(section.title):\n"
            for row in section.rows {
                let help = Self.helpText(row, width: 80 - column)
                out += Self.format(label: Self.label(row), help: help, column: column)
            }
        }
        if !epilogue.isEmpty { out += "\n" + epilogue + (epilogue.hasSuffix("\n") ? "" : "\n") }
        return out
    }

    private static func label(_ row: HelpSection.Row) -> String {
        switch row {
        case .option(let o): return o.label
        case .text(let label, _): return label
        }
    }

    private static func helpText(_ row: HelpSection.Row, width: Int) -> String {
        switch row {
        case .option(let o): return o.shownHelp(width: width)
        case .text(_, let help): return help
        }
    }

    /// `  LABEL   help`, continuation lines under the help column; a label too long for it gets its own line.
    private static func format(label: String, help: String, column: Int) -> String {
        let pad = String(repeating: " ", count: column)
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var head = "  " + label
        if head.count + 2 > column {
            head += "\n" + pad
        } else {
            head += String(repeating: " ", count: column - head.count)
        }
        return head + lines.joined(separator: "\n" + pad) + "\n"
    }

    /// Splits `arguments` into options and operands.
    ///
    /// Short options may be grouped (`-vv`, `-Vv`); a short option that takes a value may carry it attached
    /// (`-t5`) or take the next argument. `-v`/`--verbose` is counted in ``ParsedArguments/verbosity``.
    /// - Throws: `UsageError` naming the option for an unknown option, a missing value, or a value given to a flag.
    package func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(command: name)
        let beforeEnd = arguments.prefix(while: { $0 != "--" })
        // Help anywhere before `--` wins over every other problem on the line; then the version.
        if beforeEnd.contains(where: { $0 == "--help" || Self.isShortGroup($0, holding: "h") }) {
            parsed.helpRequested = true
            return parsed
        }
        if beforeEnd.contains(where: { $0 == "--version" || Self.isShortGroup($0, holding: "V") }) {
            parsed.versionRequested = true
            return parsed
        }
        var index = 0
        var ended = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if ended || !argument.hasPrefix("-") || argument == "-" {
                parsed.operands.append(argument)
            } else if argument == "--" {
                ended = true
            } else if !argument.hasPrefix("--"), argument.count > 2 {
                try parseShortGroup(argument, arguments, &index, into: &parsed)
            } else {
                try parseOption(argument, arguments, &index, into: &parsed)
            }
        }
        return parsed
    }

    /// Whether `argument` is a group of the standard short flags (`-vV`, `-vh`) holding `letter`, before any
    /// value it carries.
    static func isShortGroup(_ argument: String, holding letter: Character) -> Bool {
        guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count >= 2 else { return false }
        // Only the letters up to the first that takes a value are options: `-t5V` is not `-V`.
        return argument.dropFirst().prefix(while: { $0 == "v" || $0 == "V" || $0 == "h" }).contains(letter)
            || argument == "-\(letter)"
    }

    /// `--name`, `--name=VALUE`, `-x` or `-x VALUE`.
    private func parseOption(
        _ argument: String, _ arguments: [String], _ index: inout Int, into parsed: inout ParsedArguments
    ) throws(UsageError) {
        var flag = argument
        var inline: String?
        if let eq = argument.firstIndex(of: "=") {
            flag = String(argument[..<eq])
            inline = String(argument[argument.index(after: eq)...])
        }
        guard let option = options.first(where: { $0.name == flag || $0.alias == flag }) else {
            throw UsageError("unknown option \(Self.shown(flag))", command: name)
        }
        if option.takesValue {
            if let inline {
                parsed.record(option.name, inline)
            } else {
                guard index < arguments.count else {
                    throw UsageError("\(option.name) needs a value (\(option.placeholder ?? "VALUE"))", command: name)
                }
                parsed.record(option.name, arguments[index])
                index += 1
            }
        } else {
            guard inline == nil else { throw UsageError("\(option.name) takes no value", command: name) }
            parsed.record(flag: option.name)
        }
    }

    /// `-vv`, `-vt5`: each letter a short option; one that takes a value takes the rest of the group, or the
    /// next argument when it is the last letter.
    private func parseShortGroup(
        _ argument: String, _ arguments: [String], _ index: inout Int, into parsed: inout ParsedArguments
    ) throws(UsageError) {
        var letters = Substring(argument.dropFirst())
        while let letter = letters.popFirst() {
            guard let option = options.first(where: { $0.alias == "-\(letter)" }) else {
                throw UsageError("unknown option \(Self.shown("-\(letter)")) in \(Self.shown(argument))", command: name)
            }
            guard option.takesValue else {
                parsed.record(flag: option.name)
                continue
            }
            if !letters.isEmpty {
                parsed.record(option.name, String(letters))
                return
            }
            guard index < arguments.count else {
                throw UsageError("\(option.name) needs a value (\(option.placeholder ?? "VALUE"))", command: name)
            }
            parsed.record(option.name, arguments[index])
            index += 1
        }
    }

    /// `text` as it can be shown on one line: control characters escaped, at most 60 characters.
    package static func shown(_ text: String) -> String { oneLine(text, limit: 60) }
}

extension CommandSpec {
    /// The one shape of every subcommand of both tools: `parse` the arguments with this table (`nil` asks for
    /// help or the version), then run `body` with the result. Help and the version go to standard output with
    /// status 0; a `UsageError` becomes one line with `usageStatus`.
    package func run<Invocation>(
        _ arguments: [String], usageStatus: Int32, parse: ([String]) throws(UsageError) -> Invocation?,
        _ body: (Invocation) -> CommandOutcome
    ) -> CommandOutcome {
        run(
            arguments, usageStatus: usageStatus, parse: parse,
            otherError: { .failure("\(name): \($0)", status: usageStatus) }, body)
    }

    /// The same for a command whose parsing also reads a file (`quorumsim recommend --from`): an error other than
    /// a `UsageError` becomes what `otherError` makes of it.
    package func run<Invocation>(
        _ arguments: [String], usageStatus: Int32, parse: ([String]) throws -> Invocation?,
        otherError: (any Error) -> CommandOutcome, _ body: (Invocation) -> CommandOutcome
    ) -> CommandOutcome {
        let invocation: Invocation?
        do {
            invocation = try parse(arguments)
        } catch let error as UsageError {
            return .usage(error, status: usageStatus)
        } catch {
            return otherError(error)
        }
        guard let invocation else {
            // `parse` returns nil for help and for the version; tell them apart without a second table.
            let parsed = try? self.parse(arguments)
            return .printing(parsed?.versionRequested == true ? versionLine : help)
        }
        return body(invocation)
    }
}
