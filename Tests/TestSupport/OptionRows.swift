import CommandLineSupport

/// Every typed option row of a tool held to what it declares, for both tools' tests: its help and man page show
/// its range and default, the getter accepts the range's ends and refuses just past them with the one-line error
/// that names the flag, the value given and the range, its default reads in its own grammar, and completion and
/// the man page list it (``GeneratedPages``).
package enum OptionRows {
    /// Every broken promise of every row of every subcommand of `tool`, described for a failure message; empty
    /// when there is none.
    package static func problems(in tool: Tool) -> [String] {
        var problems: [String] = []
        for subcommand in tool.subcommands {
            guard let spec = subcommand.spec else { continue }
            problems += GeneratedPages.missing(in: tool, subcommand: subcommand.name)
            let page = ManPage.page(of: tool, subcommand: subcommand.name) ?? ""
            for row in spec.options {
                problems += Self.problems(of: row, in: spec, page: page).map { "\(spec.name) \(row.name): \($0)" }
            }
        }
        return problems
    }

    /// Rows that share a name across `tool`'s subcommands but not their range, except `allowed` (each a
    /// deliberate difference the command documents).
    package static func differingRanges(in tool: Tool, allowed: Set<String>) -> [String] {
        var seen: [String: (command: String, expected: String?)] = [:]
        var differing: [String] = []
        for spec in tool.subcommands.compactMap(\.spec) {
            for row in spec.options where !allowed.contains(row.name) {
                let expected = row.value?.expected
                if let first = seen[row.name], first.expected != expected {
                    differing.append("\(row.name): \(first.command) \(first.expected ?? "flag"), "
                        + "\(spec.name) \(expected ?? "flag")")
                }
                if seen[row.name] == nil { seen[row.name] = (spec.name, expected) }
            }
        }
        return differing
    }

    static func problems(of row: OptionSpec, in spec: CommandSpec, page: String) -> [String] {
        guard let kind = row.value else { return [] }
        var problems: [String] = []
        if let shown = row.rangeAndDefault {
            if !spec.help.contains(shown) { problems.append("help lacks \(shown)") }
            if !page.contains(ManPage.escape(shown)) { problems.append("man page lacks \(shown)") }
        }
        for end in kind.ends {
            do {
                if try spec.parse(["\(row.name)=\(end)"]).checked(row) == nil { problems.append("\(end) read as nothing") }
            } catch {
                problems.append("refuses the end \(end): \(error)")
            }
        }
        for past in kind.pastEnds {
            let expected = "\(spec.name): \(row.name) \"\(past)\": expected \(kind.expected) (see '\(spec.name) --help')"
            do {
                _ = try spec.parse(["\(row.name)=\(past)"]).checked(row)
                problems.append("accepts \(past), past an end")
            } catch {
                if error.description != expected { problems.append("refuses \(past) with \(error), not \(expected)") }
            }
        }
        if case .value(let text)? = row.defaultValue {
            do {
                if try spec.parse([]).checked(row) == nil { problems.append("default \(text) read as nothing") }
            } catch {
                problems.append("its default does not read: \(error)")
            }
        }
        return problems
    }
}
