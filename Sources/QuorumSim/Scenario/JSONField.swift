import Foundation
import ToolkitSupport

/// One value of a parsed JSON document with its path from the top (`servers[3].zone`),
/// read with type checks that fail with a `ScenarioFileError` naming that path.
package struct JSONField {
    let value: Any
    let path: String
    let file: String

    package func error(_ message: String) -> ScenarioFileError {
        ScenarioFileError(file: file, field: path, message: message)
    }

    package func child(_ key: String, _ value: Any) -> JSONField {
        JSONField(value: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func element(_ index: Int, _ value: Any) -> JSONField {
        JSONField(value: value, path: "\(path)[\(index)]", file: file)
    }

    /// Whether the value is JSON's `null`.
    package var isNull: Bool { value is NSNull }

    /// What the value is, for "expected X, found Y" messages.
    var kind: String {
        switch value {
        case is NSNull: return "null"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case let number as NSNumber: return Self.isBool(number) ? "a boolean" : "a number"
        default: return "an unsupported value"
        }
    }

    /// A number as it would be written in the file: `3`, not `3.0`.
    static func text(_ value: Double) -> String {
        NumberText.compact(value)
    }

    static func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// The value as an object whose keys are all in `allowed`; any keys when `allowed` is `nil` (a document
    /// another program writes, read for the keys it needs).
    package func object(allowed: [String]?) throws(ScenarioFileError) -> JSONObject {
        guard let dictionary = value as? [String: Any] else { throw error("expected an object, found \(kind)") }
        for key in dictionary.keys.sorted() where allowed.map({ !$0.contains(key) }) ?? false {
            throw child(key, NSNull()).error(
                "unknown field \"\(key)\" (allowed here: \(allowed?.joined(separator: ", ") ?? ""))")
        }
        return JSONObject(field: self, dictionary: dictionary)
    }

    package func array() throws(ScenarioFileError) -> [JSONField] {
        guard let array = value as? [Any] else { throw error("expected an array, found \(kind)") }
        return array.enumerated().map { element($0.offset, $0.element) }
    }

    package func boolean() throws(ScenarioFileError) -> Bool {
        guard let number = value as? NSNumber, !(value is String), Self.isBool(number) else {
            throw error("expected true or false, found \(kind)")
        }
        return number.boolValue
    }

    package func string() throws(ScenarioFileError) -> String {
        guard let string = value as? String else { throw error("expected a string, found \(kind)") }
        return string
    }

    package func number() throws(ScenarioFileError) -> Double {
        guard let number = value as? NSNumber, !(value is String), !Self.isBool(number) else {
            throw error("expected a number, found \(kind)")
        }
        let double = number.doubleValue
        guard double.isFinite else { throw error("expected a finite number") }
        return double
    }

    package func integer() throws(ScenarioFileError) -> Int {
        let double = try number()
        guard let number = value as? NSNumber else { throw error("expected an integer, found \(kind)") }
        // Past Int64 Foundation gives an unsigned or a rounded Double: out of range, not "not an integer".
        if String(cString: number.objCType) == "Q" || (double == double.rounded() && abs(double) >= 0x1p63) {
            throw error("number out of range: \(Self.text(double))")
        }
        guard double == double.rounded(), let integer = Int(exactly: double) else {
            throw error("expected an integer, found \(Self.text(double))")
        }
        return integer
    }

    package func unsignedInteger() throws(ScenarioFileError) -> UInt64 {
        _ = try number()
        guard let number = value as? NSNumber else { throw error("expected an integer, found \(kind)") }
        if String(cString: number.objCType) == "Q" { return number.uint64Value }
        let double = number.doubleValue
        guard double == double.rounded(), double >= 0, let integer = UInt64(exactly: double) else {
            throw error("expected a non-negative integer, found \(Self.text(double))")
        }
        return integer
    }

    /// A duration string with a unit, in hours.
    func duration(allowZero: Bool = false) throws(ScenarioFileError) -> Double {
        guard let text = value as? String else {
            if value is NSNumber, !(value is String) {
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
    let dictionary: [String: Any]

    /// The field `key`, or `nil` when absent.
    package func optional(_ key: String) -> JSONField? {
        dictionary[key].map { field.child(key, $0) }
    }

    /// The field `key`; absent is an error.
    package func required(_ key: String) throws(ScenarioFileError) -> JSONField {
        guard let value = optional(key) else {
            throw field.child(key, NSNull()).error("missing required field")
        }
        return value
    }
}
