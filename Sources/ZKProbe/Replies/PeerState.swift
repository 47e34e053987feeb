/// `zk_peer_state` (3.6+, quorum members): `QuorumPeer.getDetailedPeerState()`, e.g. `following - broadcast`.
///
/// The text is the peer state, then ` - <zab phase>` unless the phase is election, then ` - <sync mode>` unless
/// the mode is none: `leading - broadcast`, `following - synchronization - diff`, `looking`.
public struct PeerState: Sendable, Hashable, CustomStringConvertible {
    /// The peer's role in the quorum protocol (`QuorumPeer.ServerState`, lower case).
    public enum State: String, Sendable, Hashable, CaseIterable {
        case looking, following, leading, observing
    }

    /// Where the peer is in the Zab protocol (`QuorumPeer.ZabState`); `broadcast` is normal operation.
    public enum ZabPhase: String, Sendable, Hashable, CaseIterable {
        case election, discovery, synchronization, broadcast
    }

    /// How a learner last synchronised with the leader: `diff` (missing transactions), `snap` (a whole snapshot),
    /// `trunc` (roll back); `none` otherwise.
    public enum SyncMode: String, Sendable, Hashable, CaseIterable {
        case none, diff, snap, trunc
    }

    /// The first part of the text: looking, following, leading or observing.
    public let state: State
    /// `.election` when the text names no phase.
    public let phase: ZabPhase
    /// `.none` when the text names no sync mode.
    public let syncMode: SyncMode

    /// Builds a peer state; the defaults are what the text means when it omits the phase or the mode.
    public init(state: State, phase: ZabPhase = .election, syncMode: SyncMode = .none) {
        self.state = state
        self.phase = phase
        self.syncMode = syncMode
    }

    /// Parses the text; `nil` unless every part is a known word.
    public init?(parsing text: Substring) {
        let parts = text.split(separator: " - ", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let state = State(rawValue: String(parts[0])) else { return nil }
        var phase = ZabPhase.election
        var syncMode = SyncMode.none
        for part in parts.dropFirst() {
            if let parsed = ZabPhase(rawValue: String(part)), phase == .election, syncMode == .none {
                phase = parsed
            } else if let parsed = SyncMode(rawValue: String(part)), syncMode == .none {
                syncMode = parsed
            } else {
                return nil
            }
        }
        self.init(state: state, phase: phase, syncMode: syncMode)
    }

    public var description: String {
        var text = state.rawValue
        if phase != .election { text += " - " + phase.rawValue }
        if syncMode != .none { text += " - " + syncMode.rawValue }
        return text
    }
}
