import ToolkitSupport

/// A tool's top level: its subcommands, `--help` and `--version`, the same for `zkprobe` and `quorumsim`.
package struct Tool: Sendable {
    package struct Subcommand: Sendable {
        package var name: String
        package var summary: String
        /// The subcommand's option table, for its man page and shell completion.
        package var spec: CommandSpec?
        package var run: @Sendable ([String]) -> CommandOutcome

        package init(
            _ name: String, _ summary: String, spec: CommandSpec? = nil,
            run: @escaping @Sendable ([String]) -> CommandOutcome
        ) {
            self.name = name
            self.summary = summary
            self.spec = spec
            self.run = run
        }
    }

    package var name: String
    package var version: String
    package var abstract: String
    package var subcommands: [Subcommand]
    /// The exit status of a wrong command line.
    package var usageStatus: Int32
    package var epilogue: String
    /// Pages outside the tool's own that every one of its man pages names under SEE ALSO: the section-5 pages of
    /// the files it reads, `quorumsim-scenario(5)` (`scripts/package` installs them; docs/packaging.md).
    package var seeAlso: [String]

    package init(
        name: String, version: String, abstract: String, subcommands: [Subcommand], usageStatus: Int32,
        epilogue: String, seeAlso: [String] = []
    ) {
        self.name = name
        self.version = version
        self.abstract = abstract
        self.subcommands = subcommands
        self.usageStatus = usageStatus
        self.epilogue = epilogue
        self.seeAlso = seeAlso
    }

    package var spec: CommandSpec {
        var spec = CommandSpec(
            name: name, synopsis: ["\(name) <subcommand> [options]"], abstract: abstract,
            sections: [
                HelpSection("SUBCOMMANDS", subcommands.map { .text(label: $0.name, help: $0.summary) }),
                HelpSection(
                    "OPTIONS",
                    [.option(CommandSpec.helpOption), .option(CommandSpec.versionOption)]),
            ],
            epilogue: "Run '\(name) <subcommand> --help' for a subcommand's arguments and exit statuses.\n"
                + "Numbers in every option are \(DecimalText.grammar).\n"
                + (epilogue.isEmpty ? "" : "\n" + epilogue),
            version: version)
        spec.takesVerbosity = false
        return spec
    }

    package func run(_ arguments: [String]) -> CommandOutcome {
        guard let first = arguments.first else {
            let example = subcommands.first.map { "\(name) \($0.name) --help" } ?? "\(name) --help"
            return .usage(UsageError("missing subcommand, such as: \(example)", command: name), status: usageStatus)
        }
        switch first {
        case "-h", "--help", "help":
            return .printing(spec.help)
        case "--version", "-V":
            return .printing(spec.versionLine)
        case Self.generateCommand:
            return generate(Array(arguments.dropFirst()))
        default:
            guard let subcommand = subcommands.first(where: { $0.name == first }) else {
                let names = subcommands.map(\.name).joined(separator: ", ")
                let shown = CommandSpec.shown(first)
                let what = first.hasPrefix("-") ? "unknown option \(shown)" : "unknown subcommand \"\(shown)\""
                return .usage(UsageError("\(what); subcommands: \(names)", command: name), status: usageStatus)
            }
            return subcommand.run(Array(arguments.dropFirst()))
        }
    }
}

extension Tool {
    /// The hidden subcommand that prints a man page or a completion script made from the option tables
    /// (`scripts/package` calls it; docs/packaging.md). Not listed in `--help`.
    package static let generateCommand = "__generate"

    /// `__generate man [SUBCOMMAND]` (roff), `pages` (the page names, one a line: `zkprobe`, `zkprobe-check`, …),
    /// `bash` or `zsh` (completion scripts).
    func generate(_ arguments: [String]) -> CommandOutcome {
        let usage = "\(Self.generateCommand) takes: man [SUBCOMMAND], pages, bash or zsh"
        switch (arguments.first, arguments.count) {
        case ("man", 1):
            return .printing(ManPage.page(of: self))
        case ("man", 2):
            guard let page = ManPage.page(of: self, subcommand: arguments[1]) else {
                let names = subcommands.filter { $0.spec != nil }.map(\.name).joined(separator: ", ")
                let shown = CommandSpec.shown(arguments[1])
                return .usage(UsageError("no man page for \"\(shown)\"; subcommands: \(names)", command: name), status: usageStatus)
            }
            return .printing(page)
        case ("pages", 1):
            return .printing(ManPage.pageNames(of: self).map { $0 + "\n" }.joined())
        case ("bash", 1):
            return .printing(Completion.bash(self))
        case ("zsh", 1):
            return .printing(Completion.zsh(self))
        default:
            return .usage(UsageError(usage, command: name), status: usageStatus)
        }
    }
}
