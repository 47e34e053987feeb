import ZKProbe

/// `zkprobe`'s top level: `--help`, `--version`, and the table of subcommands.
///
/// Each subcommand lives in the `ZKProbe` library as a type with `name`, `summary` and
/// `run(_ arguments: [String]) -> CommandOutcome`; adding one means adding a row to ``subcommands``.
enum ZKProbeTool {
    static let version = "0.1.0"

    struct Subcommand: Sendable {
        var name: String
        var summary: String
        var run: @Sendable ([String]) -> CommandOutcome
    }

    static let subcommands: [Subcommand] = [
        Subcommand(name: SendCommand.name, summary: SendCommand.summary, run: SendCommand.run),
        Subcommand(name: CheckCommand.name, summary: CheckCommand.summary, run: CheckCommand.run),
    ]

    static var help: String {
        let width = subcommands.map(\.name.count).max() ?? 0
        let rows = subcommands.map {
            "  \($0.name)\(String(repeating: " ", count: width - $0.name.count + 4))\($0.summary)"
        }
        return """
            USAGE: zkprobe <subcommand> [options]

            Asks Apache ZooKeeper servers four-letter words and reports what they say.

            SUBCOMMANDS:
            \(rows.joined(separator: "\n"))

            OPTIONS:
              -h, --help    Show this help
              --version     Show the version

            Run 'zkprobe <subcommand> --help' for a subcommand's arguments and exit statuses.

            """
    }

    static func run(_ arguments: [String]) -> CommandOutcome {
        guard let first = arguments.first else {
            return .usageError("missing subcommand, such as: zkprobe send ruok zk1:2181", command: "zkprobe")
        }
        switch first {
        case "-h", "--help", "help":
            return .printing(help)
        case "--version":
            return .printing("zkprobe \(version)\n")
        default:
            guard let subcommand = subcommands.first(where: { $0.name == first }) else {
                let names = subcommands.map(\.name).joined(separator: ", ")
                let what = first.hasPrefix("-") ? "unknown option \(first)" : "unknown subcommand \"\(first)\""
                return .usageError("\(what); subcommands: \(names)", command: "zkprobe")
            }
            return subcommand.run(Array(arguments.dropFirst()))
        }
    }
}
