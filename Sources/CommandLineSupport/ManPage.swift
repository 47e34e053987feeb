/// Man pages (roff, section 1) generated from a tool's option tables, the same `CommandSpec`s that parse the
/// command line and print `--help`: `zkprobe(1)` for the tool and `zkprobe-check(1)` for each subcommand.
///
/// A page has NAME, SYNOPSIS, DESCRIPTION, one section per `HelpSection` (each row a `.TP` entry), the epilogue
/// (NOTES), EXIT STATUS and SEE ALSO. An epilogue block that starts `EXIT STATUS:` or `EXIT CODES:` becomes the
/// EXIT STATUS section; a subcommand without one takes its tool's, and the tool's page gathers its subcommands'.
/// SEE ALSO names the tool's other pages and its `Tool.seeAlso` (the section-5 file formats). Help text writes
/// code in backquotes, as the Markdown docs do; a page sets it in bold.
package enum ManPage {
    /// The title of the package's pages, in the centre of the page footer.
    package static let manual = "ZooKeeper toolkit"

    /// The page of the tool itself: `zkprobe(1)`.
    package static func page(of tool: Tool) -> String {
        let spec = tool.spec
        let (notes, ownStatus) = split(epilogue: tool.epilogue)
        var status = ownStatus
        if status.isEmpty {
            for subcommand in tool.subcommands {
                guard let sub = subcommand.spec else { continue }
                let lines = split(epilogue: sub.epilogue).exitStatus
                guard !lines.isEmpty else { continue }
                status += ["\(sub.name):"] + dedented(lines).map { "  " + $0 } + [""]
            }
            while status.last == "" { status.removeLast() }
        }
        let subcommandPages = tool.subcommands.filter { $0.spec != nil }.map { pageName(tool, $0.name) }
        return render(
            title: tool.name, summary: firstSentence(tool.abstract), version: "\(tool.name) \(tool.version)",
            synopsis: spec.synopsis, description: tool.abstract, sections: spec.sections,
            notes: notes, exitStatus: status, seeAlso: subcommandPages + tool.seeAlso)
    }

    /// The page of one subcommand, `zkprobe-check(1)`; nil when there is no such subcommand or it has no table.
    package static func page(of tool: Tool, subcommand name: String) -> String? {
        guard let subcommand = tool.subcommands.first(where: { $0.name == name }), let spec = subcommand.spec
        else { return nil }
        let (notes, ownStatus) = split(epilogue: spec.epilogue)
        let status = ownStatus.isEmpty ? split(epilogue: tool.epilogue).exitStatus : ownStatus
        let others = tool.subcommands.filter { $0.spec != nil && $0.name != name }.map { pageName(tool, $0.name) }
        return render(
            title: "\(tool.name)-\(name)", summary: subcommand.summary, version: "\(tool.name) \(tool.version)",
            synopsis: spec.synopsis, description: spec.abstract, sections: spec.displayedSections,
            notes: notes, exitStatus: status, seeAlso: ["\(tool.name)(1)"] + others + tool.seeAlso)
    }

    /// The file names of every page of `tool`, without the section suffix: `zkprobe`, `zkprobe-check`, ….
    package static func pageNames(of tool: Tool) -> [String] {
        [tool.name] + tool.subcommands.filter { $0.spec != nil }.map { "\(tool.name)-\($0.name)" }
    }

    // MARK: roff

    /// `text` safe in roff running text: backslashes as `\e`, every `-` as `\-` (a real minus, so that options
    /// can be searched and copied), a backquote as `\(ga`, and a line that would start with `.` or `'` (a request)
    /// guarded with `\&`.
    package static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "`": out += "\\(ga"
            default: out.append(character)
            }
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : String(line)
        }.joined(separator: "\n")
    }

    /// Help text as roff: each `code` span (in backquotes, as in the Markdown docs) in bold, the rest escaped.
    package static func running(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`"), let close = rest[rest.index(after: open)...].firstIndex(of: "`") {
            out += escape(String(rest[..<open])) + "\\fB" + escape(String(rest[rest.index(after: open)..<close])) + "\\fR"
            rest = rest[rest.index(after: close)...]
        }
        return out + escape(String(rest))
    }

    static func render(
        title: String, summary: String, version: String, synopsis: [String], description: String,
        sections: [HelpSection], notes: [String], exitStatus: [String], seeAlso: [String]
    ) -> String {
        var out = [
            ".\\\" Generated from the option tables by \"\(version.split(separator: " ")[0]) __generate man\"; do not edit.",
            ".TH \(quoted(title.uppercased())) 1 \"\" \(quoted(version)) \(quoted(manual))",
            ".SH NAME",
            escape("\(title) - \(summary)"),
            ".SH SYNOPSIS",
            ".nf",
        ]
        out += synopsis.map(escape)
        out += [".fi", ".SH DESCRIPTION"]
        out += paragraphs(description)
        for section in sections {
            out.append(".SH \(quoted(escape(section.title)))")
            for row in section.rows {
                out.append(".TP")
                switch row {
                case .option(let option):
                    out.append(label(option))
                    var shown = option
                    if shown.help.isEmpty { shown.help = "The same, at critical level." }
                    out.append(running(joined(shown.shownHelp())))
                case .text(let label, let help):
                    out.append("\\fI" + escape(label) + "\\fR")
                    out.append(running(joined(help)))
                }
            }
        }
        if !notes.isEmpty {
            out.append(".SH NOTES")
            out += paragraphs(notes.joined(separator: "\n"))
        }
        if !exitStatus.isEmpty {
            out.append(".SH \"EXIT STATUS\"")
            out += paragraphs(exitStatus.joined(separator: "\n"))
        }
        if !seeAlso.isEmpty {
            out.append(".SH \"SEE ALSO\"")
            out.append(seeAlso.map { ref in
                guard let open = ref.firstIndex(of: "(") else { return "\\fB\(escape(ref))\\fR" }
                return "\\fB\(escape(String(ref[..<open])))\\fR\(ref[open...])"
            }.joined(separator: ",\n"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `\fB-o\fR, \fB--output\fR \fIFILE\fR`.
    static func label(_ option: OptionSpec) -> String {
        let names = [option.alias, option.name].compactMap { $0 }.map { "\\fB" + escape($0) + "\\fR" }
        let value = option.placeholder.map { " \\fI" + escape($0) + "\\fR" } ?? ""
        return names.joined(separator: ", ") + value
    }

    /// Running text: lines joined into paragraphs, a blank line between paragraphs; indented lines (tables in
    /// the help text) kept as they are.
    static func paragraphs(_ text: String) -> [String] {
        var out: [String] = []
        var preformatted = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let indented = line.hasPrefix(" ")
            if indented != preformatted {
                out.append(indented ? ".nf" : ".fi")
                preformatted = indented
            }
            if line.trimmingLeadingSpaces.isEmpty {
                if out.last != ".PP" && !out.isEmpty { out.append(".PP") }
            } else {
                out.append(running(line))
            }
        }
        if preformatted { out.append(".fi") }
        while out.last == ".PP" { out.removeLast() }
        return out
    }

    /// Help text continues on indented lines in `--help`; a man page fills them into one paragraph.
    static func joined(_ help: String) -> String {
        help.split(separator: "\n").map { $0.trimmingLeadingSpaces }.joined(separator: " ")
    }

    static func quoted(_ text: String) -> String { "\"" + text.replacingAll("\"", with: "\\(dq") + "\"" }

    static func firstSentence(_ text: String) -> String {
        let flat = joined(text)
        guard let end = flat.firstRange(of: ". ") ?? flat.firstRange(of: "? ") else {
            return flat.hasSuffix(".") ? String(flat.dropLast()) : flat
        }
        let sentence = String(flat[..<end.lowerBound])
        return flat[end.lowerBound] == "?" ? sentence + "?" : sentence
    }

    /// `lines` without the indentation they all share (blank lines aside), keeping the deeper indents.
    static func dedented(_ lines: [String]) -> [String] {
        let indent = lines.filter { !$0.trimmingLeadingSpaces.isEmpty }.map { $0.count - $0.trimmingLeadingSpaces.count }.min() ?? 0
        return lines.map { String($0.dropFirst(min(indent, $0.count - $0.trimmingLeadingSpaces.count))) }
    }

    static func pageName(_ tool: Tool, _ subcommand: String) -> String { "\(tool.name)-\(subcommand)(1)" }


    /// The epilogue without its exit-status block, and that block's lines (heading removed).
    static func split(epilogue: String) -> (notes: [String], exitStatus: [String]) {
        var notes: [String] = []
        var status: [String] = []
        var inStatus = false
        for line in epilogue.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let rest = ["EXIT STATUS:", "EXIT CODES:"].lazy.compactMap({ line.removingPrefix($0) }).first {
                inStatus = true
                let text = rest.trimmingLeadingSpaces
                if !text.isEmpty { status.append(text) }
                continue
            }
            if inStatus && line.isEmpty {
                inStatus = false
                continue
            }
            if inStatus { status.append(line) } else { notes.append(line) }
        }
        while notes.last?.isEmpty == true { notes.removeLast() }
        while notes.first?.isEmpty == true { notes.removeFirst() }
        return (notes, status)
    }
}

extension StringProtocol {
    var trimmingLeadingSpaces: String { String(drop(while: { $0 == " " })) }

    func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
