/// Whether a member votes: `:participant` / `:observer` on a `server.N` line, `peerType=0|1` in `conf`
/// (`QuorumPeer.LearnerType` and its ordinal).
public enum MemberRole: String, Sendable, Hashable, CaseIterable {
    case participant
    case observer

    /// `LearnerType.ordinal()`, as `conf` prints it in `peerType=`.
    public var ordinal: Int { self == .participant ? 0 : 1 }

    /// The role for a `peerType=` value (0 participant, 1 observer); `nil` for any other number.
    public init?(ordinal: Int64) {
        switch ordinal {
        case 0: self = .participant
        case 1: self = .observer
        default: return nil
        }
    }
}
