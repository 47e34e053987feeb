/// One quorum address of a member: `host:quorumPort[:electionPort]`. Members have several from 3.6 (multi-address,
/// `host1:2888:3888|host2:2888:3888`).
public struct MemberAddress: Sendable, Hashable {
    /// The host without brackets (an IPv6 literal is printed as `[::1]`).
    public let host: String
    /// The port followers and observers use to connect to the leader (2888 by convention).
    public let quorumPort: Int
    /// `nil` only on old configurations that named no election port.
    public let electionPort: Int?

    /// Builds an address; `host` without brackets, `electionPort` `nil` when the line names none.
    public init(host: String, quorumPort: Int, electionPort: Int?) {
        self.host = host
        self.quorumPort = quorumPort
        self.electionPort = electionPort
    }
}
