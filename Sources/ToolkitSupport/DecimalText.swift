/// The one number grammar of every flag of both tools (and of the number in a duration such as `1.5h`).
///
/// A number is written in decimal: an optional `-`, digits with at most one decimal point (`5`, `0.25`, `.5`,
/// `5.`), then for a real number an optional exponent (`1e3`, `2.5E-2`). Nothing else: no leading `+`, no `_`
/// between digits, no hexadecimal (`0x10`), no `inf` or `nan`, no spaces. A whole number (counts, ports, seeds)
/// is digits with an optional `-`, without point or exponent.
///
/// Swift's own `Double(_:)` would read `0x10` as 16 and `nan` as NaN, and `Int(_:)` takes a leading `+`, so a
/// flag read through them would accept what another flag refuses.
package enum DecimalText {
    /// The grammar in words, for help texts and docs.
    package static let grammar = "decimal (5, 0.25, 1e3); not hexadecimal, inf, nan, nor with +, _ or spaces"

    /// `text` as a finite real number, or `nil` when it does not follow the grammar (or overflows).
    package static func double(_ text: Substring) -> Double? {
        guard numberLength(text) == text.unicodeScalars.count, let value = Double(text), value.isFinite else {
            return nil
        }
        return value
    }

    /// `text` as a finite real number, or `nil`.
    package static func double(_ text: String) -> Double? { double(Substring(text)) }

    /// `text` as a whole number of type `T` (digits, with an optional `-` when `T` is signed), or `nil` when it
    /// does not follow the grammar or does not fit in `T`.
    package static func integer<T: FixedWidthInteger>(_ text: String, as type: T.Type = Int.self) -> T? {
        let body = T.isSigned && text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !body.isEmpty, body.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return T(text)
    }

    /// How many leading characters of `text` form a number of the grammar (the longest such prefix); 0 when
    /// it does not start with one. A duration such as `1.5h` is this prefix and a unit.
    package static func numberLength(_ text: Substring) -> Int {
        let scalars = Array(text.unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        var i = 0
        if i < scalars.count, scalars[i] == "-" { i += 1 }
        var digits = 0
        while isDigit(i) {
            i += 1
            digits += 1
        }
        if i < scalars.count, scalars[i] == "." {
            i += 1
            while isDigit(i) {
                i += 1
                digits += 1
            }
        }
        guard digits > 0 else { return 0 }
        guard i < scalars.count, scalars[i] == "e" || scalars[i] == "E" else { return i }
        // An exponent counts only with its digits: in `5e` or `5eh` the number is `5`.
        var j = i + 1
        if j < scalars.count, scalars[j] == "-" || scalars[j] == "+" { j += 1 }
        guard isDigit(j) else { return i }
        while isDigit(j) { j += 1 }
        return j
    }
}
