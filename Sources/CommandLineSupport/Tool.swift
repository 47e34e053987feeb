/// A tool's top level: its subcommands, `--help` and `--version`, the same for `zkprobe` and `quorumsim`.
package struct Tool: Sendable {
    package struct Subcommand: Sendable {
        package var name: String
        package var summary: String
        package var run: @Sendable ([String]) -> CommandOutcome

        package init(_ name: String, _ summary: String, run: @escaping @Sendable ([String]) -> CommandOutcome) {
            self.name = name
            self.summary = summary
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

    package init(
        name: String, version: String, abstract: String, subcommands: [Subcommand], usageStatus: Int32,
        epilogue: String
    ) {
        self.name = name
        self.version = version
        self.abstract = abstract
        self.subcommands = subcommands
        self.usageStatus = usageStatus
        self.epilogue = epilogue
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
