/// What kind of thing a finding reports: the stable `code` of every output (`findings[].code` in JSON, the `code`
/// label in Prometheus), with the severities it may carry. docs/zkprobe-check.md lists every case
/// (`FindingCodeDocsTests` holds the two together).
public enum FindingCode: String, Sendable, CaseIterable, Hashable {
    /// Nobody answered.
    case noMemberAnswered = "no-member-answered"
    /// One member given, answering but not serving, and nothing known about the others.
    case ensembleUnknown = "ensemble-unknown"
    /// The check itself could not ask some members (its own file descriptors or memory).
    case checkResources = "check-resources"
    /// Voters serving are fewer than a majority.
    case noQuorum = "no-quorum"
    /// Followers serve but every voter that could lead is silent or down.
    case leaderUnreachable = "leader-unreachable"
    /// A member given is not in the mode the request expects of it.
    case unexpectedMode = "unexpected-mode"
    /// Several members say they lead in the same epoch.
    case electionInProgress = "election-in-progress"
    /// Serving members report different zxid epochs.
    case epochsDisagree = "epochs-disagree"
    /// A member runs standalone while several voters are configured.
    case standaloneInEnsemble = "standalone-in-ensemble"
    /// Quorum holds, but losing one more voter loses it.
    case noFailureTolerance = "no-failure-tolerance"
    /// Followers or observers serve but no leader was identified.
    case leaderUnknown = "leader-unknown"
    /// A member does not accept connections.
    case memberUnreachable = "member-unreachable"
    /// A member accepts connections but does not answer.
    case memberUnresponsive = "member-unresponsive"
    /// A member is up but not serving requests.
    case memberNotServing = "member-not-serving"
    /// A member is in read-only mode.
    case memberReadOnly = "member-read-only"
    /// A member answered something unreadable.
    case memberError = "member-error"
    /// A follower is behind the leader by more transactions than its threshold.
    case followerLag = "follower-lag"
    /// The leader has fewer synced followers than configured voters − 1.
    case followersNotSynced = "followers-not-synced"
    /// The leader's pending syncs are at or above their threshold.
    case pendingSyncs = "pending-syncs"
    /// A member's average latency crossed its threshold.
    case latencyAvg = "latency-avg"
    /// A member's maximum latency crossed its threshold.
    case latencyMax = "latency-max"
    /// The check's own round trip for `srvr` crossed its threshold.
    case roundTrip = "round-trip"
    /// A member's outstanding requests crossed their threshold.
    case outstanding = "outstanding"
    /// A member's open file descriptors crossed their threshold (percent of its limit).
    case fileDescriptors = "file-descriptors"
    /// `srvr`, or a required word, is not in a member's `4lw.commands.whitelist`.
    case notWhitelisted = "not-whitelisted"
    /// The AdminServer asked for does not help although the member answers its words.
    case adminServerUnusable = "admin-server-unusable"
    /// Some lines of a member's `mntr` cannot be read.
    case mntrUnreadable = "mntr-unreadable"
    /// Members run different releases.
    case versionSkew = "version-skew"
    /// The `conf` membership differs between members.
    case membershipDiffers = "membership-differs"
    /// An even voter count: no more tolerance than one voter fewer.
    case evenVoters = "even-voters"
    /// A leader with `leaderServes=no` answers "not serving": not an outage.
    case leaderServesNo = "leader-serves-no"
    /// Members answer `ruok` with `imok` but do not serve.
    case imokNotServing = "imok-not-serving"
    /// An older leader that has not yet noticed a newer one.
    case staleLeader = "stale-leader"
    /// The same server was named twice; it is counted once.
    case sameMemberTwice = "same-member-twice"
    /// A configured server the check could not ask.
    case memberNotAsked = "member-not-asked"
    /// No member told the configured membership.
    case membershipUnknown = "membership-unknown"
    /// Words refused by the whitelist but not required: noted once for the ensemble.
    case wordsNotWhitelisted = "words-not-whitelisted"
    /// The client probe ran and no member completed it: clients cannot write, whatever the servers say.
    case writesFail = "writes-fail"
    /// Some members completed the client probe and this one did not: its clients cannot write through it.
    case memberCannotWrite = "member-cannot-write"
    /// The four-letter words say the ensemble cannot serve while client probes complete: the servers' view lags.
    case serversViewLags = "servers-view-lags"
    /// The write probe's znodes are not allowed (ACL, credentials, missing parent): the operator's setup.
    case writeProbeDenied = "write-probe-denied"
    /// A member runs local sessions: only a write probe proves the write path through it.
    case localSessions = "local-sessions"

    /// The severities a finding of this kind may carry, the usual one first: a threshold finding is a warning or
    /// critical by its range; nothing answering is critical, or unknown for one member given alone; a refused
    /// `srvr` is unknown where another refused word is a warning; the servers' own view of a lost quorum is a warning
    /// when client probes complete.
    public var severities: [Severity] {
        switch self {
        case .ensembleUnknown, .checkResources: return [.unknown]
        case .noMemberAnswered: return [.critical, .unknown, .warning]
        case .noQuorum, .leaderUnreachable: return [.critical, .warning]
        case .unexpectedMode, .epochsDisagree, .standaloneInEnsemble, .writesFail: return [.critical]
        case .followerLag, .latencyAvg, .latencyMax, .roundTrip, .outstanding, .fileDescriptors:
            return [.warning, .critical]
        case .notWhitelisted: return [.warning, .unknown]
        case .electionInProgress, .noFailureTolerance, .leaderUnknown, .memberUnreachable, .memberUnresponsive,
            .memberNotServing, .memberReadOnly, .memberError, .followersNotSynced, .pendingSyncs, .adminServerUnusable,
            .mntrUnreadable, .versionSkew, .membershipDiffers, .evenVoters, .memberCannotWrite, .serversViewLags,
            .writeProbeDenied:
            return [.warning]
        case .leaderServesNo, .imokNotServing, .staleLeader, .sameMemberTwice, .memberNotAsked, .membershipUnknown,
            .wordsNotWhitelisted, .localSessions:
            return [.ok]
        }
    }
}
