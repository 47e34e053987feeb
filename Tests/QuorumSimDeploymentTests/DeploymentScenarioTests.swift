import Foundation
import QuorumSim
import QuorumSimDeployment
import Testing
import ToolkitSupport

/// The deployment library alone: members and a zone map to the scenario document `quorumsim run` reads.
struct DeploymentScenarioTests {
    static func members(_ hosts: [String]) -> [DeploymentMember] {
        try! DeploymentMember.fromConnectString(hosts.joined(separator: ","))
    }

    static func scenario(_ document: String) throws -> Scenario {
        try ScenarioFile.parse(Data(document.utf8), file: "generated.json")
    }

    /// Hosts are DNS names: the map's `zk1.example.com` places the connect string's `ZK1.Example.COM`.
    @Test func hostsOfTheEnsembleAreFoundInTheMapWithoutRegardToCase() throws {
        let map = try ZoneMap.parse("zk1.example.com=a\nZK2.EXAMPLE.COM b\nzk3.example.com=c", from: .file("zones"))
        let deployment = DeploymentScenario(
            members: Self.members(["ZK1.Example.COM", "zk2.example.com", "Zk3.Example.Com"]), zoneMap: map,
            settings: DeploymentSettings(), source: "test")
        let scenario = try Self.scenario(try deployment.document())
        #expect(scenario.zones.map(\.name) == ["a", "b", "c"])
        #expect(scenario.servers.map(\.zone) == [0, 1, 2])
    }

    /// Each unmapped host once, however its case varies, in the ensemble's order.
    @Test func hostsWithoutAZoneAreListedOnce() throws {
        let map = try ZoneMap.parse("zk1=a", from: .option("--zones"))
        let deployment = DeploymentScenario(
            members: Self.members(["zk1", "zk4", "ZK4", "zk9"]), zoneMap: map, settings: DeploymentSettings(),
            source: "test")
        #expect(throws: DeploymentError("hosts not in the zone map: zk4, zk9; add host=zone for each")) {
            try deployment.document()
        }
    }

    /// A file written without flags carries the model's defaults, so that `run` simulates what `recommend` assumes.
    @Test func defaultSettingsAreTheModelDefaults() throws {
        let map = try ZoneMap.parse("a=x,b=y,c=z", from: .option("--zones"))
        let document = try DeploymentScenario(
            members: Self.members(["a", "b", "c"]), zoneMap: map, settings: DeploymentSettings(), source: "test"
        ).document()
        let scenario = try Self.scenario(document)
        #expect(scenario.serverFaults == ModelDefaults.serverFaults)
        #expect(scenario.election == ModelDefaults.electionTiming)
        #expect(scenario.run == ModelDefaults.scenarioRun)
        #expect(scenario.zones.allSatisfy { $0.outage == ModelDefaults.zoneOutage })
    }

    /// `tickTime` and `syncLimit` in every Properties form, the last line winning; a bad value names its line.
    @Test func zooConfigTimingReadsPropertiesForms() throws {
        let timing = try ZooConfigTiming.read("tickTime 3000\nsyncLimit: 4\n# syncLimit=9\ntickTime=2500\n", path: "z")
        #expect(timing.tickTime == 2500 && timing.syncLimit == 4)
        #expect(throws: DeploymentError("z:2: syncLimit=0: expected a whole number from 1 to 1000000")) {
            try ZooConfigTiming.read("tickTime=2000\nsyncLimit=0\n", path: "z")
        }
    }

    /// A zoo.cfg saved with CRLF line ends gives the timing of its LF twin, or the same error on the same line.
    @Test(arguments: [
        ("tickTime 3000\nsyncLimit: 4\n# syncLimit=9\ntickTime=2500\n", nil),
        ("# timing\n\ntickTime=2000\nsyncLimit=0\n", "z:4: syncLimit=0: expected a whole number"),
    ] as [(String, String?)])
    func zooConfigTimingReadsCRLFLinesAsLFLines(_ text: String, _ error: String?) {
        func read(_ text: String) -> Result<[Int?], DeploymentError> {
            Result { () throws(DeploymentError) in
                let timing = try ZooConfigTiming.read(text, path: "z")
                return [timing.tickTime, timing.syncLimit]
            }
        }
        let lf = read(text)
        #expect(read(text.replacingEvery("\n", with: "\r\n")) == lf)
        switch lf {
        case .success(let timing): #expect(error == nil && timing == [2500, 4])
        case .failure(let failure): #expect(failure.description.hasPrefix(error ?? "no error"), "\(failure)")
        }
    }
}
