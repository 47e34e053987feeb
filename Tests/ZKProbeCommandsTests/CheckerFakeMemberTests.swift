import Foundation
import Synchronization
import CommandLineSupport
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands
@testable import ZKProbeExporter

private func serve(_ members: [FakeMember]) throws -> FakeServer {
    try FakeServer(
        behaviors: members.map { m in .respond({ word, _ in Array(m.reply(word).utf8) }, chunk: 512, pause: .zero) })
}

private func check(_ server: FakeServer, timeout: String = "2", _ extra: [String] = []) -> (CommandOutcome, String) {
    let addresses = server.ports.indices.map { server.address($0) }
    let outcome = CheckCommand.run(
        addresses + ["--timeout", timeout] + extra, terminal: false, readFile: TextFile.memory())
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

    /// `zkprobe serve` runs the request `zkprobe check` makes of the same arguments, through the same library
    /// call: the same targets and policy, and the same verdict and findings (hints spelled as flags, as check
    /// shows them; serve's Prometheus answer carries codes only).
    @Test func serveChecksWhatCheckChecksWithTheSameArguments() throws {
        let restricted = FakeMember(mode: "follower", zxid: 0x3_0000_0800, whitelist: ["srvr", "ruok"])
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_2000), restricted, FakeMember(mode: "standalone", zxid: 0x10),
        ])
        defer { server.stop() }
        let flags = ["--lag-warning", "100", "--expect-mode", "follower"]
        let words = server.ports.indices.map { server.address($0) } + flags
        let options = try #require(try CheckCommand.parse(words))
        let checkRequest = try CheckCommand.request(
            options, readFile: TextFile.memory(), probe: ProbeOptions(deadline: options.timeout))
        let line = "main = " + words.joined(separator: " ")
        let configuration = try ServeConfiguration.parse(
            line, path: "/etc/zkprobe/serve.conf", readFile: TextFile.memory())
        let target = try #require(configuration.target(named: "main"))
        #expect(target.request.targets == checkRequest.targets)
        #expect(target.request.policy == checkRequest.policy)
        #expect(target.request.admin == checkRequest.admin)

        let (outcome, json) = check(server, timeout: "5", flags + ["--format", "json"])
        let checked = try JSONDecoder().decode(CheckDocument.self, from: Data(json.utf8))
        let served = target.check(CheckLimits(deadline: .seconds(5), maxConnections: 64))
        let servedDocument = CheckDocument(served.spellingHints(\.flag))
        #expect(Int32(checked.exitCode) == outcome.status)
        #expect(servedDocument.verdict == checked.verdict)
        #expect(servedDocument.findings == checked.findings)
        // The ensemble is in trouble in several ways at once, so the comparison covers more than an OK.
        let codes = Set(checked.findings.map(\.code))
        #expect(codes.isSuperset(of: ["follower-lag", "standalone-in-ensemble", "unexpected-mode"]), "\(codes)")
    }

    /// `--discover` is deprecated and does nothing: accepted, with the same exit code and findings.
    @Test func discoverIsAcceptedAndChangesNothing() throws {
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010), FakeMember(mode: "follower", zxid: 0x3_0000_0010),
            FakeMember(mode: "standalone", zxid: 0x10),
        ])
        defer { server.stop() }
        let (plain, plainJSON) = check(server, ["--format", "json"])
        let (discover, discoverJSON) = check(server, ["--format", "json", "--discover"])
        #expect(discover.status == plain.status && plain.status == 2)
        #expect(discover.standardError == plain.standardError)
        let findings = { (json: String) in try JSONDecoder().decode(CheckDocument.self, from: Data(json.utf8)).findings }
        #expect(try findings(discoverJSON) == findings(plainJSON))
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

    /// One bad `mntr` key costs that key: the member keeps its other `mntr` figures, and a finding says what
    /// was skipped.
    @Test func aBadMntrKeyCostsThatKeyNotTheReply() throws {
        var odd = FakeMember(mode: "follower", zxid: 0x3_0000_0010)
        odd.mntrExtra = "zk_quorum_size\tthree\nthis line is no metric\n"
        let server = try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_0010), odd, FakeMember(mode: "follower", zxid: 0x3_0000_0010),
        ])
        defer { server.stop() }
        let (outcome, json) = check(server, ["--format", "json"])
        let doc = try JSONDecoder().decode(CheckDocument.self, from: Data(json.utf8))
        let member = try #require(doc.members.first { $0.address == server.address(1) })
        #expect(member.openFileDescriptors == 60, "\(json)")
        #expect(member.maxFileDescriptors == 1_048_576)
        let finding = try #require(doc.findings.first { $0.code == "mntr-unreadable" }, "\(json)")
        #expect(finding.member == server.address(1))
        #expect(finding.severity == "warning")
        #expect(finding.message.contains("zk_quorum_size") && finding.message.contains("1 more"), "\(finding.message)")
        #expect(outcome.status == 1)
    }

    /// A member nobody named is asked in a second batch, on what is left of the deadline (at least 0.5 s). A
    /// leader that answers within the check's deadline but after that slack is slow, not gone: never
    /// `leader-unreachable`, however the followers look.
    @Test func aSlowLeaderAskedInTheSecondBatchIsNotUnreachable() throws {
        let ports = Mutex<[Int]>([])
        @Sendable func conf() -> String {
            let lines = ports.withLock { $0 }.enumerated().map { i, port in
                "server.\(i + 1)=127.0.0.1:\(40000 + i):\(41000 + i):participant;127.0.0.1:\(port)"
            }
            return "clientPort=2181\nserverId=1\nmembership: \n" + lines.joined(separator: "\n") + "\nversion=100000000"
        }
        @Sendable func answer(_ member: FakeMember, _ word: String, after seconds: Double = 0) -> [UInt8] {
            Thread.sleep(forTimeInterval: seconds)
            return Array((word == "conf" ? conf() : member.reply(word)).utf8)
        }
        let follower = FakeMember(mode: "follower", zxid: 0x3_0000_0010)
        let leader = FakeMember(mode: "leader", zxid: 0x3_0000_0010)
        let server = try FakeServer(behaviors: [
            // The follower given keeps the first batch busy: its ruok takes most of the 3 s deadline.
            .respond({ w, _ in answer(follower, w, after: w == "ruok" ? 2.7 : 0) }, chunk: 4096, pause: .zero),
            // The leader answers after 1.5 s: within the deadline, beyond what the second batch has left.
            .respond({ w, _ in answer(leader, w, after: 1.5) }, chunk: 4096, pause: .zero),
            .respond({ w, _ in answer(follower, w) }, chunk: 4096, pause: .zero),
        ])
        defer { server.stop() }
        ports.withLock { $0 = server.ports }
        // Ground truth: asked in a batch of its own, the leader answers within the deadline.
        let alone = CheckCommand.run([server.address(1), "--timeout", "3", "--format", "json"], terminal: false, readFile: TextFile.memory())
        let leaderAlone = try JSONDecoder().decode(CheckDocument.self, from: Data(alone.standardOutput))
        #expect(leaderAlone.members.first?.state == "leader", "\(leaderAlone.members)")

        let outcome = CheckCommand.run([server.address(0), "--timeout", "3", "--format", "json"], terminal: false, readFile: TextFile.memory())
        let doc = try JSONDecoder().decode(CheckDocument.self, from: Data(outcome.standardOutput))
        #expect(doc.members.count == 3, "\(doc.members.map(\.address))")
        #expect(!doc.findings.contains { $0.code == "leader-unreachable" }, "\(doc.findings)")
        #expect(doc.verdict != "critical", "\(doc.summary)")
        #expect(doc.quorum)
        // What it did say: the leader was slow to answer in the time left.
        #expect(doc.members.first { $0.address == server.address(1) }?.state == "unresponsive")
        #expect(doc.findings.contains { $0.member == server.address(1) && $0.message.contains("may only be slow") })
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
        let outcome = CheckCommand.run(arguments, terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains(expected))
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func anUnreadableConfigIsUnknown() {
        let outcome = CheckCommand.run(
            ["--config", "/nonexistent/zoo.cfg"], terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains("/nonexistent/zoo.cfg"))
    }
}

/// `zkprobe check --format nagios` as Nagios runs it: every exit, OK to UNKNOWN, read back with the strict
/// reader of the Monitoring Plugins grammar (TestSupport/NagiosOutputParser.swift).
struct MonitoringPluginsOutputTests {
    /// A leader 0x1800 transactions ahead of one follower: the thresholds alone decide the state.
    private static func lagging() throws -> FakeServer {
        try serve([
            FakeMember(mode: "leader", zxid: 0x3_0000_2000), FakeMember(mode: "follower", zxid: 0x3_0000_0800),
            FakeMember(mode: "follower", zxid: 0x3_0000_2000),
        ])
    }

    @Test(arguments: [
        ([String](), 0, "OK"),
        (["--lag-warning", "~:1000"], 1, "WARNING"),
        (["--lag-warning", "@1000:", "--lag-critical", "~:7000"], 1, "WARNING"),
        (["--lag-warning", "1000", "--lag-critical", "5000"], 2, "CRITICAL"),
        (["--lag-warning", "@6000:", "--lag-critical", "@6000:7000"], 2, "CRITICAL"),
    ])
    func everyStateParsesWithTheSameLabels(_ extra: [String], _ status: Int32, _ word: String) throws {
        let server = try Self.lagging()
        defer { server.stop() }
        let (outcome, text) = check(server, ["--format", "nagios", "--lag-warning", "10000"] + extra)
        #expect(outcome.status == status, "\(text)\(outcome.standardError)")
        let parsed = try #require(parseNagiosOutput(text), "\(text)")
        #expect(parsed.status == word)
        #expect(parsed.longText.isEmpty, "no -v: one line, as the guidelines ask of verbosity 0")
        let figures = ["up", "serving", "latency_avg", "latency_max", "round_trip", "outstanding", "lag", "connections"]
        let expected = ["members_serving", "voters_serving", "failure_tolerance", "latency_avg", "latency_max",
                        "outstanding", "lag", "connections", "time"]
            + server.ports.indices.flatMap { i in figures.map { "\(server.address(i))_\($0)" } }
        #expect(parsed.perfdata.map(\.label) == expected)
        #expect(parsed.perfdata.first { $0.label == "\(server.address(1))_lag" }?.value == "6144")
        // The leader has no lag of its own: U, "could not be determined", never a missing label.
        #expect(parsed.perfdata.first { $0.label == "\(server.address(0))_lag" }?.value == "U")
    }

    @Test(arguments: [
        ["--format", "nagios", "--bogus", "zk1"],
        ["--bogus", "--format", "nagios", "zk1"],
        ["--format=nagios", "--lag-warning", "2000", "--lag-critical", "1000", "zk1"],
        ["--format", "nagios", "--latency-avg-warning", "10:5", "zk1"],
        ["--format", "nagios"],
        ["--format", "nagios", "--config", "/nonexistent/zoo.cfg"],
    ])
    func unknownExitsPrintAStatusLineToo(_ arguments: [String]) throws {
        let outcome = CheckCommand.run(arguments, terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == 3)
        let parsed = try #require(parseNagiosOutput(outcome.outputText), "\(outcome.outputText)")
        #expect(parsed.status == "UNKNOWN")
        let line = try #require(outcome.standardError.split(separator: "\n").first)
        #expect(parsed.text == String(line), "the same one-line reason on both streams")
        #expect(parsed.perfdata.allSatisfy { $0.value == "U" })
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
    }

    @Test func otherFormatsKeepStandardOutputEmptyOnAUsageError() {
        let outcome = CheckCommand.run(["--format", "json", "--bogus"], terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == 3 && outcome.standardOutput.isEmpty)
        // `--format nagios` after `--` is an operand, not the format.
        let operand = CheckCommand.run(
            ["--bogus", "--", "--format", "nagios"], terminal: false, readFile: TextFile.memory())
        #expect(operand.standardOutput.isEmpty)
    }

    @Test(arguments: [
        (["--lag-warning", "2000", "--lag-critical", "1000"], ["--lag-warning 2000", "--lag-critical 1000"]),
        (["--lag-warning", "200000"], ["--lag-warning 200000", "--lag-critical @100000: (default)"]),
        (["--fd-warning", "~:90", "--fd-critical", "~:80"], ["--fd-warning ~:90", "--fd-critical ~:80"]),
        (["--latency-avg-warning", "~:1000", "--latency-avg-critical", "@50:"], ["--latency-avg-critical @50:"]),
        (["--outstanding-warning", "10:20", "--outstanding-critical", "12:18"], ["--outstanding-critical 12:18"]),
    ])
    func aWarningOutsideItsCriticalIsAUsageError(_ arguments: [String], _ named: [String]) {
        let outcome = CheckCommand.run(arguments + ["zk1"], terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == 3)
        for text in named { #expect(outcome.standardError.contains(text), "\(outcome.standardError)") }
        #expect(outcome.standardError.contains("does not lie inside"))
    }

    @Test(arguments: ["10:", "~:20", "@10:20", "10:20", "5", "0.5", "1e3"])
    func everyThresholdFlagTakesARange(_ value: String) {
        for (warning, critical) in CheckCommand.thresholdFlags {
            for flag in [warning] + (critical.map { [$0] } ?? []) {
                // Alone, with the other of its pair off when the defaults would not cover it.
                let options = try? CheckCommand.parse([flag.name, value, "zk1"])
                let range = ThresholdRange(flag: value)
                if let options { #expect(options.policy.thresholds[keyPath: flag.keyPath] == range, "\(flag.name) \(value)") }
            }
        }
    }

    @Test func verbosityAddsFindingsThenMembersThenDebug() throws {
        let server = try Self.lagging()
        defer { server.stop() }
        var counts: [Int] = []
        for flags in [[], ["-v"], ["-vv"], ["-v", "--verbose", "-v"]] {
            let (outcome, text) = check(server, ["--format", "nagios", "--lag-warning", "1000"] + flags)
            #expect(outcome.status == 1)
            let parsed = try #require(parseNagiosOutput(text), "\(text)")
            counts.append(parsed.longText.count)
            if flags.count == 3 {
                #expect(parsed.longText.contains { $0.hasPrefix("debug: thresholds latency-avg @100:/@1000: ms") })
                #expect(parsed.longText.contains { $0.hasPrefix("member \(server.address(0)): leader") })
            }
        }
        #expect(counts[0] == 0 && counts[1] >= 1 && counts[2] == counts[1] + 3 && counts[3] > counts[2], "\(counts)")
        let (_, plain) = check(server, ["-vvv"])
        #expect(plain.contains("debug: membership from"))
    }

    @Test(arguments: [["check"], ["send"]])
    func versionAndVerbosityOnEveryCommand(_ command: [String]) {
        for flag in ["-V", "--version", "-vV", "-Vv"] {
            let outcome = ZKProbeTool.run(command + [flag, "--bogus-after"])
            #expect(outcome.status == 0 && outcome.outputText == "zkprobe 0.1.0\n", "\(command) \(flag)")
            #expect(outcome.standardError.isEmpty)
        }
        let spec = command == ["check"] ? CheckCommand.spec : SendCommand.spec
        for (arguments, level) in [(["-v"], 1), (["-vv"], 2), (["-vvv"], 3), (["-v", "--verbose"], 2)] {
            #expect((try? spec.parse(arguments))?.verbosity == level, "\(arguments)")
        }
        #expect((try? spec.parse(["-t", "3"]))?.text(of: ZKProbeOptions.timeout) == "3")
        #expect((try? spec.parse(["-t3"]))?.text(of: ZKProbeOptions.timeout) == "3")
        #expect(spec.help.contains("-V, --version") && spec.help.contains("-v, --verbose") && spec.help.contains("-t, --timeout"))
    }
}
