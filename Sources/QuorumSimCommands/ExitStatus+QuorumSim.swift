import CommandLineSupport

/// `quorumsim`'s exit statuses (docs/quorumsim.md).
extension ExitStatus {
    /// Done; the report is on standard output.
    package static let success: Int32 = 0
    /// The simulation could not run for a reason other than the input.
    package static let failure: Int32 = 1
    /// A scenario file (or another input file) is missing, unreadable or invalid; nothing was simulated.
    package static let badScenario: Int32 = 2
    /// `recommend` only: the advice is printed, but no placement meets the target.
    package static let noPlacement: Int32 = 3
    /// The command line is wrong (unknown option, missing value, no file); see `--help`.
    package static let usage: Int32 = 64
}
