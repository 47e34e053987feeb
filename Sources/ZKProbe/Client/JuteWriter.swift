/// Encodes values in jute, ZooKeeper's record format: big-endian `int` (4 bytes) and `long` (8 bytes), a
/// `boolean` as one byte, and `buffer`/`ustring` as an `int` length (-1 for null) then the bytes; a `vector` is
/// an `int` count (-1 for null) then its items (`zookeeper-jute`, `BinaryOutputArchive`).
struct JuteWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func int(_ value: Int32) {
        let bits = UInt32(bitPattern: value)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
    }

    mutating func long(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// A length-prefixed byte buffer; `nil` is written as length -1.
    mutating func buffer(_ value: [UInt8]?) {
        guard let value else { return int(-1) }
        int(Int32(value.count))
        bytes += value
    }

    /// A length-prefixed UTF-8 string; `nil` is written as length -1.
    mutating func string(_ value: String?) {
        buffer(value.map { Array($0.utf8) })
    }

    /// A counted vector, each item written by `item`; `nil` is written as count -1.
    mutating func vector<Element>(_ values: [Element]?, _ item: (inout JuteWriter, Element) -> Void) {
        guard let values else { return int(-1) }
        int(Int32(values.count))
        for value in values { item(&self, value) }
    }
}
