import Foundation
import CommandLineSupport
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

/// A member that answers like ZooKeeper 3.8 would, with the mode, zxid and version we choose.
private struct FakeMember {
    var mode: String
    var zxid: UInt64
    var version = "3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC"
    var mntrExtra = ""
    var whitelist: Set<String>? = nil
    var serving = true
    var syncedFollowers = 2

    func reply(_ word: String) -> String {
        if let whitelist, !whitelist.contains(word) {
            return "\(word) is not executed because it is not in the whitelist.\n"
        }
        if !serving && word != "ruok" && word != "isro" {
            return "This ZooKeeper instance is not currently serving requests\n"
        }
        switch word {
        case "ruok": return "imok"
        case "srvr", "stat":
            return """
                Zookeeper version: \(version)
                Latency min/avg/max: 0/0.5/7
                Received: 120
                Sent: 119
                Connections: 2
                Outstanding: 0
                Zxid: 0x\(String(zxid, radix: 16))
                Mode: \(mode)
                Node count: 5

                """
        case "mntr":
            var text = "zk_version\t\(version)\nzk_server_state\t\(mode)\nzk_avg_latency\t0.5\n"
            text += "zk_open_file_descriptor_count\t60\nzk_max_file_descriptor_count\t1048576\n"
            if mode == "leader" { text += "zk_learners\t2\nzk_synced_followers\t\(syncedFollowers)\nzk_pending_syncs\t0\n" }
            return text + mntrExtra
        case "conf":
            return "clientPort=2181\ntickTime=2000\nmembership: \nversion=100000000"
        default:
            return ""
        }
    }
}

private func serve(_ members: [FakeMember]) throws -> FakeServer {
    try FakeServer(
        behaviors: members.map { m in .respond({ word, _ in Array(m.reply(word).utf8) }, chunk: 512, pause: .zero) })
}

private func check(_ server: FakeServer, timeout: String = "2", _ extra: [String] = []) -> (CommandOutcome, String) {
    let addresses = server.ports.indices.map { server.address($0) }
    let outcome = CheckCommand.run(addresses + ["--timeout", timeout] + extra, terminal: false, readFile: { _ in nil })
    return (outcome, String(decoding: outcome.standardOutput, as: UTF8.self))
}

struct CheckerFakeMemberTests {
    @Test func healthyEnsembleExitsZeroAndNamesTheLeader() throws {
        let server = try serve([
            FakeMember(mode: "follower", zxid: 0x3_0000_0010), FakeMember(mode: "leader", zxid: 0x3_0000_0010),
            FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, json) = check(server, ["--format", "json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["leader"] as? String == server.address(1))
        #expect(object["failureTolerance"] as? Int == 1)
    }

    @Test func twoLeadersInOneEpochAreAnElectionInProgress() throws {
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010), FakeMember(mode: "leader", zxid: 0x3_0000_0010),
            FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, text) = check(server, ["--format", "nagios"])
        #expect(outcome.status == 1)
        #expect(text.hasPrefix("ZOOKEEPER WARNING - 2 members say they lead in the same epoch"))
    }

    @Test func aFollowerInANewerEpochIsCritical() throws {
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010), FakeMember(mode: "follower", zxid: 0x4_0000_0001),
            FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, text) = check(server)
        #expect(outcome.status == 2)
        #expect(text.contains("\(server.address(1)) epoch 4 ahead of the leader"))
    }

    @Test func aLaggingFollowerIsMeasured() throws {
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_2000), FakeMember(mode: "follower", zxid: 0x3_0000_0800),
            FakeMember(mode: "follower", zxid: 0x3_0000_2000),
        ])
        defer { server.stop() }
        let (outcome, json) = check(server, ["--format", "json", "--lag-warning", "1000"])
        #expect(outcome.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members[1]["lag"] as? Int == 0x1800)
        // Raise the threshold above the lag and the same ensemble is OK.
        let (relaxed, _) = check(server, ["--lag-warning", "10000"])
        #expect(relaxed.status == 0)
    }

    @Test func injectionThroughVersionAndMntrKeysStaysInItsLabel() throws {
        let evil = "3.8.0\"} 1\nzkprobe_ensemble_verdict 0\n"
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010, version: evil,
                       mntrExtra: "zk_x{pool=\"a\\\"}\"}\t1.0\n"),
            FakeMember(mode: "follower", zxid: 0x3_0000_0010),
            FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, text) = check(server, ["--format", "prometheus", "--all-mntr"])
        #expect(outcome.status == 1, "the skewed version string is a finding, not an injection")
        let samples = try #require(parseExposition(text))
        #expect(samples.filter { $0.name == "zkprobe_ensemble_verdict" }.map(\.value) == ["1"])
    }

    @Test func mntrOutsideTheWhitelistIsNamed() throws {
        let restricted = FakeMember(mode: "follower", zxid: 0x3_0000_0010, whitelist: ["srvr", "ruok"])
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010), restricted, FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, text) = check(server)
        #expect(outcome.status == 0, "a restrictive whitelist is a way to run: noted, not a warning")
        #expect(text.contains("conf, mntr are not in 4lw.commands.whitelist on 1 member(s)"))
        let (required, requiredText) = check(server, ["--require", "mntr"])
        #expect(required.status == 1)
        #expect(requiredText.contains("mntr is not in 4lw.commands.whitelist on \(server.address(1))"))
    }

    @Test func srvrOutsideTheWhitelistFallsBackToStat() throws {
        let onlyStat = FakeMember(mode: "follower", zxid: 0x3_0000_0010, whitelist: ["stat", "mntr"])
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010), onlyStat, FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, json) = check(server, ["--format", "json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members[1]["state"] as? String == "follower")
        #expect(members[1]["zxid"] as? String == "0x300000010")
    }

    @Test func leaderServesNoIsNotAnOutage() throws {
        var leader = FakeMember(mode: "leader", zxid: 0x3_0000_0010)
        leader.serving = false
        let server = try serve([
            FakeMember(mode: "follower", zxid: 0x3_0000_0010), leader, FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, text) = check(server, ["--format", "nagios"])
        #expect(outcome.status == 0)
        #expect(text.hasPrefix("ZOOKEEPER OK"))
        #expect(text.contains("leader \(server.address(1))"))
    }

    @Test func aSilentMemberCostsOneDeadline() throws {
        var lonelyLeader = FakeMember(mode: "leader", zxid: 0x1_0000_0001)
        lonelyLeader.syncedFollowers = 1  // the leader has noticed, too
        let leader = lonelyLeader
        let server = try FakeServer(behaviors: [
            .respondWhenAllConnected({ w, _ in Array(leader.reply(w).utf8) }),
            .silent,
            .respondWhenAllConnected({ w, _ in Array(FakeMember(mode: "follower", zxid: 0x1_0000_0001).reply(w).utf8) }),
        ], barrier: 8)
        defer { server.stop() }
        // The two answering members reply only once all eight of their exchanges (four words each) are open at
        // once: their answers prove every word to every member goes out together (one deadline, not one each).
        let (outcome, json) = check(server, timeout: "1", ["--format", "json"])
        #expect(outcome.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members[0]["state"] as? String == "leader")
        #expect(members[1]["state"] as? String == "unresponsive")
        #expect(members[2]["state"] as? String == "follower")
        #expect(object["failureTolerance"] as? Int == 0)
    }

    @Test(arguments: [
        (["--format", "xml", "zk1"], "--format \"xml\""),
        (["--timeout", "-1", "zk1"], "--timeout \"-1\""),
        (["--bogus", "zk1"], "unknown option --bogus"),
        ([], "no members"),
        (["--connect"], "--connect needs a value"),
        (["zk1:99999"], "zk1:99999"),
        (["[::1"], "[::1"),
    ])
    func usageErrorsExitThreeWithOneLine(arguments: [String], expected: String) {
        let outcome = CheckCommand.run(arguments, terminal: false, readFile: { _ in nil })
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains(expected))
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func anUnreadableConfigIsUnknown() {
        let outcome = CheckCommand.run(["--config", "/nonexistent/zoo.cfg"], terminal: false, readFile: { _ in nil })
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains("/nonexistent/zoo.cfg"))
    }
}
