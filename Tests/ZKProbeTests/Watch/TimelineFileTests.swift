import Foundation
import SystemSupport
import Testing
import ToolkitSupport

@testable import ZKProbe

/// The reader of timelines: what it takes from the head and the tail, what it refuses and how it says so.
struct TimelineFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/watch")

    /// A fresh file holding `text`, removed by the caller.
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("timeline-\(UUID().uuidString).jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func reading(_ text: String) throws -> TimelineFile {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try TimelineFile.read(path)
    }

    static func refusal(_ text: String) throws -> String? {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TimelineFile.read(path)
            return nil
        } catch {
            return error.description.replacingOccurrences(of: path, with: "FILE")
        }
    }

    /// Never delete this test or its fixture: a timeline written by version 1 must stay readable by every later
    /// zkprobe and quorumsim (docs/zkprobe-watch.md, "The timeline file"). The fixture is not re-recorded.
    @Test func versionOneTimelineStillReads() throws {
        let t = try TimelineFile.read(Self.fixtures.appendingPathComponent("v1-leader-killed.jsonl").path)
        #expect(t.version == 1)
        #expect(t.settings.members == ["zk1:2181", "zk2:2181", "zk3:2181"])
        #expect(t.settings.interval == .milliseconds(250))
        #expect(t.settings.duration == .seconds(3))
        #expect(t.settings.timeout == .seconds(1))
        #expect(t.settings.clientProbe == .write(path: "/zkprobe"))
        #expect(t.settings.ensemble == "orders")
        #expect(t.settings.started == 1_796_608_984.25)
        let round = try #require(t.latestRound)
        #expect(round.index == 9)
        #expect(round.late == false)
        guard case .object(let check) = round.check else { throw Failure("check is not an object") }
        #expect(check["verdict"] == .string("ok"))
        let end = try #require(t.end)
        #expect(end.rounds == 10)
        #expect(end.stoppedBy == "duration")
        let e = try #require(end.episodes.first)
        #expect(end.episodes.count == 1)
        #expect(e.kind == .leaderChange)
        #expect(e.worst == .critical)
        #expect(e.leaderLost?.member == "zk1:2181")
        #expect(e.newLeader?.member == "zk3:2181")
        #expect(e.unavailableFrom == "writes")
        #expect(e.unavailable == Span(min: 0.236, max: 0.764))
        #expect(e.began == Instant(after: 1_796_608_984.75, before: 1_796_608_985.014))
        #expect(e.resolution == 0.25)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// What the writer writes, the reader reads back: settings, the latest round and every episode.
    @Test func whatIsWrittenReadsBack() throws {
        let outputs = try WatchGoldenTests.outputs()
        let text = try #require(outputs.first { $0.0 == "timeline.jsonl" }?.1)
        let t = try Self.reading(text)
        #expect(t.settings == WatchGoldenTests.settings)
        #expect(t.latestRound?.index == 9)
        var tracker = EpisodeTracker(resolution: 0.25)
        let episodes = try WatchGoldenTests.rounds().compactMap {
            tracker.add(RoundState($0.report), start: $0.start, end: $0.start + $0.seconds)
        }
        // Written to the millisecond, outwards: each read bound holds the one written.
        let read = try #require(t.end?.episodes.first)
        let written = try #require(episodes.first)
        #expect(read.number == written.number && read.kind == written.kind)
        for (r, w) in [(read.began, written.began), (read.leaderLost!.at, written.leaderLost!.at)] {
            #expect(r.after! <= w.after! && w.before <= r.before && w.before - r.before < 0.001)
        }
        #expect(
            read.unavailable!.min <= written.unavailable!.min && written.unavailable!.max! <= read.unavailable!.max!)
    }

    @Test func aRoundsCheckIsTheCheckDocumentOnOneLine() throws {
        let report = try WatchGoldenTests.rounds()[3].report
        let line = TimelineFormat.round(index: 3, start: 1.5, seconds: 0.25, late: true, report: report)
        #expect(!line.contains("\n"))
        guard case .object(let round) = try JSONInputParser.parse(Array(line.utf8)) else {
            throw Failure("not an object")
        }
        #expect(round["check"] == (try JSONInputParser.parse(Array(report.jsonText().utf8))))
    }

    @Test func timesAndDurationsHaveMillisecondPrecision() throws {
        let line = TimelineFormat.round(
            index: 0, start: 1_796_608_984.250_499, seconds: 0.012_6, late: false,
            report: try WatchGoldenTests.rounds()[0].report)
        #expect(line.hasPrefix(#"{"round":0,"start":1796608984.25,"seconds":0.013,"late":false,"check":{"#))
        var e = Episode(
            number: 1, kind: .member, worst: .warning, began: Instant(after: 10.000_9, before: 10.250_1),
            resolution: 0.25)
        e.serveAgain = Span(min: 0.249_9, max: 0.500_1)
        let episode = TimelineFormat.episode(e).serialized(indent: nil)
        #expect(episode.contains(#""began":{"after":10,"before":10.251}"#), "bounds round outwards: \(episode)")
        #expect(episode.contains(#""serveAgainSeconds":{"min":0.249,"max":0.501}"#), "\(episode)")
    }

    @Test func aLaterVersionWithKeysItDoesNotKnowStillReads() throws {
        let text = """
            {"timeline":"zkprobe-watch","version":7,"new":[1,2],"settings":{"interval":0.5,"duration":null,"timeout":1,"members":["a:1"],"clientProbe":null,"probePath":null,"ensemble":null,"version":"9.0.0","started":100,"extra":true}}
            {"round":0,"start":100,"seconds":0.01,"late":false,"check":{"verdict":"ok"},"more":{}}
            {"end":101,"rounds":1,"stoppedBy":"signal","episodes":[],"summary":"x"}

            """
        let t = try Self.reading(text)
        #expect(t.version == 7)
        #expect(t.settings.interval == .milliseconds(500) && t.settings.duration == nil)
        #expect(t.latestRound?.index == 0)
        #expect(t.end?.stoppedBy == "signal")
        #expect(t.end?.episodes == [])
    }

    @Test func aFileWithoutItsLastLineHasALatestRoundAndNoEnd() throws {
        let header = try #require(try WatchGoldenTests.outputs().first?.1.split(separator: "\n").first)
        let round = TimelineFormat.round(
            index: 41, start: 2, seconds: 0.1, late: false, report: try WatchGoldenTests.rounds()[0].report)
        let t = try Self.reading(header + "\n" + round + "\n")
        #expect(t.latestRound?.index == 41)
        #expect(t.end == nil)
        let none = try Self.reading(header + "\n")
        #expect(none.latestRound == nil && none.end == nil)
    }

    @Test func onlyTheHeadAndTheTailAreRead() throws {
        // A middle that is not JSON at all (a megabyte of it) does not matter: the reader never looks at it.
        let lines = try #require(try WatchGoldenTests.outputs().first?.1).split(separator: "\n").map(String.init)
        let middle = String(repeating: "not json at all ", count: 65_536)
        let t = try Self.reading(([lines[0], middle] + lines.suffix(2)).joined(separator: "\n") + "\n")
        #expect(t.latestRound?.index == 9)
        #expect(t.end?.episodes.count == 1)
    }

    @Test(arguments: [
        ("", "FILE: is empty; give the timeline that zkprobe watch wrote"),
        (
            "{\"a\":1}\n",
            "FILE: line 1: not a zkprobe watch timeline (no \"timeline\": \"zkprobe-watch\" and a version from 1 on); give the timeline that zkprobe watch wrote"
        ),
        (
            "{\"timeline\":\"zkprobe-watch\",\"version\":0,\"settings\":{}}\n",
            "FILE: line 1: not a zkprobe watch timeline (no \"timeline\": \"zkprobe-watch\" and a version from 1 on); give the timeline that zkprobe watch wrote"
        ),
        ("zkprobe\n", "FILE: line 1: not JSON (Invalid value around character 0.); is this a zkprobe watch timeline?"),
        (
            "{\"timeline\":\"zkprobe-watch\",\"version\":1,\"settings\":{\"interval\":\"fast\"}}\n",
            "FILE: line 1: \"settings.interval\" is missing or not a number"
        ),
        (
            "{\"timeline\":\"zkprobe-watch\",\"version\":1,\"settings\":{\"interval\":1,\"duration\":null,\"timeout\":1,\"members\":[],\"clientProbe\":null,\"ensemble\":null,\"version\":\"1\",\"started\":0}}\n{\"end\":1,\"rounds\":0,\"stoppedBy\":\"signal\",\"episodes\":[{\"number\":1}]}\n",
            "FILE: the last line: \"episodes[0].kind\" is missing or not a string"
        ),
    ])
    func badFilesAreRefusedInOneLine(_ text: String, _ message: String) throws {
        let refusal = try Self.refusal(text)
        #expect(refusal == message)
        #expect(refusal?.contains("\n") == false)
    }

    @Test func aLineOverSixteenMebibytesIsRefused() throws {
        let header = try #require(try WatchGoldenTests.outputs().first?.1.split(separator: "\n").first)
        let long = "{\"round\":1,\"pad\":\"" + String(repeating: "x", count: TimelineFile.lineLimit) + "\"}"
        #expect(
            try Self.refusal(header + "\n" + long + "\n")
                == "FILE: a line is longer than 16 MiB, the most read; is this a zkprobe watch timeline?")
        #expect(
            try Self.refusal(long + "\n")
                == "FILE: a line is longer than 16 MiB, the most read; is this a zkprobe watch timeline?")
    }

    @Test func aFolderOrAMissingFileIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: TimelineFileError(path: folder, problem: .folder)) { try TimelineFile.read(folder) }
        #expect(throws: TimelineFileError(path: "/dev/null", problem: .notAFile)) { try TimelineFile.read("/dev/null") }
        // A FIFO without a writer is refused at once, not waited on.
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("timeline-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(throws: TimelineFileError(path: fifo, problem: .notAFile)) { try TimelineFile.read(fifo) }
        #expect(throws: TimelineFileError(path: "/nonexistent/t.jsonl", problem: .cannotOpen(Errno(ENOENT)))) {
            try TimelineFile.read("/nonexistent/t.jsonl")
        }
    }
}
