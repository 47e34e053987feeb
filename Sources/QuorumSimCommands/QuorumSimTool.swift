import CommandLineSupport

/// The `quorumsim` command line: the table of subcommands.
package enum QuorumSimTool {
    package static let version = "0.1.0"

    package static func tool(context: CommandContext) -> Tool {
        Tool(
            name: "quorumsim", version: version,
            abstract: """
                How available is a ZooKeeper ensemble, and where should its servers go? Simulates server failures,
                zone outages, network partitions, rolling maintenance and leader elections over many years, and
                reports write availability with 95% confidence intervals. Scenario files are JSON;
                quorumsim-scenario(5) describes every field (docs/scenario-format.md in the source tree) and
                /usr/share/doc/zookeeper-toolkit/examples holds examples (scenarios/ in the source tree).
                """,
            subcommands: [
                Tool.Subcommand("run", "Simulate scenario files", spec: RunOptions.spec) { RunCommand.run($0, context: context) },
                Tool.Subcommand(
                    "tolerance", "Worst cases of each placement, nothing simulated", spec: ToleranceCommand.spec
                ) {
                    ToleranceCommand.run($0, context: context)
                },
                Tool.Subcommand(
                    "recommend", "How many voters, in which zones, with the evidence", spec: RecommendCommand.spec
                ) {
                    RecommendCommand.run($0, context: context)
                },
                Tool.Subcommand(
                    "live", "What the live ensemble (zkprobe check JSON) can take now", spec: LiveCommand.spec
                ) {
                    LiveCommand.run($0, context: context)
                },
                Tool.Subcommand(
                    "scenario", "Write a scenario file from a zoo.cfg and a map of hosts to zones",
                    spec: ScenarioCommand.spec
                ) {
                    ScenarioCommand.run($0)
                },
            ],
            usageStatus: ExitStatus.usage,
            epilogue: """
                EXIT CODES:
                  0   success
                  1   the simulation failed
                  2   a scenario file is missing or invalid (nothing was simulated)
                  64  wrong command line
                """,
            seeAlso: ["quorumsim-scenario(5)"])
    }

    /// The wall-clock limit `-t`/`--timeout` asks of the subcommand in `arguments`, for `main` to enforce; `nil`
    /// when there is none or the line is wrong (the command itself then reports the usage error).
    /// `as` is the value as typed, for the message.
    package static func wallClockLimit(_ arguments: [String]) -> (seconds: Double, as: String)? {
        let subcommands = tool(context: .quiet).subcommands
        guard let name = arguments.first, let spec = subcommands.first(where: { $0.name == name })?.spec,
            let parsed = try? spec.parse(Array(arguments.dropFirst())), !parsed.stopsAfterParsing
        else { return nil }
        guard let seconds = (try? parsed.wallClockTimeout()) ?? nil, let typed = parsed.text(of: CommandSpec.wallClockTimeout) else {
            return nil
        }
        return (seconds, CommandSpec.shown(typed))
    }

    /// Runs `arguments` (without the program name).
    package static func run(_ arguments: [String], context: CommandContext = .quiet) -> CommandOutcome {
        tool(context: context).run(arguments)
    }
}
