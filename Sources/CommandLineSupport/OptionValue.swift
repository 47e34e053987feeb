import ToolkitSupport

/// What an option's value may be: the check and conversion to `T` its getter applies, the words help shows for
/// the range and the error says, and values at and just past the range's ends (which the tests hold every row to).
package struct OptionValue<T: Sendable>: Sendable {
    /// What the getter expects, for its error: `a whole number from 1 to 1024`.
    package var expected: String
    /// The range as help and man pages show it (`1 to 1024`); nil for free text, whose placeholder says it all.
    package var range: String?
    /// The values a shell may complete (a choice's names); empty when any value of the range will do.
    package var choices: [String] = []
    /// Values at the ends of the range, which the getter accepts.
    package var ends: [String]
    /// Values just past the ends, which the getter refuses.
    package var pastEnds: [String]
    /// The value `text` stands for, or nil when it is malformed or out of range.
    package var read: @Sendable (String) -> T?

    package init(
        expected: String, range: String?, choices: [String] = [], ends: [String], pastEnds: [String],
        read: @escaping @Sendable (String) -> T?
    ) {
        self.expected = expected
        self.range = range
        self.choices = choices
        self.ends = ends
        self.pastEnds = pastEnds
        self.read = read
    }

    /// The same check reading `U`: what `transform` makes of the value, nil refusing it.
    package func map<U>(_ transform: @escaping @Sendable (T) -> U?) -> OptionValue<U> {
        let read = self.read
        return OptionValue<U>(
            expected: expected, range: range, choices: choices, ends: ends, pastEnds: pastEnds
        ) { read($0).flatMap(transform) }
    }

    /// The same check with its value's type erased, as a row of a table holds it.
    var erased: OptionValue<any Sendable> { map { $0 } }
}

extension OptionValue where T == String {
    /// Any text, as typed (file names, addresses checked by the command).
    package static let text = OptionValue(expected: "a value", range: nil, ends: ["x"], pastEnds: []) { $0 }

}

extension OptionValue where T == Int {
    /// A whole number within `range`, in decimal (``DecimalText``).
    package static func integer(in range: ClosedRange<Int>) -> OptionValue {
        OptionValue(
            expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
            range: "\(range.lowerBound) to \(range.upperBound)",
            ends: ["\(range.lowerBound)", "\(range.upperBound)"],
            pastEnds: [
                range.lowerBound == .min ? "-9223372036854775809" : "\(range.lowerBound - 1)",
                range.upperBound == .max ? "9223372036854775808" : "\(range.upperBound + 1)",
            ]
        ) { text in DecimalText.integer(text, as: Int.self).flatMap { range.contains($0) ? $0 : nil } }
    }

}

extension OptionValue where T == UInt64 {
    /// Any 64-bit unsigned whole number (a seed), in decimal.
    package static let unsigned = OptionValue(
        expected: "a whole number from 0 to \(UInt64.max)", range: "0 to 2^64-1", ends: ["0", "\(UInt64.max)"],
        pastEnds: ["-1", "18446744073709551616"]
    ) { DecimalText.integer($0, as: UInt64.self) }

}

extension OptionValue where T == Double {
    /// A finite decimal number within `range` (with `aboveLowerBound`, the lower bound itself refused).
    package static func number(in range: ClosedRange<Double>, aboveLowerBound: Bool = false) -> OptionValue {
        let (low, high) = (NumberText.compact(range.lowerBound), NumberText.compact(range.upperBound))
        return OptionValue(
            expected: aboveLowerBound ? "a number above \(low) and at most \(high)" : "a number from \(low) to \(high)",
            range: aboveLowerBound ? "above \(low), at most \(high)" : "\(low) to \(high)",
            ends: [aboveLowerBound ? "\(range.lowerBound.nextUp)" : low, "\(range.upperBound)"],
            pastEnds: [aboveLowerBound ? low : "\(range.lowerBound.nextDown)", "\(range.upperBound.nextUp)"]
        ) { text in
            guard let v = DecimalText.double(text), range.contains(v), !(aboveLowerBound && v == range.lowerBound)
            else { return nil }
            return v
        }
    }

}

extension OptionValue where T == Double {
    /// A fraction strictly between 0 and 1 (a relative precision such as 0.05).
    package static let fraction = OptionValue(
        expected: "a fraction between 0 and 1 such as 0.05", range: "between 0 and 1",
        ends: ["\(Double.leastNonzeroMagnitude)", "\(1.0.nextDown)"], pastEnds: ["0", "1"]
    ) { text in DecimalText.double(text).flatMap { $0 > 0 && $0 < 1 ? $0 : nil } }
}

extension OptionValue where T == Duration {
    /// A number of seconds within `range` (by default above its lower bound), as a duration: one that rounds to
    /// no nanosecond at all is refused when the lower bound is.
    package static func seconds(in range: ClosedRange<Double>, aboveLowerBound: Bool = true) -> OptionValue {
        var value = OptionValue<Double>.number(in: range, aboveLowerBound: aboveLowerBound).map { s -> Duration? in
            guard let d = Duration(checkedSeconds: s) else { return nil }
            return aboveLowerBound && range.lowerBound == 0 && d == .zero ? nil : d
        }
        if aboveLowerBound && range.lowerBound == 0 {
            value.ends[0] = "0.000000001"
            value.pastEnds[0] = "0.0000000004"
        }
        return value
    }
}

extension OptionValue where T: RawRepresentable & CaseIterable, T.RawValue == String {
    /// One of an enumeration's raw values.
    package static var choice: OptionValue {
        let names = T.allCases.map(\.rawValue)
        let list = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
        return OptionValue(
            expected: "one of \(list)", range: list, choices: names, ends: names,
            pastEnds: [(names.first ?? "") + "x", (names.first ?? "").uppercased()]
        ) { T(rawValue: $0) }
    }
}
