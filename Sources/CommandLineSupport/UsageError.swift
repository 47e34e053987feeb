/// A wrong command line: printed as one line on standard error with a pointer to the command's help.
package struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    /// The command whose help to point at (`zkprobe check`, `quorumsim run`).
    package var command: String

    package init(_ message: String, command: String) {
        self.message = message
        self.command = command
    }

    package var description: String {
        "\(command): \(message) (see '\(command) --help')"
    }
}
