import CommandLineSupport
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

/// What a watch printed, collected from its streams.
private final class Printed: Sendable {
    let output = Mutex("")
    let error = Mutex("")

    func streams(stop: WatchStop = WatchStop()) -> WatchCommand.Streams {
        WatchCommand.Streams(
            terminal: false, output: { text in self.output.withLock { $0 += text } },
            error: { text in self.error.withLock { $0 += text } }, stop: stop)
    }
}

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "zkprobe-watch-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// One JSON object per line.
private func objects(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }
}

/// Three fake members, each a server of its own so that one can stop answering (its port then refuses);
/// `modes` says what each answers now.
final class Ensemble: Sendable {
    final class Modes: Sendable {
        let now = Mutex(["leader", "follower", "follower"])
    }
    let modes = Modes()
    let servers: [FakeServer]

    init() throws {
        var servers: [FakeServer] = []
        for index in 0..<3 {
            let modes = self.modes
            servers.append(
                try FakeServer(
                    .respond(
                        { word, _ in
                            Array(
                                FakeMember(mode: modes.now.withLock { $0[index] }, zxid: 0x1_0000_0002).reply(word).utf8
                            )
                        }, chunk: 512, pause: .zero)))
        }
        self.servers = servers
    }

    var addresses: [String] { servers.map { $0.address() } }
    func stop() { for server in servers { server.stop() } }
}

struct WatchCommandTests {
    /// The leader stops answering a second into a 2.5 s watch at 100 ms, and the second member leads: the change
    /// lines say so at the rounds' times, the timeline is JSON Lines with the documented keys, the episode is in
    /// its last line, and the watch exits 0 although the ensemble was not OK.
    @Test func aLeaderThatStopsAnsweringIsSeenAndRecorded() throws {
        let ensemble = try Ensemble()
        defer { ensemble.stop() }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/watch.jsonl"
        let (leader, next) = (ensemble.addresses[0], ensemble.addresses[1])
        let fault = Thread {
            Thread.sleep(forTimeInterval: 1)
            ensemble.modes.now.withLock { $0[1] = "leader" }
            ensemble.servers[0].stop()
        }
        fault.start()
        let printed = Printed()
        let outcome = WatchCommand.run(
            ensemble.addresses + [
                "--interval", "100ms", "--duration", "2500ms", "--timeout", "0.5", "--timeline", path,
                "--svg", folder + "/watch.svg",
            ], streams: printed.streams(), readFile: TextFile.memory())
        #expect(outcome.status == 0)
        #expect(outcome.standardError.isEmpty && printed.error.withLock { $0 }.isEmpty)

        let output = printed.output.withLock { $0 }
        let lines = output.split(separator: "\n").map(String.init)
        /// A change line: `HH:MM:SS.mmm ` and a change that `matches`.
        func stamped(_ matches: (Substring) -> Bool) -> Bool {
            lines.contains { line in
                let stamp = line.prefix(13)
                return stamp.allSatisfy { "0123456789:. ".contains($0) } && stamp.last == " "
                    && stamp.filter { $0 == ":" }.count == 2
                    && matches(line.dropFirst(13))
            }
        }
        // The round that catches the member mid-stop may see it answer oddly first (not-serving): then down.
        #expect(stamped { $0.hasPrefix("member \(leader) leader -> ") }, "\(output)")
        #expect(stamped { $0.hasPrefix("member \(leader) ") && $0.hasSuffix(" -> down") }, "\(output)")
        #expect(stamped { $0.hasPrefix("leader \(leader) -> ") }, "\(output)")
        #expect(stamped { $0.hasPrefix("verdict OK -> ") }, "\(output)")

        let timeline = try objects(try String(contentsOfFile: path, encoding: .utf8))
        let header = try #require(timeline.first)
        #expect(header["timeline"] as? String == "zkprobe-watch")
        #expect(header["version"] as? Int == 1)
        let settings = try #require(header["settings"] as? [String: Any])
        let settingsKeys = [
            "interval", "duration", "timeout", "members", "clientProbe", "probePath", "ensemble", "version", "started",
        ]
        #expect(settingsKeys.allSatisfy { settings.keys.contains($0) }, "\(settings.keys)")
        #expect(settings["members"] as? [String] == ensemble.addresses)
        let rounds = timeline.dropFirst().dropLast()
        #expect((20...26).contains(rounds.count), "\(rounds.count) rounds")
        for (index, round) in rounds.enumerated() {
            #expect(round["round"] as? Int == index)
            #expect(["start", "seconds", "late"].allSatisfy { round[$0] != nil })
            #expect((round["check"] as? [String: Any])?["verdict"] is String)
        }
        let firstCheck = try #require(rounds.first?["check"] as? [String: Any])
        #expect(firstCheck["leader"] as? String == leader)
        let lastCheck = try #require(rounds.last?["check"] as? [String: Any])
        #expect(lastCheck["leader"] as? String == next)
        // The summary follows the change lines: its head counts the same rounds, its table has the episode.
        #expect(output.contains("\n\(rounds.count) rounds from "), "\(output)")
        #expect(lines.contains { $0.hasPrefix("1  ") }, "\(output)")
        let end = try #require(timeline.last)
        #expect(end["rounds"] as? Int == rounds.count)
        #expect(end["stoppedBy"] as? String == "duration")
        #expect(end["end"] is Double)
        let episodes = try #require(end["episodes"] as? [[String: Any]])
        #expect(episodes.count == 1, "\(episodes)")
        #expect(episodes.first?["number"] as? Int == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["watch.jsonl", "watch.svg"])
        let chart = try String(contentsOfFile: folder + "/watch.svg", encoding: .utf8)
        #expect(chart.contains("<svg") && chart.hasSuffix("</svg>\n") && chart.contains(next))
    }

    /// Each bad value is one line naming the flag, exit 3, before anything is asked.
    @Test(arguments: [
        ["--interval", "49ms"], ["--interval", "2"], ["--interval", "61m"], ["--interval", "1x"],
        ["--duration", "0s"], ["--duration", "31d"], ["--duration", "-1s"], ["--timeout", "0"],
        ["--format", "json"], ["--output", "x.json"], ["--timeline", "x.out", "--svg", "x.out"],
    ])
    func aBadValueIsOneLineAndExit3(_ flags: [String]) throws {
        let server = try FakeServer(.reply("unused"))
        defer { server.stop() }
        let printed = Printed()
        let outcome = WatchCommand.run(
            [server.address()] + flags, streams: printed.streams(), readFile: TextFile.memory())
        #expect(outcome.status == 3)
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("zkprobe watch: ") && lines[0].contains(flags[0]), "\(lines)")
        #expect(printed.output.withLock { $0 }.isEmpty)
        #expect(server.receivedWords.isEmpty)
    }

    /// A timeline or SVG that cannot be written stops the watch at its start, before the first round.
    @Test(arguments: ["--timeline", "--svg"])
    func aFileThatCannotBeWrittenStopsTheWatchBeforeTheFirstRound(_ flag: String) throws {
        let server = try FakeServer(.reply("unused"))
        defer { server.stop() }
        let folder = "/nonexistent-\(UUID().uuidString)"
        let printed = Printed()
        let outcome = WatchCommand.run(
            [server.address(), "--duration", "1s", flag, folder + "/watch.out"], streams: printed.streams(),
            readFile: TextFile.memory())
        #expect(outcome.status == 3)
        let what = flag == "--svg" ? "SVG" : "timeline"
        #expect(outcome.standardError.hasPrefix("zkprobe watch: cannot write the \(what) \(folder)/watch.out: "))
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(server.receivedWords.isEmpty)
    }

    @Test func theWatchsTimeoutIsOneSecondAndItsIntervalOne() throws {
        let options = try #require(try WatchCommand.parse(["zk1"]))
        #expect(options.check.timeout == .seconds(1))
        #expect(options.interval == .seconds(1))
        #expect(options.duration == nil)
        let given = try #require(
            try WatchCommand.parse(["zk1", "--timeout", "2.5", "--interval", "250ms", "--duration", "10m"]))
        #expect(given.check.timeout == .milliseconds(2500))
        #expect(given.interval == .milliseconds(250))
        #expect(given.duration == .seconds(600))
    }
}
