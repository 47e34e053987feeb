/// `Proposal sizes last/min/max: ` from a leader's `srvr`/`stat` (late 3.4 releases such as 3.4.13, and later
/// versions), in bytes; `-1` until a proposal is made.
public struct ProposalSizes: Sendable, Hashable {
    /// Size of the most recent proposal, bytes; `-1` before the first.
    public let last: Int64
    /// Smallest proposal seen, bytes; `-1` before the first.
    public let min: Int64
    /// Largest proposal seen, bytes; `-1` before the first.
    public let max: Int64

    /// Builds the three sizes, in bytes, in the order the server prints them.
    public init(last: Int64, min: Int64, max: Int64) {
        self.last = last
        self.min = min
        self.max = max
    }

    /// Parses `<last>/<min>/<max>`.
    init?(parsing text: Substring) {
        let parts = text.splitBytes(UInt8(ascii: "/"))
        guard parts.count == 3, let last = JavaNumber.long(parts[0]), let min = JavaNumber.long(parts[1]),
            let max = JavaNumber.long(parts[2])
        else { return nil }
        self.init(last: last, min: min, max: max)
    }
}
