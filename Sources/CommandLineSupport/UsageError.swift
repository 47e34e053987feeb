import ToolkitSupport

/// A wrong command line: printed as one line on standard error with a pointer to the command's help.
package struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    /// The command whose help to point at (`zkprobe check`, `quorumsim run`).
    package var command: String

    package init(_ message: String, command: String) {
        self.message = message
        self.command = command
    }

    /// The line as printed. The message may quote an argument: it goes through `oneLine` as a whole, so a line
    /// end, an escape sequence or a U+2028 typed into an argument is shown escaped, never acted on.
    package var description: String {
        oneLine("\(command): \(message) (see '\(command) --help')", limit: .max)
    }
}
