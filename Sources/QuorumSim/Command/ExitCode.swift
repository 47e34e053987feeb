/// Exit codes of `quorumsim` (documented in docs/quorumsim.md).
public enum ExitCode: Int32, Sendable {
    /// Done; the report is on standard output.
    case success = 0
    /// The simulation could not run for a reason other than the input.
    case failure = 1
    /// A scenario file is missing, unreadable or invalid; nothing was simulated.
    case badScenario = 2
    /// The command line is wrong (unknown option, missing value, no file); see `--help`.
    case usage = 64
}
