/// How far an exchange had got when it ran out of time.
public enum ProbeStage: String, Sendable, Equatable {
    /// Looking up the host name.
    case resolving
    /// Waiting for the TCP handshake.
    case connecting
    /// Connected, writing the word.
    case sending
    /// The word was sent; waiting for the server to answer and close.
    case reading
}
