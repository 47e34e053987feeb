/// Numbers as the JVM prints them: `Long.toString`, `Double.toString`, `Long.toHexString`.
///
/// Written by hand over UTF-8 bytes so that nothing more lenient than Java's own output is accepted (Swift's
/// `Double(_:)` would also take `0x1p3`, `inf` or leading `+`).
enum JavaNumber {
    /// A Java `long`: an optional `-` and 1 to 19 decimal digits, in `Int64`'s range.
    static func long(_ text: Substring) -> Int64? {
        var bytes = text.utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty, bytes.count <= 19 else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        return value
    }

    /// A Java `double` as `Double.toString` prints it (`0.0`, `7.5`, `1.0E-4`, `1.073741824E9`), or `NaN`,
    /// `Infinity`, `-Infinity`. A plain integer is not accepted here (see ``long(_:)``).
    static func double(_ text: Substring) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let integerDigits = bytes.prefix(while: isDigit)
        guard !integerDigits.isEmpty else { return nil }
        bytes = bytes.dropFirst(integerDigits.count)
        var sawFraction = false
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = bytes.prefix(while: isDigit)
            guard !fraction.isEmpty else { return nil }
            bytes = bytes.dropFirst(fraction.count)
            sawFraction = true
        }
        var sawExponent = false
        if bytes.first == UInt8(ascii: "E") || bytes.first == UInt8(ascii: "e") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty, exponent.count <= 4 else { return nil }
            bytes = bytes.dropFirst(exponent.count)
            sawExponent = true
        }
        guard bytes.isEmpty, sawFraction || sawExponent else { return nil }
        return Double(text)
    }

    /// A Java `long` or `double`, as a `Double`.
    static func number(_ text: Substring) -> Double? {
        if let value = long(text) { return Double(value) }
        return double(text)
    }

    /// Hexadecimal digits without a prefix, 1 to 16 of them (`Long.toHexString` of any `long`).
    static func hex(_ text: Substring) -> UInt64? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// A TCP port: decimal digits, 0 to 65535.
    static func port(_ text: Substring) -> Int? {
        guard let value = long(text), value >= 0, value <= 65535, text.utf8.first != UInt8(ascii: "-") else {
            return nil
        }
        return Int(value)
    }

    /// A non-negative decimal `long` with no sign.
    static func unsigned(_ text: Substring) -> Int64? {
        guard text.utf8.first != UInt8(ascii: "-"), let value = long(text) else { return nil }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
