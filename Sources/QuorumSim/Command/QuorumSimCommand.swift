/// The `quorumsim` command line: picks the subcommand and returns the exit code.
///
/// Subcommands: `run`, `tolerance`, `recommend`, `live`.
public enum QuorumSimCommand {
    /// Runs `arguments` (without the program name).
    public static func main(_ arguments: [String], io: CommandIO = .standard) -> ExitCode {
        guard let first = arguments.first else {
            io.writeError(UsageError("no command given; try 'quorumsim run FILE'").description + "\n")
            return .usage
        }
        switch first {
        case "--help", "-h", "help":
            io.writeOutput(HelpText.main)
            return .success
        case "run":
            do {
                let options = try RunOptions(arguments: Array(arguments.dropFirst()))
                return RunCommand(options: options, io: io).execute()
            } catch {
                io.writeError(error.description + "\n")
                return .usage
            }
        case "tolerance":
            return ToleranceCommand.main(Array(arguments.dropFirst()), io: io)
        case "recommend":
            return RecommendCommand.main(Array(arguments.dropFirst()), io: io)
        case "live":
            return LiveCommand.main(Array(arguments.dropFirst()), io: io)
        default:
            let what = first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown command '\(first)'"
            io.writeError(UsageError(what).description + "\n")
            return .usage
        }
    }
}
