/// Durations written as a number and a unit: `"200ms"`, `"10s"`, `"30m"`, `"1.5h"`,
/// `"7d"`, `"2y"` (y = 365.25 days).
public enum DurationText {
    /// Each unit as a fraction of an hour (`hours / per`), dividing rather than
    /// multiplying by a rounded reciprocal.
    public static let units: [(suffix: String, hours: Double, per: Double)] = [
        ("ms", 1, 3_600_000), ("s", 1, 3600), ("m", 1, 60), ("h", 1, 1), ("d", 24, 1), ("y", hoursPerYear, 1),
    ]

    /// Why a duration text was refused; the scenario reader turns it into a message naming the field.
    public enum Problem: Error, Equatable, Sendable {
        case noUnit
        case unknownUnit(String)
        case notANumber
        case notPositive
        case tooLarge
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
        let digits = numberText.first == "-" || numberText.first == "+" ? numberText.dropFirst() : numberText
        guard !digits.contains(where: { $0 == "-" || $0 == "+" }), let magnitude = Double(String(digits)) else {
            throw .notANumber
        }
        guard !unitText.isEmpty else { throw .noUnit }
        guard let unit = units.first(where: { $0.suffix == unitText }) else { throw .unknownUnit(unitText) }
        let hours = sign * magnitude * unit.hours / unit.per
        guard hours.isFinite else { throw .tooLarge }
        guard hours > 0 || (allowZero && hours == 0) else { throw .notPositive }
        return hours
    }

}
