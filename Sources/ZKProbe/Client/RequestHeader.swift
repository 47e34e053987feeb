/// The header of every request after the handshake (`RequestHeader {int xid, int type}` in `zookeeper.jute`).
struct RequestHeader: Equatable {
    var xid: Int32
    /// The ``OpCode``'s raw value.
    var type: Int32

    init(xid: Int32, type: Int32) {
        self.xid = xid
        self.type = type
    }

    init(from reader: inout JuteReader) throws(JuteError) {
        xid = try reader.int("RequestHeader.xid")
        type = try reader.int("RequestHeader.type")
    }

    func write(to writer: inout JuteWriter) {
        writer.int(xid)
        writer.int(type)
    }
}
