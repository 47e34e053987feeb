/// What a `zkprobe` subcommand produced: its exit status and the bytes for standard output and standard error.
///
/// Subcommands return this instead of printing, so that tests can check exactly what an operator would see.
public struct CommandOutcome: Sendable, Equatable {
    /// The process exit status; see ``ExitStatus``.
    public var status: Int32
    /// Bytes for standard output, written as they are.
    public var standardOutput: [UInt8]
    /// Text for standard error: whole lines, each ending in a newline.
    public var standardError: String

    public init(status: Int32, standardOutput: [UInt8] = [], standardError: String = "") {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Exit 0 with `text` on standard output (help, version).
    public static func printing(_ text: String) -> CommandOutcome {
        CommandOutcome(status: ExitStatus.ok, standardOutput: Array(text.utf8))
    }

    /// A usage error: one line on standard error pointing at `helpCommand`, exit ``ExitStatus/usage``.
    public static func usageError(_ message: String, command: String) -> CommandOutcome {
        CommandOutcome(
            status: ExitStatus.usage, standardError: "\(command): \(message) (see '\(command) --help')\n")
    }
}

/// Exit statuses shared by every `zkprobe` subcommand, following the Monitoring Plugins convention.
public enum ExitStatus {
    /// The command did what was asked.
    public static let ok: Int32 = 0
    /// A check found a problem worth a warning (used by `check`).
    public static let warning: Int32 = 1
    /// The server did not give a usable answer (Monitoring Plugins CRITICAL).
    public static let critical: Int32 = 2
    /// The command line was wrong (Monitoring Plugins UNKNOWN).
    public static let usage: Int32 = 3
}
