import ToolkitSupport

/// One value of a parsed JSON document with its path from the top (`servers[3].zone`),
/// read with type checks that fail with a `ScenarioFileError` naming that path.
package struct JSONField {
    let value: JSONInput
    let path: String
    let file: String

    package func error(_ message: String) -> ScenarioFileError {
        ScenarioFileError(file: file, field: path, message: message)
    }

    package func child(_ key: String, _ value: JSONInput) -> JSONField {
        JSONField(value: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func element(_ index: Int, _ value: JSONInput) -> JSONField {
        JSONField(value: value, path: "\(path)[\(index)]", file: file)
    }

    /// Whether the value is JSON's `null`.
    package var isNull: Bool { value == .null }

    /// Whether the value is a string.
    var isString: Bool {
        if case .string = value { return true }
        return false
    }

    /// What the value is, for "expected X, found Y" messages.
    var kind: String {
        switch value {
        case .null: return "null"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        case .bool: return "a boolean"
        case .integer, .unsigned, .double: return "a number"
        }
    }

    /// A number as it would be written in the file: `3`, not `3.0`.
    static func text(_ value: Double) -> String {
        NumberText.compact(value)
    }

    /// The number as a double, and whether it was an integer past `Int64.max` (`nil`: not a number).
    private var numeric: (value: Double, unsigned: Bool)? {
        switch value {
        case .integer(let integer): return (Double(integer), false)
        case .unsigned(let integer): return (Double(integer), true)
        case .double(let double): return (double, false)
        default: return nil
        }
    }

    /// The value as an object whose keys are all in `allowed`; any keys when `allowed` is `nil` (a document
    /// another program writes, read for the keys it needs).
    package func object(allowed: [String]?) throws(ScenarioFileError) -> JSONObject {
        guard case .object(let dictionary) = value else { throw error("expected an object, found \(kind)") }
        for key in dictionary.keys.sorted() where allowed.map({ !$0.contains(key) }) ?? false {
            throw child(key, .null).error(
                "unknown field \"\(key)\" (allowed here: \(allowed?.joined(separator: ", ") ?? ""))")
        }
        return JSONObject(field: self, dictionary: dictionary)
    }

    package func array() throws(ScenarioFileError) -> [JSONField] {
        guard case .array(let array) = value else { throw error("expected an array, found \(kind)") }
        return array.enumerated().map { element($0.offset, $0.element) }
    }

    package func boolean() throws(ScenarioFileError) -> Bool {
        guard case .bool(let boolean) = value else { throw error("expected true or false, found \(kind)") }
        return boolean
    }

    package func string() throws(ScenarioFileError) -> String {
        guard case .string(let string) = value else { throw error("expected a string, found \(kind)") }
        return string
    }

    package func number() throws(ScenarioFileError) -> Double {
        guard let double = numeric?.value else { throw error("expected a number, found \(kind)") }
        guard double.isFinite else { throw error("expected a finite number") }
        return double
    }

    package func integer() throws(ScenarioFileError) -> Int {
        let double = try number()
        // Past Int64 the parser gives an unsigned or a rounded Double: out of range, not "not an integer".
        if numeric?.unsigned == true || (double == double.rounded() && abs(double) >= 0x1p63) {
            throw error("number out of range: \(Self.text(double))")
        }
        guard double == double.rounded(), let integer = Int(exactly: double) else {
            throw error("expected an integer, found \(Self.text(double))")
        }
        return integer
    }

    package func unsignedInteger() throws(ScenarioFileError) -> UInt64 {
        let double = try number()
        if case .unsigned(let integer) = value { return integer }
        guard double == double.rounded(), double >= 0, let integer = UInt64(exactly: double) else {
            throw error("expected a non-negative integer, found \(Self.text(double))")
        }
        return integer
    }

    /// A duration string with a unit, in hours.
    func duration(allowZero: Bool = false) throws(ScenarioFileError) -> Double {
        guard case .string(let text) = value else {
            // A boolean reads as a number here, as it did when Foundation's NSNumber held both.
            if numeric != nil || value == .bool(true) || value == .bool(false) {
                throw error("expected a duration string with a unit, such as \"4h\" or \"200ms\", found a number")
            }
            throw error("expected a duration string with a unit, such as \"4h\" or \"200ms\", found \(kind)")
        }
        do {
            return try DurationText.hours(text, allowZero: allowZero)
        } catch {
            let units = "ms, s, m, h, d, y"
            switch error {
            case .noUnit:
                throw self.error("\"\(text)\" has no unit; write e.g. \"\(text)h\" (units: \(units))")
            case .unknownUnit(let unit):
                throw self.error("unknown unit \"\(unit)\" in \"\(text)\" (units: \(units))")
            case .notANumber:
                throw self.error("\"\(text)\" is not a duration; write a number and a unit, e.g. \"24h\" or \"1.5d\"")
            case .tooLarge:
                throw self.error("\"\(text)\" is too large to be a duration")
            case .notPositive:
                throw self.error("\"\(text)\": the duration must be \(allowZero ? "zero or more" : "positive")")
            }
        }
    }
}

/// A JSON object being read field by field.
package struct JSONObject {
    package let field: JSONField
    let dictionary: [String: JSONInput]

    /// The field `key`, or `nil` when absent.
    package func optional(_ key: String) -> JSONField? {
        dictionary[key].map { field.child(key, $0) }
    }

    /// The field `key`; absent is an error.
    package func required(_ key: String) throws(ScenarioFileError) -> JSONField {
        guard let value = optional(key) else {
            throw field.child(key, .null).error("missing required field")
        }
        return value
    }
}
