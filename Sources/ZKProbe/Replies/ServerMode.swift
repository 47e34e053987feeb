/// The role a server reports in `srvr`/`stat` (`Mode: `) and `mntr` (`zk_server_state`).
///
/// The text is `ZooKeeperServer.getState()`; it is the same five words from 3.4 to 3.9.
public enum ServerMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case leader
    case follower
    case observer
    case standalone
    /// A server with `readonlymode.enabled=true` that lost its quorum and serves reads only.
    case readOnly = "read-only"

    public var description: String { rawValue }

    /// `true` for the roles of a running ensemble member (leader, follower, observer).
    public var isQuorumMember: Bool { self == .leader || self == .follower || self == .observer }

    /// `leader|follower|observer|standalone|read-only`, for error messages.
    static let expectation = allCases.map(\.rawValue).joined(separator: "|")
}
