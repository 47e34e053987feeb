/// The first packet of a session, sent without a request header (`ConnectRequest` in `zookeeper.jute`, plus the
/// `readOnly` byte that 3.4+ clients append).
struct ConnectRequest: Equatable {
    var protocolVersion: Int32 = 0
    /// The last zxid this client saw; 0 for a client that saw none (a server refuses a client ahead of it).
    var lastZxidSeen: Int64 = 0
    /// The session timeout asked for, milliseconds; the server clamps it to its min/max session timeout.
    var timeOut: Int32
    /// 0 for a new session.
    var sessionId: Int64 = 0
    /// 16 zero bytes for a new session.
    var password: [UInt8] = [UInt8](repeating: 0, count: 16)
    /// Whether a server that lost its quorum (read-only mode) may accept the session.
    var readOnly: Bool

    /// The framed packet.
    var packet: [UInt8] {
        var writer = JuteWriter()
        writer.int(protocolVersion)
        writer.long(lastZxidSeen)
        writer.int(timeOut)
        writer.long(sessionId)
        writer.buffer(password)
        writer.bool(readOnly)
        return PacketFramer.frame(writer.bytes)
    }
}
