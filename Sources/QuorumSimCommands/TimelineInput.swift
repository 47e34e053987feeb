import CommandLineSupport
import QuorumSim
import ToolkitSupport

/// What quorumsim reads of a `zkprobe watch` timeline (JSON Lines, docs/zkprobe-watch.md): the header line
/// (`"timeline": "zkprobe-watch"`, `version` ≥ 1) and the file's last two lines, read from its end (a day's
/// timeline may be a gigabyte): the end line (`end`, `episodes`) and the latest round (`round`, `check`), or, for a
/// watch still running, the latest round alone. Only the documented keys are read, as `CheckInput` reads a check
/// (ZKProbe's `TimelineFile` reads every key of every episode); any later version that keeps them reads alike.
struct TimelineInput {
    /// The longest line read, bytes: a round's check document of a large ensemble is tens of KB.
    static let lineLimit = 16 << 20

    /// The file, as named in errors.
    let path: String
    /// The end line (`{"end": ..., "episodes": [...]}`), `nil` when the watch has not ended (or was killed).
    let end: JSONObject?
    /// The latest round's line, `nil` when the watch ended before its first round.
    let latestRound: JSONObject?

    /// Whether `line` (a file's first line) is a timeline's header: an object with `"timeline": "zkprobe-watch"`.
    static func isHeader(_ line: String) -> Bool {
        guard let root = try? JSONDocument.parse(Array(line.utf8), file: ""), let object = try? root.object(allowed: nil)
        else { return false }
        return (try? object.optional("timeline")?.string()) == "zkprobe-watch"
    }

    /// Reads the header and the last lines of the timeline at `path`.
    /// - Throws: `Refusal`: unreadable, a line longer than `lineLimit`, not a timeline, a version below 1, or a
    ///   last line that is neither a round nor the end.
    static func read(_ path: String) throws(Refusal) -> TimelineInput {
        let ends: (first: String, last: [String])
        do { ends = try TextFile.ends(of: path, lastLines: 2, lineLimit: lineLimit, what: "timeline") } catch {
            throw Refusal(error.description)
        }
        return try TimelineInput(path: path, first: ends.first, last: ends.last)
    }

    /// The timeline whose first line is `first` and whose last complete lines (at most two) are `last`.
    /// - Throws: `Refusal` as ``read(_:)``.
    init(path: String, first: String, last: [String]) throws(Refusal) {
        guard Self.isHeader(first) else {
            throw Refusal(
                "\(oneLine(path)): not a zkprobe watch timeline (its first line has no \"timeline\": \"zkprobe-watch\"); "
                    + "give the file zkprobe watch --timeline wrote")
        }
        let header = try Self.object(first, path: path, line: "first line")
        let version: Int
        do throws(ScenarioFileError) {
            let field = try header.required("version")
            version = try field.integer()
            guard version >= 1 else { throw field.error("expected 1 or later, found \(version)") }
        } catch { throw Refusal(error.description) }
        self.path = path
        var end: JSONObject?
        var round: JSONObject?
        if let line = last.last {
            let object = try Self.object(line, path: path, line: "last line")
            if object.optional("end") != nil {
                end = object
                if last.count == 2 {
                    let before = try Self.object(last[0], path: path, line: "line before the last")
                    if before.optional("round") != nil { round = before }
                }
            } else if object.optional("round") != nil {
                round = object
            }
        }
        self.end = end
        self.latestRound = round
    }

    /// The leader-change episodes' `unavailableSeconds` (`[min, max]`; an episode whose `max` is null is left out)
    /// and where they came from (`unavailableFrom`: all `writes`, all `leader`, else mixed).
    /// - Throws: `Refusal`: no end line (a watch still running or killed), no such episode, or a mistyped key.
    func elections() throws(Refusal) -> (samples: [ClosedRange<Double>], sources: Set<String>) {
        guard let end else {
            throw Refusal(
                "\(oneLine(path)): no end line: the watch is still running or was killed before it wrote its end "
                    + "(a timeline is complete once zkprobe watch stops at --duration or on SIGINT/SIGTERM)")
        }
        let (samples, sources): ([ClosedRange<Double>], Set<String>)
        do { (samples, sources) = try Self.leaderChanges(end) } catch { throw Refusal(error.description) }
        guard !samples.isEmpty else {
            throw Refusal(
                "\(oneLine(path)): no leader-change episode with a known unavailable time; "
                    + "a drill must kill or pause the leader while zkprobe watch runs")
        }
        return (samples, sources)
    }

    private static func leaderChanges(
        _ end: JSONObject
    ) throws(ScenarioFileError) -> (samples: [ClosedRange<Double>], sources: Set<String>) {
        var samples: [ClosedRange<Double>] = []
        var sources = Set<String>()
        for element in try end.required("episodes").array() {
            let episode = try element.object(allowed: nil)
            guard try episode.required("kind").string() == "leader-change" else { continue }
            let field = try episode.required("unavailableSeconds")
            if field.isNull { continue }
            let span = try field.object(allowed: nil)
            let maxField = try span.required("max")
            if maxField.isNull { continue }
            let low = try span.required("min").number()
            let high = try maxField.number()
            guard low >= 0, low <= high, high > 0 else {
                throw field.error(
                    "expected 0 ≤ min ≤ max and max > 0, found [\(NumberText.compact(low)), \(NumberText.compact(high))]"
                )
            }
            samples.append(low...high)
            if let from = episode.optional("unavailableFrom"), !from.isNull { sources.insert(try from.string()) }
        }
        return (samples, sources)
    }

    /// The measured elections of the timelines at `paths` (one drill each), for `quorumsim scenario
    /// --elections-from`.
    /// - Throws: `Refusal` for the first file that cannot be used (see `read` and `elections`), or more samples
    ///   than a scenario holds.
    static func measuredElections(_ paths: [String]) throws(Refusal) -> MeasuredElections {
        var samples: [ClosedRange<Double>] = []
        var sources = Set<String>()
        for path in paths {
            let found = try read(path).elections()
            samples += found.samples
            sources.formUnion(found.sources)
        }
        guard samples.count <= MeasuredElections.maxSamples else {
            throw Refusal(
                "\(samples.count) elections in the timelines; at most \(MeasuredElections.maxSamples) are supported")
        }
        let from = sources.count == 1 ? MeasuredElections.Source(rawValue: sources.first!) ?? .mixed : .mixed
        return MeasuredElections(samples: samples, drills: paths.count, from: from)
    }

    /// The latest round's check document (`check`), as one line of JSON, for `quorumsim live`.
    /// - Throws: `Refusal` when the timeline has no round yet.
    func latestCheck() throws(Refusal) -> JSONField {
        guard let latestRound else {
            throw Refusal("\(oneLine(path)): the timeline has no round yet; wait for zkprobe watch's first round")
        }
        do { return try latestRound.required("check") } catch { throw Refusal(error.description) }
    }

    private static func object(_ line: String, path: String, line name: String) throws(Refusal) -> JSONObject {
        do {
            return try JSONDocument.parse(Array(line.utf8), file: "\(path) (\(name))").object(allowed: nil)
        } catch {
            throw Refusal(error.description)
        }
    }

    /// Why a timeline cannot be used: one line naming the file.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
