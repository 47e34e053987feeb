import ToolkitSupport
import ZKProbe

// Stand-ins for r19-timeline's API (the agreed design), so that `zkprobe watch` builds before that branch is
// merged. Removed by the merge of r19-timeline: its types in ZKProbe take these names.

extension RoundState {
    init(report: CheckReport) {
        let members = report.members.map { m -> RoundState.Member in
            let lane: Lane
            switch m.state {
            case .leader: lane = .leader
            case .follower: lane = .follower
            case .observer: lane = .observer
            case .standalone: lane = .standalone
            case .unreachable, .unresponsive: lane = .down
            default: lane = .notServing
            }
            return RoundState.Member(address: m.address, lane: lane, voter: !m.isObserver)
        }
        self.init(
            verdict: report.verdict, leader: report.leader, quorum: report.quorum,
            votersConfigured: report.votersConfigured, votersServing: report.votersServing, majority: report.majority,
            failureTolerance: report.knownFailureTolerance, writable: report.writable, members: members)
    }

    func changes(from previous: RoundState?) -> [String] {
        guard let previous else { return [] }
        var lines: [String] = []
        func word(_ s: Severity) -> String { s.word.uppercased() }
        if previous.verdict != verdict { lines.append("verdict \(word(previous.verdict)) -> \(word(verdict))") }
        if previous.leader != leader { lines.append("leader \(previous.leader ?? "none") -> \(leader ?? "none")") }
        if previous.votersServing != votersServing {
            lines.append(
                "voters serving \(previous.votersServing)/\(previous.votersConfigured) -> "
                    + "\(votersServing)/\(votersConfigured)")
        }
        if previous.writable != writable {
            func yes(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "unknown" }
            lines.append("writable \(yes(previous.writable)) -> \(yes(writable))")
        }
        for member in members {
            if let old = previous.members.first(where: { $0.address == member.address }), old.lane != member.lane {
                lines.append("member \(member.address) \(old.lane.rawValue) -> \(member.lane.rawValue)")
            }
        }
        return lines
    }
}

struct EpisodeTracker {
    var resolution: Double
    var open: Episode?
    var count = 0
    var last: (start: Double, end: Double)?
    init(resolution: Double) { self.resolution = resolution }

    mutating func add(_ state: RoundState, start: Double, end: Double) -> Episode? {
        defer { last = (start, end) }
        if state.verdict != .ok {
            if open == nil {
                count += 1
                open = Episode(
                    number: count, kind: .member, worst: state.verdict,
                    began: Instant(after: last?.start, before: end), resolution: resolution)
            }
            open!.worst = max(open!.worst, state.verdict)
            return nil
        }
        guard var episode = open else { return nil }
        episode.ended = Instant(after: last?.start, before: end)
        open = nil
        return episode
    }

    mutating func finish() -> Episode? {
        defer { open = nil }
        return open
    }
}

enum TimelineFormat {
    static func header(_ settings: WatchSettings) -> String {
        JSONValue.object([
            ("timeline", .string("zkprobe-watch")), ("version", .int(1)),
            (
                "settings",
                .object([
                    ("interval", .double(settings.interval.seconds)), ("duration", .from(settings.duration?.seconds)),
                    ("timeout", .double(settings.timeout.seconds)),
                    ("members", .array(settings.members.map(JSONValue.string))),
                    ("clientProbe", .null), ("probePath", .null), ("ensemble", .from(settings.ensemble)),
                    ("version", .string(settings.version)), ("started", .double(settings.started)),
                ])
            ),
        ]).serialized(indent: nil)
    }

    static func round(index: Int, start: Double, seconds: Double, late: Bool, report: CheckReport) -> String {
        "{\"round\":\(index),\"start\":\(start),\"seconds\":\(seconds),\"late\":\(late),\"check\":"
            + report.jsonText().split(separator: "\n").joined() + "}"
    }

    static func end(end: Double, rounds: Int, stoppedBy: String, episodes: [Episode]) -> String {
        "{\"end\":\(end),\"rounds\":\(rounds),\"stoppedBy\":\"\(stoppedBy)\",\"episodes\":["
            + episodes.map { "{\"number\":\($0.number),\"kind\":\"\($0.kind.rawValue)\"}" }.joined(separator: ",")
            + "]}"
    }
}

enum TimelineSummary {
    static func text(
        settings: WatchSettings, rounds: Int, lateRounds: Int, slowestRound: Double, end: Double, episodes: [Episode]
    ) -> String {
        "\(rounds) rounds, \(lateRounds) late\n" + episodes.map { "\($0.number) \($0.kind.rawValue)\n" }.joined()
    }
}

struct TimelineChart {
    var rounds = 0
    init(settings: WatchSettings) {}
    mutating func add(_ state: RoundState, start: Double, end: Double) { rounds += 1 }
    mutating func add(_ episode: Episode) {}
    func svg(end: Double) -> String { "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- \(rounds) --></svg>\n" }
}
