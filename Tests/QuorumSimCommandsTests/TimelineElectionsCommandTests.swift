import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSimCommands

/// `quorumsim scenario --elections-from` and `quorumsim live` reading `zkprobe watch` timelines (docs/zkprobe-watch.md):
/// the hand-written v1 fixtures in Fixtures/timelines follow the format as designed, key for key.
struct TimelineElectionsCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/timelines")
    /// Two episodes: a leader change with writes unavailable 0–0.763 s, a member episode (not an election).
    static let drill = fixtures.appendingPathComponent("drill-v1.jsonl").path
    /// A leader change that began before the first round (max null: left out), one of 1.238–1.762 s, a quorum loss.
    static let second = fixtures.appendingPathComponent("drill-v1-second.jsonl").path
    /// A watch still running: no end line, a round being written at the end.
    static let running = fixtures.appendingPathComponent("watch-running-v1.jsonl").path
    static let ensemble = ["--connect", "zk1:2181,zk2:2181,zk3:2181", "--zones", "zk1=a,zk2=b,zk3=c"]
    static let liveZones = ["--zones", "zk1:2181=a,zk2:2181=b,zk3:2181=c"]

    static func scenario(_ timelines: [String], _ extra: [String] = []) -> (Int32, Capture) {
        runQuorumSim(["scenario"] + ensemble + extra + ["--elections-from"] + timelines)
    }

    static func election(_ text: String) throws -> [String: Any] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(root["election"] as? [String: Any])
    }

    @Test func theLeaderChangesOfEveryTimelineBecomeTheScenariosMeasuredElections() throws {
        let (code, capture) = Self.scenario([Self.drill, Self.second])
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        let election = try Self.election(capture.stdout)
        #expect(election["detection"] == nil && election["duration"] == nil)
        let measured = try #require(election["measured"] as? [String: Any])
        #expect(measured["samples"] as? [[Double]] == [[0, 0.763], [1.238, 1.762]])
        #expect(measured["drills"] as? Int == 2)
        #expect(measured["from"] as? String == "writes")
        #expect(
            capture.stdout.contains("The failure figures are partly defaults"), "measured elections are not defaults")

        // The file it writes runs, and the run says where its election figure came from.
        let file = CommandTests.file("measured-scenario.json", capture.stdout)
        let (runCode, run) = runQuorumSim(["run", file, "--years", "20", "--replications", "2"])
        #expect(runCode == ExitStatus.success, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "\nelections: measured, n=2 from 2 drills, median 763 ms (p10–p90 153 ms–1.66 s), empirical\n"),
            "\(run.stdout)")
        let (_, json) = runQuorumSim(["run", file, "--years", "20", "--replications", "2", "--format", "json"])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let provenance = try #require(reports.first?["election"] as? [String: Any])
        #expect(provenance["source"] as? String == "measured")
        #expect(provenance["samples"] as? Int == 2)
        #expect(provenance["fit"] as? String == "empirical")
        // (0 + 0.763 + 1.238 + 1.762) / 4: the mean of the midpoints.
        #expect(abs((provenance["meanSeconds"] as? Double ?? 0) - 0.94075) < 1e-9)
    }

    @Test func anAssumedElectionSaysSoInTheRun() throws {
        let (code, capture) = runQuorumSim(["run", CommandTests.other, "--years", "10", "--replications", "2"])
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        #expect(capture.stdout.contains("\nelections: assumed: syncLimit × tickTime 10 s + election 200 ms = 10.2 s\n"))
        let (_, instant) = runQuorumSim(["run", CommandTests.good])
        #expect(!instant.stdout.contains("elections:"), "instant elections have no provenance line")
    }

    @Test(arguments: [
        (CommandTests.good, "not a zkprobe watch timeline"),
        (running, "no end line: the watch is still running or was killed"),
    ])
    func aTimelineThatCannotBeUsedIsOneLine(_ file: String, _ message: String) {
        let (code, capture) = Self.scenario([Self.drill, file])
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.contains(message), "\(capture.stderr)")
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        #expect(capture.stdout.isEmpty)
    }

    @Test func aTimelineWithoutALeaderChangeIsRefused() throws {
        let lines = try String(contentsOfFile: Self.drill, encoding: .utf8).split(separator: "\n")
        let end = #"{"end":1796608985.762,"rounds":6,"stoppedBy":"signal","episodes":[]}"#
        let file = CommandTests.file("no-election.jsonl", lines.dropLast().joined(separator: "\n") + "\n" + end + "\n")
        let (code, capture) = Self.scenario([file])
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.contains("no-election.jsonl: no leader-change episode"), "\(capture.stderr)")
    }

    @Test func measuredElectionsContradictAssumedOnes() {
        for flag in [["--election", "1s"], ["--detection", "4s"]] {
            let (code, capture) = Self.scenario([Self.drill], flag)
            #expect(code == ExitStatus.usage)
            #expect(capture.stderr.contains("--elections-from contradicts --detection/--election"), "\(capture.stderr)")
        }
        let (code, capture) = runQuorumSim(["scenario"] + Self.ensemble + [Self.drill])
        #expect(code == ExitStatus.usage, "a timeline without --elections-from is an unexpected operand")
        #expect(capture.stderr.contains("unexpected operand"))
    }

    /// A day's timeline is far larger than any whole-file read may be: the reader takes its two ends only. The file
    /// made here is larger than the line cap (16 MiB), let alone `live`'s 1 MiB for a whole check document.
    @Test func aTimelineLargerThanTheCapsIsReadFromItsEnds() throws {
        let lines = try String(contentsOfFile: Self.drill, encoding: .utf8).split(separator: "\n").map(String.init)
        let url = CommandTests.folder.appendingPathComponent("day.jsonl")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? FileManager.default.removeItem(at: url) }
        try handle.write(contentsOf: Data((lines[0] + "\n").utf8))
        let rounds = Array(lines[1...6])
        var block = ""
        for round in rounds { block += round + "\n" }
        let data = Data(block.utf8)
        let copies = TimelineInput.lineLimit / data.count + 100
        for _ in 0..<copies { try handle.write(contentsOf: data) }
        try handle.write(contentsOf: Data((lines[7] + "\n").utf8))
        try handle.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size > TimelineInput.lineLimit && size > CheckInput.maxBytes)

        let (code, capture) = Self.scenario([url.path])
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        let measured = try #require(try Self.election(capture.stdout)["measured"] as? [String: Any])
        #expect(measured["samples"] as? [[Double]] == [[0, 0.763]])

        let (liveCode, live) = runQuorumSim(["live", url.path] + Self.liveZones)
        #expect(liveCode == ExitStatus.success, "\(live.stderr)")
        #expect(live.stdout == runQuorumSim(["live", Self.drill] + Self.liveZones).1.stdout)
    }

    /// The latest round's check: the line before the end line, or the last complete round of a watch still running.
    @Test func liveReadsTheLatestRoundOfATimeline() throws {
        let lines = try String(contentsOfFile: Self.drill, encoding: .utf8).split(separator: "\n").map(String.init)
        let round = try #require(try JSONSerialization.jsonObject(with: Data(lines[6].utf8)) as? [String: Any])
        let check = try JSONSerialization.data(withJSONObject: try #require(round["check"]))
        let (_, direct) = runQuorumSim(["live", "-"] + Self.liveZones, stdin: String(decoding: check, as: UTF8.self))
        #expect(direct.stdout.hasPrefix("voters up: 2 of 3 (majority 2)"), "\(direct.stdout)")

        for file in [Self.drill, Self.running] {
            let (code, capture) = runQuorumSim(["live", file] + Self.liveZones)
            #expect(code == ExitStatus.success, "\(file): \(capture.stderr)")
            #expect(capture.stdout == direct.stdout, "\(file)")
        }
        let (code, piped) = runQuorumSim(
            ["live", "-"] + Self.liveZones, stdin: try String(contentsOfFile: Self.running, encoding: .utf8))
        #expect(code == ExitStatus.success, "\(piped.stderr)")
        #expect(piped.stdout == direct.stdout)
    }

    @Test func aTimelineWithoutARoundIsOneLineForLive() throws {
        let header = try String(contentsOfFile: Self.drill, encoding: .utf8).split(separator: "\n")[0]
        let file = CommandTests.file("header-only.jsonl", header + "\n")
        let (code, capture) = runQuorumSim(["live", file] + Self.liveZones)
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.contains("header-only.jsonl: the timeline has no round yet"), "\(capture.stderr)")
    }
}
