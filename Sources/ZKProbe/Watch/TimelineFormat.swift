import ToolkitSupport

/// The lines of a `zkprobe watch` timeline, a JSON Lines file (docs/zkprobe-watch.md, "The timeline file"): the
/// settings first, then one line per round, then the end with the episodes. Each function returns one line without
/// its `\n`; keys are always present (`null` when not known) and in the documented order.
public enum TimelineFormat {
    /// The `timeline` key's value on the first line: what the file is.
    public static let kind = "zkprobe-watch"
    /// The version written; readers accept any version from 1 on whose keys they need are there.
    public static let version = 1

    /// The first line: what the file is, its version and the watch's settings.
    public static func header(_ settings: WatchSettings) -> String {
        let probePath: String? = settings.clientProbe.flatMap {
            if case .write(let path) = $0 { return path }
            return nil
        }
        let fields: [(String, JSONValue)] = [
            ("interval", seconds(settings.interval.seconds)),
            ("duration", settings.duration.map { seconds($0.seconds) } ?? .null),
            ("timeout", seconds(settings.timeout.seconds)),
            ("members", .array(settings.members.map(JSONValue.string))),
            ("clientProbe", .from(settings.clientProbe?.word)),
            ("probePath", .from(probePath)),
            ("ensemble", .from(settings.ensemble)),
            ("version", .string(settings.version)),
            ("started", seconds(settings.started)),
        ]
        return line([("timeline", .string(kind)), ("version", .int(Int64(version))), ("settings", .object(fields))])
    }

    /// One round: its number (from 0), start (seconds since the Unix epoch), how long it took, whether it started
    /// after its scheduled time, and the check's document exactly as `zkprobe check --format json` gives it.
    public static func round(index: Int, start: Double, seconds duration: Double, late: Bool, report: CheckReport)
        -> String
    {
        line([
            ("round", .int(Int64(index))), ("start", seconds(start)), ("seconds", seconds(duration)),
            ("late", .bool(late)), ("check", report.jsonValue()),
        ])
    }

    /// The last line: when the watch ended, how many rounds it ran, what stopped it (`duration` or `signal`), and
    /// every episode.
    public static func end(end: Double, rounds: Int, stoppedBy: String, episodes: [Episode]) -> String {
        line([
            ("end", seconds(end)), ("rounds", .int(Int64(rounds))), ("stoppedBy", .string(stoppedBy)),
            ("episodes", .array(episodes.map(episode))),
        ])
    }

    /// One episode as the last line lists it. Bounds are rounded outwards to the millisecond (`after` and `min`
    /// down, `before` and `max` up), so that a rounded bound still contains what the rounds bound.
    package static func episode(_ e: Episode) -> JSONValue {
        .object([
            ("number", .int(Int64(e.number))), ("kind", .string(e.kind.rawValue)), ("worst", .string(e.worst.word)),
            ("began", instant(e.began)), ("ended", e.ended.map(instant) ?? .null),
            ("memberDown", member(e.memberDown)), ("leaderLost", member(e.leaderLost)),
            ("electionStarted", e.electionStarted.map(instant) ?? .null), ("newLeader", member(e.newLeader)),
            ("writesFailed", e.writesFailed.map(instant) ?? .null),
            ("writesWorked", e.writesWorked.map(instant) ?? .null),
            ("detectSeconds", span(e.detect)), ("electionSeconds", span(e.election)),
            ("serveAgainSeconds", span(e.serveAgain)), ("unavailableSeconds", span(e.unavailable)),
            ("unavailableFrom", .from(e.unavailableFrom)), ("resolutionSeconds", seconds(e.resolution)),
        ])
    }

    static func line(_ pairs: [(String, JSONValue)]) -> String { JSONValue.object(pairs).serialized(indent: nil) }

    /// Seconds to the nearest millisecond.
    static func seconds(_ value: Double) -> JSONValue { .double(Milliseconds.nearest(value)) }

    static func instant(_ i: Instant) -> JSONValue {
        .object(instantPairs(i))
    }

    static func instantPairs(_ i: Instant) -> [(String, JSONValue)] {
        [("after", .from(i.after.map(Milliseconds.down))), ("before", .double(Milliseconds.up(i.before)))]
    }

    static func member(_ m: MemberInstant?) -> JSONValue {
        guard let m else { return .null }
        return .object([("member", .string(m.member))] + instantPairs(m.at))
    }

    static func span(_ s: Span?) -> JSONValue {
        guard let s else { return .null }
        return .object([("min", .double(Milliseconds.down(s.min))), ("max", .from(s.max.map(Milliseconds.up)))])
    }
}

/// Seconds rounded to whole milliseconds, the precision of a timeline's numbers.
enum Milliseconds {
    /// A nanosecond's slack, so that a value a binary fraction off a whole millisecond (1.005 is 1.00499…) is
    /// not rounded a whole millisecond away.
    static let slack = 1e-6

    static func nearest(_ s: Double) -> Double { (s * 1000).rounded() / 1000 }
    static func down(_ s: Double) -> Double { (s * 1000 + slack).rounded(.down) / 1000 }
    static func up(_ s: Double) -> Double { (s * 1000 - slack).rounded(.up) / 1000 }
}
