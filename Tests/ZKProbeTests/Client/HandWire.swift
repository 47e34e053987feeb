/// Jute bytes written and read by hand for the fakes and the expected packets, independent of the codec under
/// test (`JuteWriter`, `JuteReader`): big-endian ints and longs, length-prefixed strings and buffers.
enum HandWire {
    static func int(_ value: Int32) -> [UInt8] {
        let v = UInt32(bitPattern: value)
        return [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }

    static func long(_ value: Int64) -> [UInt8] {
        let v = UInt64(bitPattern: value)
        return int(Int32(bitPattern: UInt32(v >> 32))) + int(Int32(bitPattern: UInt32(v & 0xffff_ffff)))
    }

    static func buffer(_ bytes: [UInt8]) -> [UInt8] { int(Int32(bytes.count)) + bytes }

    static func string(_ text: String) -> [UInt8] { buffer(Array(text.utf8)) }

    static func frame(_ payload: [UInt8]) -> [UInt8] { int(Int32(payload.count)) + payload }

    /// A reply header `{xid, zxid, err}`.
    static func reply(xid: Int32, zxid: Int64 = 0x1_0000_0005, err: Int32 = 0) -> [UInt8] {
        int(xid) + long(zxid) + int(err)
    }

    /// A `ConnectResponse` payload: protocol 0, the timeout, the session id, 16 password bytes, the read-only byte.
    static func connectResponse(timeOut: Int32, sessionId: Int64, readOnly: Bool = false) -> [UInt8] {
        int(0) + int(timeOut) + long(sessionId) + buffer([UInt8](repeating: 7, count: 16)) + [readOnly ? 1 : 0]
    }

    /// 68 bytes of a `Stat` with every field zero.
    static let zeroStat = [UInt8](repeating: 0, count: 68)

    /// Reads a payload field by field; `nil` past the end.
    struct Cursor {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func int() -> Int32? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            return Int32(bitPattern: bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }

        mutating func long() -> Int64? {
            guard let high = int(), let low = int() else { return nil }
            return Int64(high) << 32 | Int64(UInt32(bitPattern: low))
        }

        mutating func bool() -> Bool? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset] != 0
        }

        mutating func buffer() -> [UInt8]? {
            guard let length = int(), length >= 0, offset + Int(length) <= bytes.count else { return nil }
            defer { offset += Int(length) }
            return Array(bytes[offset..<offset + Int(length)])
        }

        mutating func string() -> String? { buffer().map { String(decoding: $0, as: UTF8.self) } }
    }
}
