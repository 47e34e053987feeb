import ToolkitSupport

/// One option of a command: its name, an optional short alias, its value's placeholder (none for a flag) and
/// the help text (lines after the first are indented under it).
package struct OptionSpec: Sendable {
    package var name: String
    package var alias: String?
    package var placeholder: String?
    package var help: String
    /// The values the option accepts, when the table knows them (for shell completion; the help text says them
    /// in words and the command checks them with `ParsedArguments.choice`).
    package var choices: [String]

    package init(
        _ name: String, _ placeholder: String? = nil, alias: String? = nil, choices: [String] = [], help: String
    ) {
        self.name = name
        self.alias = alias
        self.placeholder = placeholder
        self.choices = choices
        self.help = help
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

    package init(name: String, synopsis: [String], abstract: String, sections: [HelpSection], epilogue: String = "") {
        self.name = name
        self.synopsis = synopsis
        self.abstract = abstract
        self.sections = sections
        self.epilogue = epilogue
    }

    package static let helpOption = OptionSpec("--help", alias: "-h", help: "Show this help")

    /// Every option in the table, `--help` included.
    package var options: [OptionSpec] {
        var all: [OptionSpec] = sections.flatMap { section in
            section.rows.compactMap { if case .option(let o) = $0 { o } else { nil } }
        }
        if !all.contains(where: { $0.name == "--help" }) { all.append(Self.helpOption) }
        return all
    }

    /// The help page, generated from the table.
    package var help: String {
        var out = "USAGE: " + synopsis.joined(separator: "\n       ") + "\n\n" + abstract + "\n"
        var sections = sections
        let listsHelp = sections.contains { $0.rows.contains { if case .option(let o) = $0 { o.name == "--help" } else { false } } }
        if !listsHelp {
            if sections.isEmpty { sections.append(HelpSection("OPTIONS", [])) }
            sections[sections.count - 1].rows.append(.option(Self.helpOption))
        }
        let labels = sections.flatMap { $0.rows.map(Self.label) }
        let column = min(max(labels.map(\.count).max() ?? 0, 12) + 4, 36)
        for section in sections {
            out += "\n\(section.title):\n"
            for row in section.rows {
                out += Self.format(label: Self.label(row), help: Self.helpText(row), column: column)
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

    private static func helpText(_ row: HelpSection.Row) -> String {
        switch row {
        case .option(let o): return o.help
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
    /// - Throws: `UsageError` naming the option for an unknown option, a missing value, or a value given to a flag.
    package func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(command: name)
        // Help anywhere before `--` wins over every other problem on the line.
        if arguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            parsed.helpRequested = true
            return parsed
        }
        let table = options
        var index = 0
        var ended = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if ended || !argument.hasPrefix("-") || argument == "-" {
                parsed.operands.append(argument)
                continue
            }
            if argument == "--" {
                ended = true
                continue
            }
            var flag = argument
            var inline: String?
            if let eq = argument.firstIndex(of: "=") {
                flag = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            guard let option = table.first(where: { $0.name == flag || $0.alias == flag }) else {
                throw UsageError("unknown option \(Self.shown(flag))", command: name)
            }
            if option.name == "--help" {
                parsed.helpRequested = true
            } else if option.takesValue {
                if let inline {
                    parsed.values[option.name] = inline
                } else {
                    guard index < arguments.count else {
                        throw UsageError("\(option.name) needs a value (\(option.placeholder ?? "VALUE"))", command: name)
                    }
                    parsed.values[option.name] = arguments[index]
                    index += 1
                }
            } else {
                guard inline == nil else { throw UsageError("\(option.name) takes no value", command: name) }
                parsed.flags.insert(option.name)
            }
        }
        return parsed
    }

    /// `text` as it can be shown on one line: control characters escaped, at most 60 characters.
    package static func shown(_ text: String) -> String { oneLine(text, limit: 60) }
}

extension CommandSpec {
    /// The common shape of a command: `parse` the arguments (`nil` asks for help), then run `body` with the result.
    /// Help goes to standard output with status 0; a `UsageError` becomes one line with `usageStatus`.
    package func run<Invocation>(
        _ arguments: [String], usageStatus: Int32, parse: ([String]) throws(UsageError) -> Invocation?,
        _ body: (Invocation) -> CommandOutcome
    ) -> CommandOutcome {
        let invocation: Invocation?
        do {
            invocation = try parse(arguments)
        } catch {
            return .usage(error, status: usageStatus)
        }
        guard let invocation else { return .printing(help) }
        return body(invocation)
    }
}
