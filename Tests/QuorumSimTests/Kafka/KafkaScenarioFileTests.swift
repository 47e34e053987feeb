import Foundation
import Testing

@testable import QuorumSim

/// The scenario file's `kafka` section: what it reads into, and every rule refused with its field and message.
struct KafkaScenarioFileTests {
    static let faults = #"{"timeToFailure": {"exponential": {"mean": "100h"}}, "timeToRepair": {"fixed": "2h"}}"#
    static let threeServers = #"[{"id": 11, "zone": "a"}, {"id": 12, "zone": "b"}, {"id": 13, "zone": "c"}]"#
    static let threeBrokers = #"[{"id": 1, "zone": "a"}, {"id": 2, "zone": "b"}, {"id": 3, "zone": "c"}]"#
    static let oneTopic = #"[{"name": "orders", "partitions": 2, "replicationFactor": 3, "minInsyncReplicas": 2}]"#

    /// A scenario over zones a, b, c with `kafka` as given.
    static func document(kafka: String, servers: String = threeServers, rest: String = "") -> String {
        """
        {"zones": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "servers": \(servers)\(rest), "kafka": \(kafka)}
        """
    }

    /// A `kafka` object from its parts.
    static func kafka(
        brokers: String = threeBrokers, topics: String = oneTopic, metadata: String = #""kraft""#, extra: String = ""
    ) -> String {
        #"{"brokers": \#(brokers), "topics": \#(topics), "metadata": \#(metadata)\#(extra)}"#
    }

    static func parse(_ text: String) throws(ScenarioFileError) -> Scenario {
        try ScenarioFile.parse(Data(text.utf8), file: "x.json")
    }

    @Test func everyFieldReadsBackAsWritten() throws {
        let kafka = Self.kafka(
            brokers: #"""
                [{"id": 0, "zone": "c"}, {"id": 7, "zone": "a", "faults": \#(Self.faults)}, {"id": 2147483647, "zone": "b"}]
                """#,
            topics: #"""
                [{"name": "orders", "partitions": 3, "replicationFactor": 2, "minInsyncReplicas": 2,
                  "assignment": [[7, 0], [0, 2147483647], [2147483647, 7]]},
                 {"name": "a.B_c-9", "partitions": 10000, "replicationFactor": 3, "assignment": "rack-unaware"},
                 {"name": "events", "partitions": 1, "replicationFactor": 1, "assignment": "rack-aware"}]
                """#,
            metadata: #""zookeeper""#,
            extra:
                #", "brokerFaults": {"timeToFailure": {"fixed": "1y"}, "timeToRepair": {"exponential": {"mean": "1d"}}}, "catchUp": "90s""#
        )
        let scenario = try Self.parse(Self.document(kafka: kafka))
        let expected = KafkaCluster(
            brokers: [
                KafkaBroker(id: 0, zone: 2),
                KafkaBroker(
                    id: 7, zone: 0,
                    faults: FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .fixed(2))),
                KafkaBroker(id: 2_147_483_647, zone: 1),
            ],
            brokerFaults: FaultProcess(timeToFailure: .fixed(hoursPerYear), timeToRepair: .exponential(mean: 24)),
            catchUp: 90.0 / 3600,
            topics: [
                KafkaTopic(
                    name: "orders", partitions: 3, replicationFactor: 2, minInsyncReplicas: 2,
                    assignment: .explicit([[7, 0], [0, 2_147_483_647], [2_147_483_647, 7]])),
                KafkaTopic(
                    name: "a.B_c-9", partitions: 10000, replicationFactor: 3, minInsyncReplicas: 1,
                    assignment: .rackUnaware),
                KafkaTopic(
                    name: "events", partitions: 1, replicationFactor: 1, minInsyncReplicas: 1, assignment: .rackAware),
            ],
            metadata: .zookeeper)
        #expect(scenario.kafka == expected)
        // ZooKeeper's servers keep their own faults; ids may equal broker ids.
        #expect(scenario.servers.allSatisfy { $0.faults == nil })
    }

    @Test func defaultsAreKafkasAndZeroCatchUp() throws {
        let scenario = try Self.parse(
            Self.document(
                kafka: Self.kafka(topics: #"[{"name": "t", "partitions": 1, "replicationFactor": 3}]"#)))
        #expect(
            scenario.kafka
                == KafkaCluster(
                    brokers: [KafkaBroker(id: 1, zone: 0), KafkaBroker(id: 2, zone: 1), KafkaBroker(id: 3, zone: 2)],
                    brokerFaults: nil, catchUp: 0,
                    topics: [
                        KafkaTopic(
                            name: "t", partitions: 1, replicationFactor: 3, minInsyncReplicas: 1, assignment: .rackAware
                        )
                    ],
                    metadata: .kraft))
        #expect(scenario.kafka?.faults(ofBroker: 0) == ModelDefaults.brokerFaults)
        let zero = try Self.parse(Self.document(kafka: Self.kafka(extra: #", "catchUp": "0s""#)))
        #expect(zero.kafka?.catchUp == 0)
        #expect(try Self.parse(Self.document(kafka: Self.kafka(extra: #", "catchUp": "2h""#))).kafka?.catchUp == 2)
        // Without a kafka section the scenario has none.
        let plain = #"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}]}"#
        #expect(try Self.parse(plain).kafka == nil)
    }

    @Test func combinedServersTakeTheirBrokersFaults() throws {
        let brokers =
            #"[{"id": 1, "zone": "a", "faults": \#(Self.faults)}, {"id": 2, "zone": "b"}, {"id": 3, "zone": "c"}, {"id": 4, "zone": "c"}]"#
        let servers = #"[{"id": 1, "zone": "a"}, {"id": 2, "zone": "b"}, {"id": 3, "zone": "c"}]"#
        let own = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .fixed(2))
        let shared = FaultProcess(timeToFailure: .fixed(1000), timeToRepair: .fixed(5))
        let withShared = try Self.parse(
            Self.document(
                kafka: Self.kafka(
                    brokers: brokers, metadata: #""kraft-combined""#,
                    extra: #", "brokerFaults": {"timeToFailure": {"fixed": "1000h"}, "timeToRepair": {"fixed": "5h"}}"#),
                servers: servers))
        #expect(withShared.servers.map(\.faults) == [own, shared, shared])
        #expect(withShared.kafka?.metadata == .kraftCombined)
        let withDefaults = try Self.parse(
            Self.document(kafka: Self.kafka(brokers: brokers, metadata: #""kraft-combined""#), servers: servers))
        #expect(withDefaults.servers.map(\.faults) == [own, ModelDefaults.brokerFaults, ModelDefaults.brokerFaults])
    }

    /// A `kafka` section (or servers, or other top-level fields) that must be refused, the field the error names and
    /// a fragment of its message.
    struct Bad: CustomStringConvertible {
        var kafka: String
        var servers = KafkaScenarioFileTests.threeServers
        var rest = ""
        var field: String
        var fragment: String
        var description: String { "\(field): \(fragment)" }
    }

    static func topic(_ fields: String) -> String { #"[{"name": "t", \#(fields)}]"# }

    static let bad: [Bad] = [
        // brokers
        Bad(kafka: kafka(brokers: "[]"), field: "kafka.brokers", fragment: "at least one broker"),
        Bad(
            kafka: kafka(brokers: "[" + (0..<65).map { #"{"id": \#($0), "zone": "a"}"# }.joined(separator: ",") + "]"),
            field: "kafka.brokers", fragment: "65 brokers; at most 64"),
        Bad(
            kafka: kafka(brokers: #"[{"id": -1, "zone": "a"}]"#), field: "kafka.brokers[0].id",
            fragment: "from 0 to 2147483647"),
        Bad(
            kafka: kafka(brokers: #"[{"id": 2147483648, "zone": "a"}]"#), field: "kafka.brokers[0].id",
            fragment: "found 2147483648"),
        Bad(
            kafka: kafka(brokers: #"[{"id": 1.5, "zone": "a"}]"#), field: "kafka.brokers[0].id",
            fragment: "expected an integer"),
        Bad(
            kafka: kafka(brokers: #"[{"id": 1, "zone": "a"}, {"id": 1, "zone": "b"}]"#), field: "kafka.brokers[1].id",
            fragment: "duplicate broker id 1 (also kafka.brokers[0])"),
        Bad(
            kafka: kafka(brokers: #"[{"id": 1, "zone": "d"}]"#), field: "kafka.brokers[0].zone",
            fragment: "unknown zone \"d\""),
        Bad(kafka: kafka(brokers: #"[{"id": 1}]"#), field: "kafka.brokers[0].zone", fragment: "missing required field"),
        Bad(
            kafka: kafka(brokers: #"[{"id": 1, "zone": "a", "rack": "a"}]"#), field: "kafka.brokers[0].rack",
            fragment: "unknown field"),
        Bad(
            kafka: kafka(brokers: #"[{"id": 1, "zone": "a", "faults": {"timeToFailure": "1h"}}]"#),
            field: "kafka.brokers[0].faults.timeToFailure", fragment: "expected an object"),
        // brokerFaults, catchUp
        Bad(
            kafka: kafka(extra: #", "brokerFaults": {}"#), field: "kafka.brokerFaults.timeToFailure",
            fragment: "missing"),
        Bad(kafka: kafka(extra: #", "catchUp": "-1s""#), field: "kafka.catchUp", fragment: "zero or more"),
        Bad(kafka: kafka(extra: #", "catchUp": 30"#), field: "kafka.catchUp", fragment: "found a number"),
        Bad(kafka: kafka(extra: #", "catchUp": "30""#), field: "kafka.catchUp", fragment: "has no unit"),
        Bad(kafka: kafka(extra: #", "catchUp": "NaNs""#), field: "kafka.catchUp", fragment: "is not a duration"),
        Bad(kafka: kafka(extra: #", "catchUp": "1e308y""#), field: "kafka.catchUp", fragment: "too large"),
        Bad(kafka: kafka(extra: #", "catchUp": "1e13h""#), field: "kafka.catchUp", fragment: "is above"),
        // topics
        Bad(kafka: kafka(topics: "[]"), field: "kafka.topics", fragment: "at least one topic"),
        Bad(
            kafka: kafka(
                topics: "["
                    + (0..<65).map { #"{"name": "t\#($0)", "partitions": 1, "replicationFactor": 1}"# }
                    .joined(separator: ",") + "]"),
            field: "kafka.topics", fragment: "65 topics; at most 64"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1"#).replacingOccurrences(of: #""name": "t", "#, with: "")),
            field: "kafka.topics[0].name", fragment: "missing"),
        Bad(
            kafka: kafka(topics: #"[{"name": "", "partitions": 1, "replicationFactor": 1}]"#),
            field: "kafka.topics[0].name", fragment: "cannot be empty"),
        Bad(
            kafka: kafka(topics: #"[{"name": "..", "partitions": 1, "replicationFactor": 1}]"#),
            field: "kafka.topics[0].name", fragment: "not allowed"),
        Bad(
            kafka: kafka(topics: #"[{"name": "a b", "partitions": 1, "replicationFactor": 1}]"#),
            field: "kafka.topics[0].name", fragment: "not a legal topic name"),
        Bad(
            kafka: kafka(topics: #"[{"name": "ordérs", "partitions": 1, "replicationFactor": 1}]"#),
            field: "kafka.topics[0].name", fragment: "ASCII letters"),
        Bad(
            kafka: kafka(
                topics:
                    #"[{"name": "\#(String(repeating: "x", count: 250))", "partitions": 1, "replicationFactor": 1}]"#),
            field: "kafka.topics[0].name", fragment: "at most 249 characters, found 250"),
        Bad(
            kafka: kafka(
                topics:
                    #"[{"name": "t", "partitions": 1, "replicationFactor": 1}, {"name": "t", "partitions": 1, "replicationFactor": 1}]"#
            ),
            field: "kafka.topics[1].name", fragment: "duplicate topic name \"t\" (also kafka.topics[0])"),
        Bad(
            kafka: kafka(
                topics:
                    #"[{"name": "a_b", "partitions": 1, "replicationFactor": 1}, {"name": "a.b", "partitions": 1, "replicationFactor": 1}]"#
            ),
            field: "kafka.topics[1].name", fragment: "collides with \"a_b\""),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 0, "replicationFactor": 1"#)),
            field: "kafka.topics[0].partitions", fragment: "1 to 10000 partitions, found 0"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 10001, "replicationFactor": 1"#)),
            field: "kafka.topics[0].partitions", fragment: "found 10001"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1e18, "replicationFactor": 1"#)),
            field: "kafka.topics[0].partitions", fragment: "found 1000000000000000000"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": "NaN", "replicationFactor": 1"#)),
            field: "kafka.topics[0].partitions", fragment: "expected a number, found a string"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": true, "replicationFactor": 1"#)),
            field: "kafka.topics[0].partitions", fragment: "found a boolean"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": null, "replicationFactor": 1"#)),
            field: "kafka.topics[0].partitions", fragment: "found null"),
        Bad(
            kafka: kafka(
                topics: "["
                    + (0..<11).map { #"{"name": "t\#($0)", "partitions": 10000, "replicationFactor": 1}"# }
                    .joined(separator: ",") + "]"),
            field: "kafka.topics[10].partitions", fragment: "110000 partitions in the topics so far; at most 100000"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 0"#)),
            field: "kafka.topics[0].replicationFactor", fragment: "at least 1, found 0"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 4"#)),
            field: "kafka.topics[0].replicationFactor", fragment: "replication factor 4 is above the broker count 3"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1"#)),
            field: "kafka.topics[0].replicationFactor", fragment: "missing"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 2, "minInsyncReplicas": 0"#)),
            field: "kafka.topics[0].minInsyncReplicas", fragment: "at least 1, found 0"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 2, "minInsyncReplicas": 3"#)),
            field: "kafka.topics[0].minInsyncReplicas",
            fragment: "3 is above the replication factor 2 (no acks=all write could ever succeed)"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 1, "min.insync.replicas": 1"#)),
            field: "kafka.topics[0].min.insync.replicas", fragment: "unknown field"),
        // assignment
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 1, "assignment": "rackaware""#)),
            field: "kafka.topics[0].assignment", fragment: "unknown assignment \"rackaware\""),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 1, "assignment": 3"#)),
            field: "kafka.topics[0].assignment", fragment: "found a number"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 2, "replicationFactor": 1, "assignment": [[1]]"#)),
            field: "kafka.topics[0].assignment", fragment: "1 replica lists for 2 partitions"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 2, "replicationFactor": 2, "assignment": [[1, 2], [3]]"#)),
            field: "kafka.topics[0].assignment[1]", fragment: "1 replicas, but the replication factor is 2"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 2, "assignment": [[1, 9]]"#)),
            field: "kafka.topics[0].assignment[0][1]", fragment: "unknown broker id 9 (brokers are 1, 2, 3)"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 2, "assignment": [[2, 2]]"#)),
            field: "kafka.topics[0].assignment[0][1]", fragment: "broker 2 is listed twice"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 2, "assignment": [[2, "3"]]"#)),
            field: "kafka.topics[0].assignment[0][1]", fragment: "expected a number"),
        Bad(
            kafka: kafka(topics: topic(#""partitions": 1, "replicationFactor": 2, "assignment": [{"0": [1, 2]}]"#)),
            field: "kafka.topics[0].assignment[0]", fragment: "expected an array"),
        // metadata
        Bad(
            kafka: #"{"brokers": \#(threeBrokers), "topics": \#(oneTopic)}"#, field: "kafka.metadata",
            fragment: "missing"),
        Bad(
            kafka: kafka(metadata: #""raft""#), field: "kafka.metadata",
            fragment: "unknown metadata quorum \"raft\" (give one of zookeeper, kraft, kraft-combined)"),
        Bad(kafka: kafka(metadata: "1"), field: "kafka.metadata", fragment: "expected a string"),
        Bad(kafka: kafka(extra: #", "zookeeper": true"#), field: "kafka.zookeeper", fragment: "unknown field"),
        Bad(kafka: "[]", field: "kafka", fragment: "expected an object, found an array"),
        // kraft: node ids are the cluster's
        Bad(
            kafka: kafka(), servers: #"[{"id": 11, "zone": "a"}, {"id": 2, "zone": "b"}, {"id": 13, "zone": "c"}]"#,
            field: "servers[1].id", fragment: "controller 2 has the id of kafka.brokers[1]"),
        Bad(
            kafka: kafka(), servers: #"[{"id": 11, "zone": "a"}, {"id": 12, "zone": "b", "role": "observer"}]"#,
            field: "servers[1].role", fragment: "KRaft controllers are all voters"),
        Bad(
            kafka: kafka(), servers: #"[{"id": 11, "zone": "a", "group": 1}, {"id": 12, "zone": "b", "group": 2}]"#,
            field: "servers[0].group", fragment: "hierarchical quorums"),
        // kraft-combined: every controller is a broker, in its zone, with its faults
        Bad(
            kafka: kafka(metadata: #""kraft-combined""#),
            servers: #"[{"id": 1, "zone": "a"}, {"id": 12, "zone": "b"}]"#,
            field: "servers[1].id", fragment: "server 12 is no broker"),
        Bad(
            kafka: kafka(metadata: #""kraft-combined""#), servers: #"[{"id": 1, "zone": "a"}, {"id": 2, "zone": "c"}]"#,
            field: "servers[1].zone", fragment: "server 2 is in zone c but kafka.brokers[1] in zone b"),
        Bad(
            kafka: kafka(metadata: #""kraft-combined""#),
            servers: #"[{"id": 1, "zone": "a", "faults": \#(faults)}, {"id": 2, "zone": "b"}]"#,
            field: "servers[0].faults", fragment: "fails with its broker: give kafka.brokers[0].faults"),
        Bad(
            kafka: kafka(metadata: #""kraft-combined""#), servers: #"[{"id": 1, "zone": "a"}]"#,
            rest: #", "serverFaults": \#(faults)"#, field: "serverFaults",
            fragment: "in kraft-combined mode a controller fails with its broker: give brokerFaults"),
    ]

    @Test(arguments: bad)
    func badSectionsNameTheField(_ bad: Bad) {
        do {
            let scenario = try Self.parse(Self.document(kafka: bad.kafka, servers: bad.servers, rest: bad.rest))
            Issue.record("accepted: \(String(describing: scenario.kafka))")
        } catch {
            #expect(error.field == bad.field, "\(error.description)")
            #expect(error.message.contains(bad.fragment), "\(error.message)")
            #expect(error.description.hasPrefix("x.json: \(bad.field): "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func theIssuesMessageReadsInFull() {
        let kafka = Self.kafka(
            topics:
                #"[{"name": "a", "partitions": 1, "replicationFactor": 1}, {"name": "b", "partitions": 1, "replicationFactor": 2, "minInsyncReplicas": 3}]"#
        )
        #expect(
            throws: ScenarioFileError(
                file: "x.json", field: "kafka.topics[1].minInsyncReplicas",
                message: "3 is above the replication factor 2 (no acks=all write could ever succeed)")
        ) { try Self.parse(Self.document(kafka: kafka)) }
    }

    @Test func zookeeperIdsAreIndependentAndItsServersAnyShape() throws {
        // An observer, groups, a server id equal to a broker id: all ZooKeeper's business.
        let servers =
            #"[{"id": 1, "zone": "a", "group": 1}, {"id": 2, "zone": "b", "group": 1}, {"id": 3, "zone": "c", "role": "observer"}]"#
        let scenario = try Self.parse(Self.document(kafka: Self.kafka(metadata: #""zookeeper""#), servers: servers))
        #expect(scenario.kafka?.metadata == .zookeeper)
        #expect(scenario.servers.map(\.id) == [1, 2, 3])
    }

    /// Values no file should hold: refused with a one-line error, never a crash or a hang.
    @Test func hostileValuesAreRefused() {
        let hostile = [
            #"{"brokers": [{"id": 9223372036854775807, "zone": "a"}], "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": [{"id": 18446744073709551616, "zone": "a"}], "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": [{"id": -9223372036854775809, "zone": "a"}], "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": [{"id": 1e308, "zone": "a"}], "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": [{"id": "NaN", "zone": "a"}], "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": [{"id": 1, "zone": ["a"]}], "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": {"id": 1}, "topics": [], "metadata": "kraft"}"#,
            #"{"brokers": "all", "topics": [], "metadata": "kraft"}"#,
            Self.kafka(topics: Self.topic(#""partitions": -9223372036854775808, "replicationFactor": 1"#)),
            Self.kafka(topics: Self.topic(#""partitions": 1e400, "replicationFactor": 1"#)),
            Self.kafka(topics: Self.topic(#""partitions": 1, "replicationFactor": 1, "minInsyncReplicas": 1e999"#)),
            Self.kafka(topics: Self.topic(#""partitions": 1, "replicationFactor": 1, "assignment": [[[1]]]"#)),
            Self.kafka(topics: Self.topic(#""partitions": 1, "replicationFactor": 1, "assignment": [null]"#)),
            Self.kafka(topics: #"[{"name": "t\u0000\n", "partitions": 1, "replicationFactor": 1}]"#),
            Self.kafka(topics: #"[{"name": ["t"], "partitions": 1, "replicationFactor": 1}]"#),
            Self.kafka(extra: #", "catchUp": "infh""#),
            Self.kafka(extra: #", "catchUp": "1e999s""#),
            Self.kafka(metadata: #""kraft\n-combined""#),
            "null", "0", #""kafka""#,
        ]
        for text in hostile {
            do {
                _ = try Self.parse(Self.document(kafka: text))
                Issue.record("accepted \(text)")
            } catch {
                // The JSON parser itself refuses numbers past a double's range, for the file as a whole.
                #expect(
                    error.field.hasPrefix("kafka") || error.message.contains("out of range"), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func theShippedKafkaScenariosReadAsDescribed() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
        func load(_ name: String) throws -> Scenario {
            try ScenarioFile.load(path: folder.appendingPathComponent("\(name).json").path)
        }
        let kraft = try load("kafka-six-brokers-three-zones-kraft")
        let kafka = try #require(kraft.kafka)
        #expect(kafka.metadata == .kraft)
        #expect(kafka.brokers.map(\.zone) == [0, 0, 1, 1, 2, 2])
        #expect(kafka.topics.map(\.name) == ["orders", "payments", "events"])
        #expect(
            kafka.topics.allSatisfy { $0.partitions == 12 && $0.replicationFactor == 3 && $0.minInsyncReplicas == 2 })
        #expect(kafka.topics.allSatisfy { $0.assignment == .rackAware })
        #expect(kraft.servers.map(\.zone) == [0, 1, 2])
        #expect(kafka.faults(ofBroker: 0) == ModelDefaults.brokerFaults)
        #expect(kraft.zones.allSatisfy { $0.outage == ModelDefaults.zoneOutage })
        #expect(kraft.serverFaults == ModelDefaults.serverFaults)

        let unaware = try load("kafka-six-brokers-three-zones-rack-unaware")
        #expect(unaware.kafka?.topics.allSatisfy { $0.assignment == .rackUnaware } == true)
        var same = unaware.kafka
        for i in same!.topics.indices { same!.topics[i].assignment = .rackAware }
        #expect(same == kafka, "the same cluster but for the assignment")

        let zookeeper = try load("kafka-four-brokers-two-zones-zookeeper")
        #expect(zookeeper.kafka?.metadata == .zookeeper)
        #expect(zookeeper.kafka?.brokers.map(\.zone) == [0, 0, 1, 1])
        #expect(zookeeper.servers.map(\.zone) == [0, 0, 1])

        let combined = try load("kafka-kraft-combined-three-nodes")
        #expect(combined.kafka?.metadata == .kraftCombined)
        #expect(combined.servers.map(\.id) == combined.kafka?.brokers.map(\.id))
        #expect(combined.servers.allSatisfy { $0.faults == ModelDefaults.brokerFaults })
    }
}
