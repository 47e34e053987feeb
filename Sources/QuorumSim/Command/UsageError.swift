/// A wrong command line: printed as one line on standard error with a pointer to help.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The command whose help to point at (`quorumsim run`).
    public var command: String

    public init(_ message: String, command: String = "quorumsim") {
        self.message = message
        self.command = command
    }

    public var description: String {
        "\(command): \(message) (see '\(command) --help')"
    }
}
