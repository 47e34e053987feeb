import CommandLineSupport

/// What a `quorumsim` command may use besides its arguments while it runs: standard input, and standard
/// error for progress on a terminal. Tests pass ``quiet``.
package struct CommandContext: Sendable {
    /// Whether standard error is a terminal (progress is shown only then).
    package var errorIsTerminal: Bool
    package var writeProgress: @Sendable (String) -> Void
    /// The whole of standard input as text, refused past the given number of bytes
    /// (``TextFile/standardInput(limit:)``).
    package var readStandardInput: @Sendable (Int) throws(TextFileError) -> String
    /// Writes a line to standard error whether or not it is a terminal (the run-time estimate before a long run).
    package var writeNote: @Sendable (String) -> Void

    package init(
        errorIsTerminal: Bool = false, writeProgress: @escaping @Sendable (String) -> Void = { _ in },
        readStandardInput: @escaping @Sendable (Int) throws(TextFileError) -> String = { _ in "" },
        writeNote: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.errorIsTerminal = errorIsTerminal
        self.writeProgress = writeProgress
        self.readStandardInput = readStandardInput
        self.writeNote = writeNote
    }

    /// The process's own streams.
    package static var standard: CommandContext {
        CommandContext(
            errorIsTerminal: StandardStreams.isTerminal(2), writeProgress: StandardStreams.writeError,
            readStandardInput: { limit throws(TextFileError) in try TextFile.standardInput(limit: limit) },
            writeNote: StandardStreams.writeError)
    }

    /// No terminal, no standard input.
    package static let quiet = CommandContext()
}
