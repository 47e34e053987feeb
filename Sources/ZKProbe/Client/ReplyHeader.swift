/// The header of every reply after the handshake (`ReplyHeader` in `zookeeper.jute`): the request's xid (or a
/// special xid, ``Xid``), the zxid the server had reached, and an error code (0 = OK; no body follows an error).
struct ReplyHeader: Equatable {
    /// `{int xid, long zxid, int err}`: 16 bytes.
    static let byteCount = 16

    var xid: Int32
    var zxid: Int64
    var err: ZooKeeperErrorCode

    init(xid: Int32, zxid: Int64, err: ZooKeeperErrorCode) {
        self.xid = xid
        self.zxid = zxid
        self.err = err
    }

    /// Reads the header from the start of `reader`, leaving the body.
    init(from reader: inout JuteReader) throws(JuteError) {
        xid = try reader.int("ReplyHeader.xid")
        zxid = try reader.long("ReplyHeader.zxid")
        err = ZooKeeperErrorCode(rawValue: try reader.int("ReplyHeader.err"))
    }

    func write(to writer: inout JuteWriter) {
        writer.int(xid)
        writer.long(zxid)
        writer.int(err.rawValue)
    }
}

/// The xids with a meaning of their own (`ClientCnxn`): requests count up from 1.
enum Xid {
    /// A watch notification (``WatcherEvent``), unasked.
    static let notification: Int32 = -1
    /// A ping and its reply.
    static let ping: Int32 = -2
    /// An `addAuth` and its reply.
    static let auth: Int32 = -4
}
