import Testing

@testable import ZKProbe

/// A made-up ensemble whose true history is placed by the test (each member's lane changes and the write path's
/// ups and downs, at known times), and rounds that look at it as a watch does: the four-letter words at one moment
/// of the round, the client probe at another. The tests then check that what ``EpisodeTracker`` makes of the
/// rounds bounds the placed times.
struct WatchWorld {
    typealias Lane = RoundState.Lane

    /// Seconds since the Unix epoch at which the watch starts.
    static let t0 = 1_796_608_984.0
    static let members = ["127.0.0.1:2181", "127.0.0.1:2182", "127.0.0.1:2183"]

    var members = WatchWorld.members
    /// Each member's lane before any change.
    var initial: [Lane] = [.leader, .follower, .follower]
    /// Lane changes: at `at` (seconds after ``t0``), `member` (an index) shows `lane`.
    var changes: [(at: Double, member: Int, lane: Lane)] = []
    /// With a client probe: whether writes work at first, and when that changes (seconds after ``t0``).
    var writesAtFirst: Bool? = nil
    var writeChanges: [(at: Double, works: Bool)] = []
    /// A member that is down or not serving leaves the verdict OK (as with thresholds that expect it).
    var toleratesMembersOut = false

    /// One round: when it started and ended, when it saw the members and when its probe wrote (absolute).
    struct Round {
        var start: Double
        var end: Double
        var lanesAt: Double
        var probeAt: Double
    }

    func lane(_ member: Int, at t: Double) -> Lane {
        changes.last { $0.member == member && $0.at + Self.t0 <= t }?.lane ?? initial[member]
    }

    func writes(at t: Double) -> Bool? {
        guard let first = writesAtFirst else { return nil }
        return writeChanges.last { $0.at + Self.t0 <= t }?.works ?? first
    }

    /// What a check sees with the members as they are at `lanesAt` and the probe run at `probeAt`.
    func state(lanesAt: Double, probeAt: Double) -> RoundState {
        let lanes = members.indices.map { lane($0, at: lanesAt) }
        let leaders = members.indices.filter { lanes[$0] == .leader }
        let leader = leaders.count == 1 ? members[leaders[0]] : nil
        let serving = lanes.filter { $0 == .leader || $0 == .follower }.count
        let majority = members.count / 2 + 1
        let quorum = leader != nil && serving >= majority
        let writable = writes(at: probeAt)
        var verdict = Severity.ok
        if !toleratesMembersOut, lanes.contains(where: { $0 == .down || $0 == .notServing }) { verdict = .warning }
        if !quorum || writable == false { verdict = .critical }
        return RoundState(
            verdict: verdict, leader: leader, quorum: quorum, votersConfigured: members.count, votersServing: serving,
            majority: majority, failureTolerance: quorum ? serving - majority : -1, writable: writable,
            members: members.indices.map { RoundState.Member(address: members[$0], lane: lanes[$0], voter: true) })
    }

    /// The true moment (absolute) at which `condition` first holds of the whole ensemble, looking from `from`
    /// (absolute) on: the history only changes at the placed times, so it is one of them (or `from`).
    func truth(from: Double, _ condition: (RoundState) -> Bool) -> Double? {
        let times = (changes.map(\.at) + writeChanges.map(\.at)).map { $0 + Self.t0 }.filter { $0 > from }
        return ([from] + times.sorted()).first { condition(state(lanesAt: $0, probeAt: $0)) }
    }

    /// Rounds as the watch schedules them: round k starts at the later of `t0 + k × interval` and the end of round
    /// k-1, and lasts `duration(k, start)`; the members answer `lanesAfter(k)` seconds into it (never past its
    /// end) and the probe writes `probeAfter(k)` seconds into it.
    static func rounds(
        interval: Double, count: Int, first: Int = 0, duration: (Int, Double) -> Double,
        lanesAfter: (Int) -> Double = { _ in 0.002 }, probeAfter: (Int) -> Double = { _ in 0.004 }
    ) -> [Round] {
        var rounds: [Round] = []
        for k in first..<(first + count) {
            let start = max(t0 + Double(k) * interval, rounds.last?.end ?? -.infinity)
            let end = start + duration(k, start)
            rounds.append(
                Round(
                    start: start, end: end, lanesAt: min(end, start + lanesAfter(k)),
                    probeAt: min(end, start + probeAfter(k))))
        }
        return rounds
    }

    /// The episodes a tracker makes of `rounds` looking at this world: those that ended, then the open one.
    func episodes(_ rounds: [Round], interval: Double) -> (ended: [Episode], open: Episode?) {
        var tracker = EpisodeTracker(resolution: interval)
        var ended: [Episode] = []
        for r in rounds {
            if let e = tracker.add(state(lanesAt: r.lanesAt, probeAt: r.probeAt), start: r.start, end: r.end) {
                ended.append(e)
            }
        }
        return (ended, tracker.finish())
    }
}

/// `instant` bounds the true moment `truth`: after `after` (or any time, when `nil`) and no later than `before`.
func expectBounds(
    _ instant: Instant?, _ truth: Double?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let instant, let truth else {
        Issue.record(
            "\(what): \(String(describing: instant)) for the truth \(String(describing: truth))",
            sourceLocation: sourceLocation)
        return
    }
    #expect(
        (instant.after ?? -.infinity) < truth,
        "\(what): after \(String(describing: instant.after)) is not before the truth \(truth)",
        sourceLocation: sourceLocation)
    #expect(
        truth <= instant.before, "\(what): the truth \(truth) is after before \(instant.before)",
        sourceLocation: sourceLocation)
}

/// `span` bounds the true length `truth`: `min <= truth <= max` (any length above `min` when `max` is `nil`), to a
/// microsecond: the times are seconds since 1970, whose doubles differ in the seventh decimal.
func expectBounds(_ span: Span?, _ truth: Double?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let span, let truth else {
        Issue.record(
            "\(what): \(String(describing: span)) for the truth \(String(describing: truth))",
            sourceLocation: sourceLocation)
        return
    }
    #expect(
        span.min <= truth + 1e-6, "\(what): min \(span.min) is above the truth \(truth)", sourceLocation: sourceLocation
    )
    #expect(
        truth <= (span.max ?? .infinity) + 1e-6,
        "\(what): the truth \(truth) is above max \(String(describing: span.max))", sourceLocation: sourceLocation)
}
