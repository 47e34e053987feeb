/// One value of a JSON input document, as `JSONInputParser` reads it: numbers keep whether they were written as
/// integers (and whether one needs 64 unsigned bits), as Foundation's `NSNumber` did, so the reader can tell
/// "not an integer" from "out of range".
package enum JSONInput: Equatable, Sendable {
    case null
    case bool(Bool)
    /// An integer written without fraction or exponent that fits `Int64`.
    case integer(Int64)
    /// An integer past `Int64.max` that fits `UInt64`.
    case unsigned(UInt64)
    /// Any other number: with a fraction or an exponent, or an integer past 64 bits.
    case double(Double)
    case string(String)
    case array([JSONInput])
    /// Keys map to the last value written for them; `DuplicateKeyScan` refuses a key written twice.
    case object([String: JSONInput])
}
