import Foundation
import Testing

@testable import ZKProbe

/// A short watch through a killed leader, made of checks built from replies captured on a real 3.8.0 ensemble
/// (as `CheckGoldenTests` builds them): its timeline, summary and chart compared byte for byte with the files
/// under `Snapshots/watch`. `ZKPROBE_RECORD_GOLDEN=1` re-records them; a change to them is a change to the
/// documented contract (docs/zkprobe-watch.md).
struct WatchGoldenTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots/watch")
    static let started = 1_796_608_984.25
    static let probe = CheckGoldenTests.writeProbe
    static let settings = WatchSettings(
        interval: .milliseconds(250), duration: .seconds(3), timeout: .seconds(1),
        members: ["zk1:2181", "zk2:2181", "zk3:2181"], clientProbe: probe, ensemble: "orders", version: "1.9.0",
        started: started)

    typealias Scene = CheckGoldenTests.Scene

    static func scene(_ name: String, _ roles: [String?]) -> Scene {
        let addresses = ["zk1:2181", "zk2:2181", "zk3:2181"]
        let clients = roles.indices.map { n -> ClientMeasurement? in
            switch roles[n] {
            case "leader", "follower": return CheckGoldenTests.completed(n + 1, mode: probe)
            default: return nil
            }
        }
        return Scene(
            name: name, members: zip(addresses, roles).map { (address: $0, replies: $1) }, voters: 3, probe: probe,
            clients: clients)
    }

    /// The rounds: healthy, the leader killed (the others looking, writes failing), a new leader, one slow round
    /// that makes the next one late, and healthy again with the old leader back.
    static func rounds() throws -> [(report: CheckReport, start: Double, seconds: Double, late: Bool)] {
        let healthy = try CheckGoldenTests.report(scene("healthy", ["leader", "follower", "follower"]))
        let electing = try CheckGoldenTests.report(scene("electing", [nil, "notserving", "notserving"]))
        let elected = try CheckGoldenTests.report(scene("elected", [nil, "follower", "leader"]))
        let plan: [(CheckReport, Double)] = [
            (healthy, 0.012), (healthy, 0.011), (healthy, 0.0125), (electing, 0.0131), (electing, 0.0109),
            (elected, 0.014), (elected, 0.4004), (healthy, 0.012), (healthy, 0.0118), (healthy, 0.012),
        ]
        var out: [(report: CheckReport, start: Double, seconds: Double, late: Bool)] = []
        var previousEnd = -Double.infinity
        for (k, (report, seconds)) in plan.enumerated() {
            let scheduled = started + Double(k) * 0.25
            let start = max(scheduled, previousEnd)
            out.append((report, start, seconds, start > scheduled))
            previousEnd = start + seconds
        }
        return out
    }

    /// The three outputs of the watch: timeline, summary, chart.
    static func outputs() throws -> [(String, String)] {
        let rounds = try rounds()
        var tracker = EpisodeTracker(resolution: 0.25)
        var chart = TimelineChart(settings: settings)
        var episodes: [Episode] = []
        var lines = [TimelineFormat.header(settings)]
        for (k, round) in rounds.enumerated() {
            lines.append(
                TimelineFormat.round(
                    index: k, start: round.start, seconds: round.seconds, late: round.late, report: round.report))
            let state = RoundState(round.report)
            let end = round.start + round.seconds
            chart.add(state, start: round.start, end: end)
            if let e = tracker.add(state, start: round.start, end: end) {
                episodes.append(e)
                chart.add(e)
            }
        }
        let end = rounds.last!.start + rounds.last!.seconds
        lines.append(TimelineFormat.end(end: end, rounds: rounds.count, stoppedBy: "duration", episodes: episodes))
        let summary = TimelineSummary.text(
            settings: settings, rounds: rounds.count, lateRounds: rounds.filter(\.late).count,
            slowestRound: rounds.map(\.seconds).max(), end: end, episodes: episodes)
        return [
            ("timeline.jsonl", lines.map { $0 + "\n" }.joined()), ("summary.txt", summary),
            ("chart.svg", chart.svg(end: end)),
        ]
    }

    @Test func watchOutputsAreByteIdenticalToTheRecording() throws {
        let record = ProcessInfo.processInfo.environment["ZKPROBE_RECORD_GOLDEN"] == "1"
        for (name, text) in try Self.outputs() {
            let file = Self.snapshots.appendingPathComponent(name)
            if record {
                try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
                continue
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            #expect(text == expected, "\(name) differs from the recording")
        }
    }

    /// The recorded watch is a leader change whose bounds hold the rounds that saw it: a check on the golden
    /// itself, so that a re-recording cannot bless a wrong episode unnoticed.
    @Test func theRecordedWatchIsOneLeaderChange() throws {
        let rounds = try Self.rounds()
        var tracker = EpisodeTracker(resolution: 0.25)
        var episodes: [Episode] = []
        for r in rounds {
            if let e = tracker.add(RoundState(r.report), start: r.start, end: r.start + r.seconds) {
                episodes.append(e)
            }
        }
        #expect(tracker.finish() == nil)
        let e = try #require(episodes.first)
        #expect(episodes.count == 1)
        #expect(e.kind == .leaderChange)
        #expect(e.leaderLost?.member == "zk1:2181")
        #expect(e.newLeader?.member == "zk3:2181")
        #expect(e.leaderLost?.at == Instant(after: rounds[2].start, before: rounds[3].start + rounds[3].seconds))
        #expect(e.newLeader?.at == Instant(after: rounds[4].start, before: rounds[5].start + rounds[5].seconds))
        #expect(e.unavailableFrom == "writes")
        #expect(rounds.map(\.late) == [false, false, false, false, false, false, false, true, false, false])
    }
}
