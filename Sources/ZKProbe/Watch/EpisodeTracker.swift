/// Turns a watch's rounds into ``Episode``s as they come, holding only the open episode and the previous round,
/// so that its memory stays flat however long the watch (docs/zkprobe-watch.md, "Episodes").
///
/// Every instant is bounded by rounds: a change first seen in round k happened after round k-1 started and no
/// later than round k ended (`after` is `nil` in the watch's first round); a span between two instants is bounded
/// by ``Span/init(from:to:)``.
public struct EpisodeTracker: Sendable {
    /// The watch's interval, seconds: each episode's ``Episode/resolution``.
    public var resolution: Double

    /// The previous round: its leader and when it started.
    private var previous: (leader: String?, start: Double)?
    /// The episode being followed, with what its figures are derived from.
    fileprivate var current: Progress?
    /// Episodes begun so far.
    private var begun = 0

    /// What an open episode has seen so far; its ``Episode`` is derived on demand.
    fileprivate struct Progress: Sendable {
        var episode: Episode
        /// The leader of the last round before the episode; `nil` when there was none or no round before it.
        var leaderBefore: String?
        /// A client probe ran in some round of the episode.
        var probed = false
        /// In some round fewer than a majority of voters answered.
        var quorumLost = false
    }

    /// A tracker for a watch whose interval is `resolution` seconds.
    public init(resolution: Double) {
        self.resolution = resolution
    }

    /// The episode under way, as far as seen (``Episode/ended`` `nil`); `nil` when the last round was OK.
    public var open: Episode? { current.map(Self.derived) }

    /// Takes the next round (`start` and `end` seconds since the Unix epoch) and returns the episode that this
    /// round ends (the first OK round after rounds that were not), if any.
    public mutating func add(_ state: RoundState, start: Double, end: Double) -> Episode? {
        defer { previous = (state.leader, start) }
        let seen = Instant(after: previous?.start, before: end)
        if current == nil {
            guard state.verdict != .ok else { return nil }
            begun += 1
            current = Progress(
                episode: Episode(number: begun, kind: .member, worst: .ok, began: seen, resolution: resolution),
                leaderBefore: previous?.leader)
        }
        current?.observe(state, seen: seen)
        guard state.verdict == .ok, var progress = current else { return nil }
        progress.episode.ended = seen
        current = nil
        return Self.derived(progress)
    }

    /// Ends the watch: returns the open episode (``Episode/ended`` `nil`), if any, and forgets it.
    public mutating func finish() -> Episode? {
        defer { current = nil }
        return open
    }

    /// The episode with its kind and spans derived from the instants seen.
    fileprivate static func derived(_ progress: Progress) -> Episode {
        var e = progress.episode
        let lost = e.leaderLost?.at
        let elected = e.newLeader?.at
        if progress.quorumLost {
            e.kind = .quorumLoss
        } else if lost != nil, elected != nil {
            e.kind = .leaderChange
        } else {
            e.kind = .member
        }
        e.detect = span(lost, e.electionStarted)
        e.election = span(e.electionStarted, elected)
        let firstSign = [e.memberDown?.at, lost, e.writesFailed].compactMap { $0 }.min { $0.before < $1.before }
        let served = progress.probed && e.writesFailed != nil ? e.writesWorked : (elected ?? e.ended)
        e.serveAgain = span(firstSign, served)
        if let failed = e.writesFailed, let worked = e.writesWorked {
            e.unavailable = Span(from: failed, to: worked)
            e.unavailableFrom = "writes"
        } else if let lost, let elected {
            e.unavailable = Span(from: lost, to: elected)
            e.unavailableFrom = "leader"
        } else {
            e.unavailable = nil
            e.unavailableFrom = nil
        }
        return e
    }

    private static func span(_ start: Instant?, _ end: Instant?) -> Span? {
        guard let start, let end else { return nil }
        return Span(from: start, to: end)
    }
}

extension EpisodeTracker.Progress {
    /// Records what round `state`, seen at `seen`, adds to the episode: each instant is the first round that shows it.
    fileprivate mutating func observe(_ state: RoundState, seen: Instant) {
        episode.worst = Severity.worst(episode.worst, state.verdict)
        if state.writable != nil { probed = true }
        let answeringVoters = state.members.filter { $0.voter && $0.lane != .down }
        if answeringVoters.count < state.majority { quorumLost = true }
        if episode.memberDown == nil, let down = state.members.first(where: { $0.lane == .down }) {
            episode.memberDown = MemberInstant(member: down.address, at: seen)
        }
        if episode.leaderLost == nil, let before = leaderBefore, state.leader != before {
            episode.leaderLost = MemberInstant(member: before, at: seen)
        }
        if episode.leaderLost != nil {
            let electing = state.leader != nil || !answeringVoters.contains { $0.lane == .follower }
            if episode.electionStarted == nil, electing { episode.electionStarted = seen }
            if episode.newLeader == nil, let leader = state.leader, state.quorum {
                episode.newLeader = MemberInstant(member: leader, at: seen)
            }
        }
        if episode.writesFailed == nil, state.writable == false {
            episode.writesFailed = seen
        } else if episode.writesFailed != nil, episode.writesWorked == nil, state.writable == true {
            episode.writesWorked = seen
        }
    }
}
