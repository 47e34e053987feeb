/// ZooKeeper's framing: every packet is a 4-byte big-endian length, then that many bytes. Collects the bytes a
/// socket delivers and hands out whole packets; a length below 0 or above ``maxPacket`` is a ``JuteError``
/// before anything is allocated for it, so memory stays bounded by one packet plus one read.
struct PacketFramer {
    /// The largest packet accepted: `jute.maxbuffer`'s default, 0xfffff bytes (1 MiB - 1).
    static let maxPacket = 0xfffff

    private var pending: [UInt8] = []
    /// Where the next packet starts in ``pending``: bytes before it are handed out and dropped in bulk, so that
    /// a read full of small packets costs one copy, not one per packet.
    private var start = 0

    init() {}

    /// `payload` with its length prefix.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var writer = JuteWriter()
        writer.int(Int32(payload.count))
        return writer.bytes + payload
    }

    /// Bytes received and not yet handed out as packets.
    var buffered: Int { pending.count - start }

    /// Adds received bytes.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 {
            pending.removeFirst(start)
            start = 0
        }
        pending.append(contentsOf: bytes)
    }

    /// The next whole packet's payload, or `nil` until it has all arrived.
    /// - Throws: ``JuteError`` when the length prefix is negative or over ``maxPacket``.
    mutating func next() throws(JuteError) -> [UInt8]? {
        guard buffered >= 4 else { return nil }
        var header = JuteReader(Array(pending[start..<(start + 4)]))
        let length = Int(try header.int("packet length"))
        guard length >= 0 else { throw .negativeLength(field: "packet length", length: length) }
        guard length <= Self.maxPacket else {
            throw .oversized(field: "packet length", length: length, limit: Self.maxPacket)
        }
        guard buffered >= 4 + length else { return nil }
        let payload = Array(pending[(start + 4)..<(start + 4 + length)])
        start += 4 + length
        return payload
    }
}
