import ToolkitSupport

/// A scenario file that cannot be used, located like a compiler error:
/// `scenarios/x.json: servers[3].zone: unknown zone "d" (zones are a, b, c)`.
public struct ScenarioFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The field, as a path from the top of the document (`servers[3].zone`, indices
    /// from 0); empty when the problem is the file as a whole.
    public var field: String
    /// What is wrong and, where it helps, what to write instead.
    public var message: String
    /// 1-based line and column of a JSON syntax error.
    public var line: Int?
    /// 1-based column of a JSON syntax error; `nil` otherwise.
    public var column: Int?

    /// An error at `field` of `file`; `line` and `column` only for JSON syntax errors.
    public init(file: String, field: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.field = field
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        var location = file
        if let line, let column { location += ":\(line):\(column)" }
        // One line whatever the file's name or contents hold.
        return oneLine(field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)", limit: 1000)
    }
}
