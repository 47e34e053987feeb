/// Decodes jute records (see ``JuteWriter``) from one packet's bytes. Every read checks the bounds and throws
/// ``JuteError`` on a short packet or a bad length; nothing allocates more than the packet holds.
struct JuteReader {
    private let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - offset }

    mutating func int(_ field: String) throws(JuteError) -> Int32 {
        let raw = try take(4, field)
        return Int32(bitPattern: raw.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    mutating func long(_ field: String) throws(JuteError) -> Int64 {
        let raw = try take(8, field)
        return Int64(bitPattern: raw.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// One byte; any value but 0 is true, as Java's `readBoolean` reads it.
    mutating func bool(_ field: String) throws(JuteError) -> Bool {
        let raw = try take(1, field)
        return raw[raw.startIndex] != 0
    }

    /// A length-prefixed buffer; `nil` for length -1.
    mutating func buffer(_ field: String) throws(JuteError) -> [UInt8]? {
        let length = Int(try int(field))
        if length == -1 { return nil }
        guard length >= 0 else { throw .negativeLength(field: field, length: length) }
        return Array(try take(length, field))
    }

    /// A length-prefixed string, invalid UTF-8 replaced by U+FFFD; `nil` for length -1.
    mutating func string(_ field: String) throws(JuteError) -> String? {
        try buffer(field).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A counted vector, each item read by `item`; `nil` for count -1. A count larger than the bytes left could
    /// hold (each item takes at least one byte) is refused before anything is allocated.
    mutating func vector<Element>(
        _ field: String, _ item: (inout JuteReader) throws(JuteError) -> Element
    ) throws(JuteError) -> [Element]? {
        let count = Int(try int(field))
        if count == -1 { return nil }
        guard count >= 0 else { throw .negativeLength(field: field, length: count) }
        guard count <= remaining else { throw .truncated(field: field, offset: offset, needed: count - remaining) }
        var items: [Element] = []
        for _ in 0..<count { items.append(try item(&self)) }
        return items
    }

    private mutating func take(_ count: Int, _ field: String) throws(JuteError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .truncated(field: field, offset: offset, needed: count - remaining) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}
