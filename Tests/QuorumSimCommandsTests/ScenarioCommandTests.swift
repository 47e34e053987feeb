import CommandLineSupport
import Foundation
import Testing
import ToolkitSupport

@testable import QuorumSim
@testable import QuorumSimCommands

/// `quorumsim scenario`: a deployment described from a zoo.cfg or a connect string and a zone map, written as a
/// scenario file `quorumsim run` accepts.
struct ScenarioCommandTests {
    /// A fresh folder holding `files`.
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    static let hierarchical = """
        # Properties syntax: key=value, key: value and key value all set a key.
        tickTime 3000
        syncLimit: 4
        clientPort=2181
        server.1=zk1:2888:3888:participant
        server.2=zk2:2888:3888
        server.3=zk3:2888:3888
        server.4=zk4:2888:3888
        server.9=zk9:2888:3888:observer
        group.1=1:2
        group.2=3:4
        weight.1=2
        weight.2=1
        weight.3=1
        weight.4=1
        """

    static func scenario(_ text: String) throws -> Scenario {
        try ScenarioFile.parse(Data(text.utf8), file: "generated.json")
    }

    @Test func zooConfigGivesRolesGroupsWeightsZonesAndDetection() throws {
        let dir = try Self.folder([
            "zoo.cfg": Self.hierarchical, "zones.txt": "# rack map\nzk1 a\nZK2=a\nzk3 b\n zk4 = b \nzk9 c\n",
        ])
        let outcome = QuorumSimTool.run([
            "scenario", "--zoo-cfg", dir.appendingPathComponent("zoo.cfg").path,
            "--zone-map", dir.appendingPathComponent("zones.txt").path, "--name", "prod",
        ])
        #expect(outcome.status == ExitStatus.success, "\(outcome.standardError)")
        let scenario = try Self.scenario(outcome.outputText)
        #expect(scenario.name == "prod")
        #expect(scenario.zones.map(\.name) == ["a", "b", "c"])
        #expect(scenario.zones.allSatisfy { $0.outage != nil })
        #expect(scenario.servers.map(\.id) == [1, 2, 3, 4, 9])
        #expect(scenario.servers.map(\.zone) == [0, 0, 1, 1, 2])
        #expect(scenario.servers.map(\.role) == [.participant, .participant, .participant, .participant, .observer])
        #expect(scenario.servers.map(\.group) == [1, 1, 2, 2, nil])
        #expect(scenario.servers.map(\.weight) == [2, 1, 1, 1, 1])
        // syncLimit × tickTime from the file: 4 × 3 s.
        #expect(abs((scenario.election?.detection ?? 0) - 12.0 / 3600) < 1e-12)
        #expect(
            scenario.serverFaults
                == FaultProcess(timeToFailure: .exponential(mean: 4380), timeToRepair: .exponential(mean: 24)))
        #expect(scenario.maintenance == nil)
    }

    /// A zoo.cfg and a zone map saved with CRLF line ends (Windows editors, some configuration management) give
    /// the scenario of their LF twins.
    @Test func crlfFilesGiveTheScenarioOfTheirLFTwins() throws {
        let zones = "# rack map\nzk1 a\nZK2=a\nzk3 b\n zk4 = b \nzk9 c\n"
        func run(_ lineEnd: String) throws -> String {
            let dir = try Self.folder([
                "zoo.cfg": Self.hierarchical.replacingEvery("\n", with: lineEnd),
                "zones.txt": zones.replacingEvery("\n", with: lineEnd),
            ])
            let outcome = QuorumSimTool.run([
                "scenario", "--zoo-cfg", dir.appendingPathComponent("zoo.cfg").path,
                "--zone-map", dir.appendingPathComponent("zones.txt").path, "--name", "prod",
            ])
            #expect(outcome.status == ExitStatus.success, "\(outcome.standardError)")
            // The description names the zoo.cfg's path, whose folder differs between the two runs.
            return outcome.outputText.replacingEvery(dir.path, with: "DIR")
        }
        let lf = try run("\n")
        #expect(try Self.scenario(lf).election?.detection != nil)
        #expect(try run("\r\n") == lf)
    }

    @Test func connectStringGivesParticipantsNumberedInOrderAndFlagsOverrideDefaults() throws {
        let outcome = QuorumSimTool.run([
            "scenario", "--connect", "zk1:2181,zk2:2181,zk3:2181/kafka", "--zones", "zk1=a,zk2=b,zk3=c",
            "--server-mttf", "8766h", "--server-mttr", "2h", "--no-zone-outages", "--detection", "6s",
            "--election", "1s", "--maintenance-period", "7d", "--maintenance-duration", "20m", "--seed", "9",
        ])
        #expect(outcome.status == ExitStatus.success, "\(outcome.standardError)")
        let scenario = try Self.scenario(outcome.outputText)
        #expect(scenario.servers == [Server(id: 1, zone: 0), Server(id: 2, zone: 1), Server(id: 3, zone: 2)])
        #expect(scenario.zones.allSatisfy { $0.outage == nil })
        #expect(
            scenario.serverFaults
                == FaultProcess(timeToFailure: .exponential(mean: 8766), timeToRepair: .exponential(mean: 2)))
        #expect(scenario.election == Election(detection: 6.0 / 3600, duration: .fixed(1.0 / 3600)))
        #expect(scenario.maintenance?.procedure == .safe)
        #expect(scenario.maintenance?.period == 168)
        #expect(scenario.run.seed == 9)
        #expect(outcome.outputText.contains("partly defaults"))
    }

    @Test func hostsWithoutAZoneAreListedOnOneLine() throws {
        let dir = try Self.folder(["zoo.cfg": Self.hierarchical])
        let outcome = QuorumSimTool.run([
            "scenario", "--zoo-cfg", dir.appendingPathComponent("zoo.cfg").path, "--zones", "zk1=a,zk2=a,zk3=b",
        ])
        #expect(outcome.status == ExitStatus.badScenario)
        #expect(outcome.outputText.isEmpty)
        #expect(
            outcome.standardError == "quorumsim scenario: hosts not in the zone map: zk4, zk9; add host=zone for each\n"
        )
    }

    @Test func outputIsWrittenWholeAndRunAcceptsIt() throws {
        let dir = try Self.folder([:])
        let file = dir.appendingPathComponent("deployment.json").path
        let arguments = ["scenario", "--connect", "a,b,c,d,e", "--zones", "a=x,b=x,c=y,d=y,e=z"]
        let printed = QuorumSimTool.run(arguments)
        let written = QuorumSimTool.run(arguments + ["-o", file])
        #expect(written.status == ExitStatus.success && written.outputText.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.outputText)
        let run = QuorumSimTool.run(["run", file, "--years", "20", "--replications", "2", "--threads", "1"])
        #expect(run.status == ExitStatus.success, "\(run.standardError)")
        // A refused input leaves no file behind.
        let refused = dir.appendingPathComponent("refused.json").path
        let bad = QuorumSimTool.run(["scenario", "--connect", "a,b", "--zones", "a=x", "-o", refused])
        #expect(bad.status == ExitStatus.badScenario)
        #expect(!FileManager.default.fileExists(atPath: refused))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["deployment.json"])
    }

    /// A connect string ZKProbe cannot read: one line naming it, in ZKProbe's own words (the library names no
    /// flag since issue 17; this message said "--connect" before, which zkprobe and quorumsim happen to share).
    @Test func anUnreadableConnectStringSaysWhatItExpects() {
        let outcome = QuorumSimTool.run(["scenario", "--connect", "a,,b", "--zones", "a=x,b=y"])
        #expect(outcome.status == ExitStatus.badScenario, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("a connect string \"a,,b\": expected host[:port],host[:port]"))
        #expect(!outcome.standardError.contains("--connect"), "\(outcome.standardError)")
    }

    @Test(arguments: [
        ["--zones", "a=x"], ["--connect", "a"], ["--connect", "a", "--zoo-cfg", "z", "--zones", "a=x"],
        ["--connect", "a", "--zones", "a=x", "--zone-map", "m"], ["--connect", "a", "--zones", "a"],
        ["--connect", "a", "--zones", "a=x,a=y"], ["--connect", "a", "--zones", "a=x", "--server-mttf", "0h"],
        ["--connect", "a", "--zones", "a=x", "--maintenance-period", "7d"],
        ["--connect", "a", "--zones", "a=x", "--procedure", "careful", "--maintenance-period", "7d"],
        ["--connect", "a", "--zones", "a=x", "--no-zone-outages", "--zone-mttf", "1y"],
        ["--connect", "a", "--zones", "a=x", "--years", "1e30"],
        ["--connect", "a", "--zones", "a=x", "--detection", "0s"], ["--connect", "a", "--zones", "a=x", "extra"],
    ])
    func wrongCommandLinesAreUsageErrors(_ arguments: [String]) {
        let outcome = QuorumSimTool.run(["scenario"] + arguments)
        #expect(outcome.status == ExitStatus.usage, "\(arguments)")
        #expect(outcome.standardError.hasPrefix("quorumsim scenario: "))
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
    }

    @Test func badInputFilesNameTheFileAndLine() throws {
        let dir = try Self.folder([
            "zoo.cfg": "tickTime=abc\nclientPort=2181\nserver.1=zk1:2888:3888\n", "standalone.cfg": "clientPort=2181\n",
            "zones": "zk1\n",
        ])
        let cases: [([String], String)] = [
            (["--zoo-cfg", dir.appendingPathComponent("zoo.cfg").path, "--zones", "zk1=a"], "zoo.cfg:1: tickTime=abc"),
            (["--zoo-cfg", dir.appendingPathComponent("standalone.cfg").path, "--zones", "zk1=a"], "standalone"),
            (["--zoo-cfg", dir.appendingPathComponent("missing.cfg").path, "--zones", "zk1=a"], "cannot read"),
            (["--connect", "zk1", "--zone-map", dir.appendingPathComponent("zones").path], "zones:1:"),
        ]
        for (arguments, fragment) in cases {
            let outcome = QuorumSimTool.run(["scenario"] + arguments)
            #expect(outcome.status == ExitStatus.badScenario, "\(arguments)")
            #expect(outcome.standardError.contains(fragment), "\(outcome.standardError)")
            #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
        }
    }
}
