/// A ZooKeeper transaction id: the high 32 bits are the leader epoch, the low 32 bits count transactions within it.
///
/// Printed by the server as `0x` and `Long.toHexString` (lower case, no leading zeros), which is also this type's
/// description.
public struct Zxid: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 64 bits as the server holds them.
    public let value: UInt64

    /// Wraps the 64-bit value as the server holds it.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// Joins an epoch (high 32 bits) and a counter (low 32 bits).
    public init(epoch: UInt32, counter: UInt32) {
        self.value = UInt64(epoch) << 32 | UInt64(counter)
    }

    /// The leader epoch: bumped by every election that produces a new leader.
    public var epoch: UInt32 { UInt32(truncatingIfNeeded: value >> 32) }

    /// The transaction counter within the epoch.
    public var counter: UInt32 { UInt32(truncatingIfNeeded: value) }

    /// `0x` and lower-case hexadecimal, as the server prints it.
    public var description: String { "0x" + String(value, radix: 16) }

    /// Parses `0x<hex>` (1 to 16 digits); `nil` for anything else.
    public init?(parsing text: Substring) {
        guard let digits = text.dropping(prefix: "0x"), let value = JavaNumber.hex(digits) else { return nil }
        self.value = value
    }

    public static func < (lhs: Zxid, rhs: Zxid) -> Bool { lhs.value < rhs.value }
}
