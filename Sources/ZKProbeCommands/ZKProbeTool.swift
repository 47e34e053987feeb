import CommandLineSupport

/// `zkprobe`'s top level: `--help`, `--version`, and the table of subcommands.
package enum ZKProbeTool {
    package static let version = "0.1.0"

    package static let tool = Tool(
        name: "zkprobe", version: version,
        abstract: "Asks Apache ZooKeeper servers four-letter words and reports what they say.",
        subcommands: [
            Tool.Subcommand(SendCommand.name, SendCommand.summary, spec: SendCommand.spec, run: SendCommand.run),
            Tool.Subcommand(
                CheckCommand.name, CheckCommand.summary, spec: CheckCommand.spec, run: { CheckCommand.run($0) }),
            Tool.Subcommand(ServeCommand.name, ServeCommand.summary, spec: ServeCommand.spec, run: ServeCommand.run),
            Tool.Subcommand(WatchCommand.name, WatchCommand.summary, spec: WatchCommand.spec, run: WatchCommand.run),
        ],
        usageStatus: ExitStatus.unknown, epilogue: "", seeAlso: ["zkprobe-zoo.cfg(5)"])

    /// Runs `arguments` (without the program name).
    package static func run(_ arguments: [String]) -> CommandOutcome { tool.run(arguments) }
}
