/// Durations written as a number and a unit: `"200ms"`, `"10s"`, `"30m"`, `"1.5h"`,
/// `"7d"`, `"2y"` (y = 365.25 days).
public enum DurationText {
    /// Hours in one of each unit.
    public static let units: [(suffix: String, hours: Double)] = [
        ("ms", 1.0 / 3_600_000), ("s", 1.0 / 3600), ("m", 1.0 / 60), ("h", 1), ("d", 24), ("y", hoursPerYear),
    ]

    public enum Problem: Error, Equatable, Sendable {
        case noUnit
        case unknownUnit(String)
        case notANumber
        case notPositive
    }

    /// The duration in hours. Accepts digits with an optional decimal point, then a unit;
    /// zero and negative durations are problems (`allowZero` admits zero).
    public static func hours(_ text: String, allowZero: Bool = false) throws(Problem) -> Double {
        let trimmed = Substring(text)
        let numberEnd = trimmed.firstIndex { !($0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+")) }
        let numberText = trimmed[..<(numberEnd ?? trimmed.endIndex)]
        let unitText = String(trimmed[(numberEnd ?? trimmed.endIndex)...])
        guard !numberText.isEmpty, numberText.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }),
            numberText.filter({ $0 == "." }).count <= 1, numberText.contains(where: \.isNumber)
        else {
            throw .notANumber
        }
        let sign = numberText.first == "-" ? -1.0 : 1.0
        let digits = numberText.drop { $0 == "-" || $0 == "+" }
        guard !digits.contains(where: { $0 == "-" || $0 == "+" }), let magnitude = Double(String(digits)) else {
            throw .notANumber
        }
        guard !unitText.isEmpty else { throw .noUnit }
        guard let unit = units.first(where: { $0.suffix == unitText }) else { throw .unknownUnit(unitText) }
        let hours = sign * magnitude * unit.hours
        guard hours.isFinite, hours > 0 || (allowZero && hours == 0) else { throw .notPositive }
        return hours
    }

    /// `hours` written back with the largest unit that keeps it short (for messages).
    public static func format(hours: Double) -> String {
        for (suffix, size) in units.reversed() where hours >= size {
            let value = hours / size
            if value == value.rounded() || suffix == "ms" { return "\(trim(value))\(suffix)" }
        }
        return "\(trim(hours * 3_600_000))ms"
    }

    private static func trim(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
