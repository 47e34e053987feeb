import ToolkitSupport

/// Turns a timeline's lines into a ``TimelineFile``: the keys each part needs, unknown keys ignored, each
/// problem said with the line and the key.
struct TimelineReading {
    var path: String

    /// One JSON object of a line, and where it is, for errors.
    struct Fields {
        var object: [String: JSONInput]
        /// The key path so far, `episodes[0].began`.
        var prefix: String
        var reading: TimelineReading
        var line: String

        func fail(_ key: String, _ expected: String) -> TimelineFileError {
            TimelineFileError(
                path: reading.path, line: line, problem: .badKey(key: prefix + key, expected: expected))
        }

        func has(_ key: String) -> Bool { object[key] != nil }

        func isNull(_ key: String) -> Bool { object[key] == nil || object[key] == .null }

        func number(_ key: String) throws(TimelineFileError) -> Double {
            switch object[key] {
            case .integer(let i): return Double(i)
            case .unsigned(let u): return Double(u)
            case .double(let d): return d
            default: throw fail(key, "a number")
            }
        }

        func optionalNumber(_ key: String) throws(TimelineFileError) -> Double? {
            isNull(key) ? nil : try number(key)
        }

        func integer(_ key: String) throws(TimelineFileError) -> Int {
            guard case .integer(let i) = object[key], let value = Int(exactly: i) else { throw fail(key, "an integer") }
            return value
        }

        func string(_ key: String) throws(TimelineFileError) -> String {
            guard case .string(let s) = object[key] else { throw fail(key, "a string") }
            return s
        }

        func optionalString(_ key: String) throws(TimelineFileError) -> String? {
            isNull(key) ? nil : try string(key)
        }

        func bool(_ key: String) throws(TimelineFileError) -> Bool {
            guard case .bool(let b) = object[key] else { throw fail(key, "true or false") }
            return b
        }

        func fields(_ key: String, suffix: String = "") throws(TimelineFileError) -> Fields {
            guard case .object(let nested) = object[key] else { throw fail(key + suffix, "an object") }
            return Fields(object: nested, prefix: prefix + key + suffix + ".", reading: reading, line: line)
        }

        func optionalFields(_ key: String) throws(TimelineFileError) -> Fields? {
            isNull(key) ? nil : try fields(key)
        }

        func array(_ key: String) throws(TimelineFileError) -> [JSONInput] {
            guard case .array(let items) = object[key] else { throw fail(key, "an array") }
            return items
        }
    }

    func fields(_ bytes: [UInt8], line: String) throws(TimelineFileError) -> Fields {
        let value: JSONInput
        do { value = try JSONInputParser.parse(bytes) } catch {
            throw TimelineFileError(path: path, line: line, problem: .notJSON(error.text))
        }
        guard case .object(let object) = value else {
            throw TimelineFileError(path: path, line: line, problem: .notJSON("not an object"))
        }
        return Fields(object: object, prefix: "", reading: self, line: line)
    }

    /// The timeline from its first line and up to two last lines (the last first).
    func timeline(head: [UInt8], tail: [[UInt8]]) throws(TimelineFileError) -> TimelineFile {
        let header = try fields(head, line: "line 1")
        guard (try? header.string("timeline")) == TimelineFormat.kind, let version = try? header.integer("version"),
            version >= 1
        else { throw TimelineFileError(path: path, line: "line 1", problem: .notTimeline) }
        var file = TimelineFile(version: version, settings: try settings(header.fields("settings")))
        let names = ["the last line", "the line before the last"]
        for (bytes, name) in zip(tail, names) {
            let line = try fields(bytes, line: name)
            if file.end == nil, file.latestRound == nil, line.has("episodes") {
                file.end = try end(line)
            } else if line.has("round") {
                file.latestRound = try round(line)
                break
            }
        }
        return file
    }

    func settings(_ s: Fields) throws(TimelineFileError) -> WatchSettings {
        func duration(_ key: String) throws(TimelineFileError) -> Duration? {
            guard let seconds = try s.optionalNumber(key) else { return nil }
            guard seconds >= 0, let d = Duration(checkedSeconds: seconds) else {
                throw s.fail(key, "a duration in seconds")
            }
            return d
        }
        guard let interval = try duration("interval") else { throw s.fail("interval", "a number") }
        guard let timeout = try duration("timeout") else { throw s.fail("timeout", "a number") }
        var members: [String] = []
        for item in try s.array("members") {
            guard case .string(let member) = item else { throw s.fail("members", "an array of strings") }
            members.append(member)
        }
        let probe: ClientProbe.Mode?
        switch try s.optionalString("clientProbe") {
        case nil: probe = nil
        case "session": probe = .session
        case "write":
            guard let path = try s.optionalString("probePath") else { throw s.fail("probePath", "a string") }
            probe = .write(path: path)
        default: throw s.fail("clientProbe", "\"session\", \"write\" or null")
        }
        return WatchSettings(
            interval: interval, duration: try duration("duration"), timeout: timeout, members: members,
            clientProbe: probe, ensemble: try s.optionalString("ensemble"), version: try s.string("version"),
            started: try s.number("started"))
    }

    func round(_ r: Fields) throws(TimelineFileError) -> TimelineFile.Round {
        guard let check = r.object["check"], case .object = check else { throw r.fail("check", "an object") }
        return TimelineFile.Round(
            index: try r.integer("round"), start: try r.number("start"), seconds: try r.number("seconds"),
            late: try r.bool("late"), check: check)
    }

    func end(_ e: Fields) throws(TimelineFileError) -> TimelineFile.End {
        var episodes: [Episode] = []
        for (n, item) in try e.array("episodes").enumerated() {
            guard case .object(let object) = item else { throw e.fail("episodes[\(n)]", "an object") }
            let fields = Fields(object: object, prefix: "episodes[\(n)].", reading: self, line: e.line)
            episodes.append(try episode(fields))
        }
        return TimelineFile.End(
            end: try e.number("end"), rounds: try e.integer("rounds"), stoppedBy: try e.string("stoppedBy"),
            episodes: episodes)
    }

    func episode(_ f: Fields) throws(TimelineFileError) -> Episode {
        guard let kind = Episode.Kind(rawValue: try f.string("kind")) else {
            throw f.fail("kind", Episode.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        let worstWord = try f.string("worst")
        guard let worst = Severity.allCases.first(where: { $0.word == worstWord }) else {
            throw f.fail("worst", "ok, warning, critical or unknown")
        }
        var e = Episode(
            number: try f.integer("number"), kind: kind, worst: worst, began: try instant(f.fields("began")),
            resolution: try f.number("resolutionSeconds"))
        e.ended = try f.optionalFields("ended").map(instant)
        e.memberDown = try f.optionalFields("memberDown").map(memberInstant)
        e.leaderLost = try f.optionalFields("leaderLost").map(memberInstant)
        e.electionStarted = try f.optionalFields("electionStarted").map(instant)
        e.newLeader = try f.optionalFields("newLeader").map(memberInstant)
        e.writesFailed = try f.optionalFields("writesFailed").map(instant)
        e.writesWorked = try f.optionalFields("writesWorked").map(instant)
        e.detect = try f.optionalFields("detectSeconds").map(span)
        e.election = try f.optionalFields("electionSeconds").map(span)
        e.serveAgain = try f.optionalFields("serveAgainSeconds").map(span)
        e.unavailable = try f.optionalFields("unavailableSeconds").map(span)
        e.unavailableFrom = try f.optionalString("unavailableFrom")
        return e
    }

    func instant(_ f: Fields) throws(TimelineFileError) -> Instant {
        Instant(after: try f.optionalNumber("after"), before: try f.number("before"))
    }

    func memberInstant(_ f: Fields) throws(TimelineFileError) -> MemberInstant {
        MemberInstant(member: try f.string("member"), at: try instant(f))
    }

    func span(_ f: Fields) throws(TimelineFileError) -> Span {
        Span(min: try f.number("min"), max: try f.optionalNumber("max"))
    }
}
