/// The server's answer to a ``ConnectRequest`` (`ConnectResponse` in `zookeeper.jute`, plus the `readOnly` byte
/// of 3.4+ servers). A ``timeOut`` of 0 or less means the session was refused or has expired.
struct ConnectResponse: Equatable {
    var protocolVersion: Int32
    /// The negotiated session timeout, milliseconds.
    var timeOut: Int32
    var sessionId: Int64
    var password: [UInt8]?
    /// The server is in read-only mode (no quorum): it serves reads only. `false` when the byte is absent.
    var readOnly: Bool

    init(protocolVersion: Int32 = 0, timeOut: Int32, sessionId: Int64, password: [UInt8]?, readOnly: Bool) {
        self.protocolVersion = protocolVersion
        self.timeOut = timeOut
        self.sessionId = sessionId
        self.password = password
        self.readOnly = readOnly
    }

    /// Reads a response from a packet's payload (its length prefix already taken off).
    /// - Throws: ``JuteError`` when the packet is short, has a bad password length, or has bytes past the
    ///   `readOnly` byte (not a `ConnectResponse`).
    init(payload: [UInt8]) throws(JuteError) {
        var reader = JuteReader(payload)
        protocolVersion = try reader.int("ConnectResponse.protocolVersion")
        timeOut = try reader.int("ConnectResponse.timeOut")
        sessionId = try reader.long("ConnectResponse.sessionId")
        password = try reader.buffer("ConnectResponse.passwd")
        readOnly = reader.remaining > 0 ? try reader.bool("ConnectResponse.readOnly") : false
        guard reader.remaining == 0 else {
            throw .oversized(field: "ConnectResponse", length: payload.count, limit: payload.count - reader.remaining)
        }
    }

    /// The payload a server sends (for fake servers and round trips), without the length prefix.
    var payload: [UInt8] {
        var writer = JuteWriter()
        writer.int(protocolVersion)
        writer.int(timeOut)
        writer.long(sessionId)
        writer.buffer(password)
        writer.bool(readOnly)
        return writer.bytes
    }
}
