/// One completed four-letter-word exchange: the server answered and closed the connection.
///
/// The wire does not judge the reply: an empty reply, a refusal or garbage bytes are returned as received.
public struct Exchange: Sendable, Equatable {
    /// The server asked.
    public var endpoint: Endpoint
    /// The word sent, such as `mntr`.
    public var word: String
    /// The reply's bytes, exactly as received, up to the server closing the connection.
    public var reply: [UInt8]
    /// The numeric address that answered, such as `127.0.0.1` or `::1`.
    public var address: String
    /// From the start of the exchange (including name resolution) until the TCP connection was established.
    public var connectTime: Duration
    /// From the start of the exchange until the server closed the connection.
    public var totalTime: Duration

    /// Builds an exchange from its parts; `FourLetterClient` makes them, tests build them from captured replies.
    public init(
        endpoint: Endpoint, word: String, reply: [UInt8], address: String, connectTime: Duration, totalTime: Duration
    ) {
        self.endpoint = endpoint
        self.word = word
        self.reply = reply
        self.address = address
        self.connectTime = connectTime
        self.totalTime = totalTime
    }

    /// The reply decoded as UTF-8, with invalid sequences replaced by U+FFFD.
    public var text: String { String(decoding: reply, as: UTF8.self) }
}
