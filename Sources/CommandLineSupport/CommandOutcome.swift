import ToolkitSupport

/// What a command produced: its exit status and the bytes for standard output and standard error.
///
/// Commands of both tools return this instead of printing, so that tests check exactly what an operator sees
/// and `main` alone touches the process's streams.
package struct CommandOutcome: Sendable, Equatable {
    /// The process exit status.
    package var status: Int32
    /// Bytes for standard output, written as they are.
    package var standardOutput: [UInt8]
    /// Text for standard error: whole lines, each ending in a newline.
    package var standardError: String

    package init(status: Int32, standardOutput: [UInt8] = [], standardError: String = "") {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// `text` on standard output with `status` (0 unless given).
    package init(status: Int32 = 0, output text: String, error: String = "") {
        self.init(status: status, standardOutput: Array(text.utf8), standardError: error)
    }

    /// Exit 0 with `text` on standard output (help, version).
    package static func printing(_ text: String) -> CommandOutcome {
        CommandOutcome(status: 0, standardOutput: Array(text.utf8))
    }

    /// One line on standard error (a newline is added) and `status`. The line often quotes outside text (a file
    /// name, a server's answer): it goes through `oneLine`, so it stays one line whatever that text holds.
    package static func failure(_ line: String, status: Int32) -> CommandOutcome {
        CommandOutcome(
            status: status,
            standardError: oneLine(line.hasSuffix("\n") ? String(line.dropLast()) : line, limit: .max) + "\n")
    }

    /// The outcome of a wrong command line: one line on standard error pointing at the command's help.
    package static func usage(_ error: UsageError, status: Int32) -> CommandOutcome {
        failure(error.description, status: status)
    }

    /// The output as text (tests and callers that know it is UTF-8).
    package var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
}
