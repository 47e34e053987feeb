/// One `mntr` value, classified by how the JVM printed it.
///
/// `Long`/`Integer` values print as integers, other `Number`s through `doubleValue()` (`0.0`, `7.5`, `1.0E-4`,
/// `NaN`, `Infinity`), a Java `null` as `null`, and anything else as its `toString()` (`zk_version`,
/// `zk_server_state`, `zk_peer_state`).
public enum MetricValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int64)
    /// Includes `NaN` and the infinities. Two `NaN`s compare equal here, so that replies compare as values.
    case double(Double)
    case string(String)
    case null

    /// Classifies the text after the tab.
    public init(parsing text: Substring) {
        if text == "null" {
            self = .null
        } else if let value = JavaNumber.long(text) {
            self = .integer(value)
        } else if let value = JavaNumber.double(text) {
            self = .double(value)
        } else if text.utf8.count > 1, text.utf8.first.map({ $0 == UInt8(ascii: "-") || isDigit($0) }) == true,
            text.utf8.dropFirst().allSatisfy(isDigit)
        {
            // A decimal integer beyond Int64 (Java's long cannot print one, but a gauge's BigInteger could).
            self = .double(Double(text) ?? .nan)
        } else {
            self = .string(String(text))
        }
    }

    /// The value as a number: integers widened, doubles as they are (`NaN` included); `nil` for strings and null.
    public var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        case .string, .null: return nil
        }
    }

    /// The value as an integer: an integer, or a double with no fractional part in `Int64`'s range (the Prometheus
    /// provider prints every gauge as a double, `2.0`); `nil` otherwise.
    public var integer: Int64? {
        switch self {
        case .integer(let value): return value
        case .double(let value):
            // Int64(exactly:) would pull in libm's trunc, which this module does not link.
            guard value.isFinite, value >= -0x1p63, value < 0x1p63 else { return nil }
            let truncated = Int64(value)
            return Double(truncated) == value ? truncated : nil
        case .string, .null: return nil
        }
    }

    /// The text of a string value; `nil` for numbers and null.
    public var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Whether the value is Java's `null`, printed as `null`.
    public var isNull: Bool { self == .null }

    /// The value printed the way the server prints it (doubles as Swift prints them).
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .double(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return String(value)
        case .string(let value): return value
        case .null: return "null"
        }
    }

    public static func == (lhs: MetricValue, rhs: MetricValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// Hashes consistently with `==`: every `NaN` hashes alike.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .integer(let value):
            hasher.combine(0)
            hasher.combine(value)
        case .double(let value):
            hasher.combine(1)
            hasher.combine(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
        case .string(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .null:
            hasher.combine(3)
        }
    }
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}
