/// When something happened, as far as the rounds resolve it: after `after` and no later than `before`, seconds
/// since the Unix epoch. `after` is `nil` when it happened before the watch's first round.
public struct Instant: Sendable, Equatable {
    public var after: Double?
    public var before: Double
    public init(after: Double?, before: Double) {
        self.after = after
        self.before = before
    }
}

/// An ``Instant`` with the member it is about.
public struct MemberInstant: Sendable, Equatable {
    public var member: String
    public var at: Instant
    public init(member: String, at: Instant) {
        self.member = member
        self.at = at
    }
}

/// How long something took, as far as the rounds resolve it: between `min` and `max` seconds, never a point the
/// rounds could not see. `max` is `nil` when unbounded (a start before the watch's first round).
public struct Span: Sendable, Equatable {
    public var min: Double
    public var max: Double?
    public init(min: Double, max: Double?) {
        self.min = min
        self.max = max
    }
}

/// A span of a watch from the first round that is not OK to the first OK round after it (docs/zkprobe-watch.md).
public struct Episode: Sendable, Equatable {
    /// What the episode was, for `quorumsim --elections-from`: only `leaderChange` episodes are elections.
    public enum Kind: String, Sendable, CaseIterable {
        /// The leader was lost and a leader served again while a majority of voters answered in every round.
        case leaderChange = "leader-change"
        /// In some round fewer than a majority of voters answered: the quorum itself was lost.
        case quorumLoss = "quorum-loss"
        /// No leader was lost: a member down, lagging, slow, a write failing on one member, ….
        case member
    }

    /// 1, 2, … in the order the episodes began.
    public var number: Int
    public var kind: Kind
    /// The worst verdict of its rounds.
    public var worst: Severity
    /// Between the last OK round's start and the first not-OK round's end.
    public var began: Instant
    /// Between the last not-OK round's start and the first OK round's end; `nil` when the watch ended first.
    public var ended: Instant?
    /// The first member seen down (not answering) in the episode.
    public var memberDown: MemberInstant?
    /// The leader before the episode, when it was first no longer seen leading.
    public var leaderLost: MemberInstant?
    /// After `leaderLost`: when no answering voter was a follower any more (the ensemble noticed and elects), or
    /// a new leader was already seen.
    public var electionStarted: Instant?
    /// After `leaderLost`: when a leader (a new one or the same one back) served with a quorum.
    public var newLeader: MemberInstant?
    /// With a client probe: the first round in which no member completed it.
    public var writesFailed: Instant?
    /// With a client probe: the first round after `writesFailed` in which one did.
    public var writesWorked: Instant?
    /// `leaderLost` to `electionStarted`: how long the ensemble took to notice.
    public var detect: Span?
    /// `electionStarted` to `newLeader`.
    public var election: Span?
    /// The first sign (earliest of `memberDown`, `leaderLost`, `writesFailed`) to `writesWorked` with a probe,
    /// else to `newLeader`, else to `ended`.
    public var serveAgain: Span?
    /// What a client lost: `writesFailed` to `writesWorked` with a probe, else `leaderLost` to `newLeader`; the
    /// figure `quorumsim --elections-from` samples (with `unavailableFrom`).
    public var unavailable: Span?
    /// `writes` or `leader`: which pair of instants `unavailable` spans.
    public var unavailableFrom: String?
    /// The watch's interval, seconds: the nominal resolution (the bounds give the actual one).
    public var resolution: Double

    public init(number: Int, kind: Kind, worst: Severity, began: Instant, resolution: Double) {
        self.number = number
        self.kind = kind
        self.worst = worst
        self.began = began
        self.resolution = resolution
    }
}
