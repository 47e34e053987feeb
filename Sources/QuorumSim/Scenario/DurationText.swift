import ToolkitSupport

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

    /// The duration in hours: a number in the flags' one grammar (``DecimalText``: decimal, optional point and
    /// exponent, no `+`, hexadecimal, `inf` or `nan`), then a unit; zero and negative durations are problems
    /// (`allowZero` admits zero).
    public static func hours(_ text: String, allowZero: Bool = false) throws(Problem) -> Double {
        let scalars = Substring(text).unicodeScalars
        let numberEnd = scalars.index(scalars.startIndex, offsetBy: DecimalText.numberLength(Substring(text)))
        let unitText = String(scalars[numberEnd...])
        guard numberEnd > scalars.startIndex, let value = Double(Substring(scalars[..<numberEnd])) else {
            throw .notANumber
        }
        // A rest that goes on with the number's characters was a malformed number (`1.2.3h`, `0x10h`, `5_0h`), not
        // a unit.
        if let next = unitText.unicodeScalars.first,
            ".,_+-eE".unicodeScalars.contains(next)
                || unitText.unicodeScalars.contains(where: { ("0"..."9").contains($0) })
        {
            throw .notANumber
        }
        guard !unitText.isEmpty else { throw .noUnit }
        guard let unit = units.first(where: { $0.suffix == unitText }) else { throw .unknownUnit(unitText) }
        let hours = value * unit.hours / unit.per
        guard value.isFinite, hours.isFinite else { throw .tooLarge }
        guard hours > 0 || (allowZero && hours == 0) else { throw .notPositive }
        return hours
    }

}
