import ToolkitSupport
/// Limits for one round of four-letter-word exchanges.
public struct ProbeOptions: Sendable, Equatable {
    /// One deadline per exchange covering name resolution, connecting, sending and reading. An exchange that is not
    /// finished by then ends in ``ProbeError/timedOut(endpoint:word:stage:bytesReceived:deadline:)``.
    public var deadline: Duration
    /// The largest reply accepted, in bytes. A server that sends more ends in
    /// ``ProbeError/tooLarge(endpoint:word:limit:)`` and nothing past the limit is kept in memory.
    public var maxReplyBytes: Int
    /// The most exchanges with a connection or name lookup under way at once. The client lowers it further to
    /// stay below the process's open-file limit.
    public var maxInFlight: Int

    /// The reference client's 5 s, a 4 MiB reply cap (a large `mntr` or `cons` is well under 1 MiB), and up to
    /// 4,096 exchanges at once.
    public init(deadline: Duration = .seconds(5), maxReplyBytes: Int = 4 << 20, maxInFlight: Int = 4096) {
        self.deadline = deadline
        self.maxReplyBytes = maxReplyBytes
        self.maxInFlight = maxInFlight
    }
}
