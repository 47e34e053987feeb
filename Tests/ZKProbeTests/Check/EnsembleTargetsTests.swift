import Foundation
import Testing

@testable import ZKProbe

struct EnsembleTargetsTests {
    @Test func kafkaConnectStringDropsTheChroot() throws {
        let t = try EnsembleTargets.fromConnectString("zk1:2181,zk2:2182, zk3/kafka/prod")
        #expect(t.endpoints.map(\.description) == ["zk1:2181", "zk2:2182", "zk3:2181"])
        #expect(t.membership == nil)
    }

    @Test(arguments: ["", "zk1,,zk2", ",", "/kafka"])
    func badConnectStringsAreRejected(text: String) {
        #expect(throws: TargetError.self) { try EnsembleTargets.fromConnectString(text) }
    }

    @Test func classicZooCfgUsesClientPort() throws {
        let cfg = """
            tickTime=2000
            # comment
            clientPort=2191
            server.3=zk3.example:2888:3888
            server.1=zk1.example:2888:3888
            server.2 = zk2.example:2888:3888:observer
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["zk1.example:2191", "zk2.example:2191", "zk3.example:2191"])
        #expect(t.configuredVoters == 2)
        #expect(t.membership?.map(\.observer) == [false, true, false])
    }

    @Test func dynamicStyleLinesCarryTheirOwnClientAddress() throws {
        let cfg = """
            dynamicConfigFile=/etc/zookeeper/zoo.cfg.dynamic
            """
        let dynamic = """
            server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181
            server.2=10.0.0.2:2888:3888:participant;10.0.1.2:2182
            server.3=[fe80::1]:2888:3888;2183
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg") { $0 == "/etc/zookeeper/zoo.cfg.dynamic" ? dynamic : nil }
        #expect(t.endpoints.map(\.description) == ["10.0.0.1:2181", "10.0.1.2:2182", "[fe80::1]:2183"])
        #expect(t.configuredVoters == 3)
    }

    /// 3.6+ multi-address lines (`a|b`) go through the same grammar as `conf` replies: the first address counts.
    @Test func multiAddressLinesAreReadByTheOneGrammar() throws {
        let cfg = """
            server.1=10.0.0.1:2888:3888|10.1.0.1:2888:3888;2181
            server.2=10.0.0.2:2888:3888|10.1.0.2:2888:3888:observer;10.0.1.2:2182
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["10.0.0.1:2181", "10.0.1.2:2182"])
        #expect(t.membership?.map(\.observer) == [false, true])
    }

    @Test(arguments: [
        ("server.1=zk1:2888:3888", "no ;clientPort"),
        ("clientPort=2181\nserver.x=zk1:2888:3888", "server id must be a number"),
        ("clientPort=2181\nserver.1=zk1:2888", "expected host:quorumPort:electionPort"),
        ("clientPort=2181\nserver.1=zk1:2888:3888:voter", "neither participant nor observer"),
        ("clientPort=2181\nserver.1=zk1:2888:3888;abc", "not a port number"),
        ("tickTime=2000", "no server.N lines"),
    ])
    func badConfigsSayWhatToChange(cfg: String, expected: String) {
        #expect {
            try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".hasPrefix("zoo.cfg")
        }
    }
}
