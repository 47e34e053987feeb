import Foundation
import Testing

@testable import QuorumSim

/// `KafkaAssignment` against Kafka's `AdminUtils.assignReplicasToBrokers`: Kafka's own test fixtures, assignments
/// computed by running Kafka's AdminUtils.java (Fixtures/kafka/adminutils-assignments.txt), the distribution
/// properties Kafka's tests check, and the shipped scenarios' layouts.
struct KafkaAssignmentTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kafka")
    static let scenariosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    static func racked(_ map: [Int: String]) -> [(id: Int, rack: String)] {
        map.sorted { $0.key < $1.key }.map { (id: $0.key, rack: $0.value) }
    }

    // From apache/kafka core/src/test/scala/unit/kafka/admin/AdminRackAwareTest.scala,
    // testGetRackAlternatedBrokerListAndAssignReplicasToBrokers, at commit 1eb7644349cb07139d6a3c1ad1986979647cac99
    // (the same test, with the same values, is in tag 2.8.0, commit ebb1d6e21cc9).
    static let kafkaRackMap = [0: "rack1", 1: "rack3", 2: "rack3", 3: "rack2", 4: "rack2", 5: "rack1"]
    static let kafkaExpected = [[0, 3, 1], [3, 1, 5], [1, 5, 4], [5, 4, 2], [4, 2, 0], [2, 0, 3], [0, 4, 2]]

    @Test func kafkasRackAlternatedListFixture() {
        #expect(KafkaAssignment.rackAlternatedBrokers(Self.racked(Self.kafkaRackMap)) == [0, 3, 1, 5, 4, 2])
        var withoutFive = Self.kafkaRackMap
        withoutFive[5] = nil
        #expect(KafkaAssignment.rackAlternatedBrokers(Self.racked(withoutFive)) == [0, 3, 1, 4, 2])
    }

    @Test func kafkasRackAwareFixture() {
        let assignment = KafkaAssignment.rackAware(
            brokers: Self.racked(Self.kafkaRackMap), partitions: 7, replicationFactor: 3, fixedStartIndex: 0,
            startPartitionId: 0)
        #expect(assignment == Self.kafkaExpected)
    }

    // AdminRackAwareTest.scala, testReplicaAssignment, same commit: five brokers without racks, 10 partitions, RF 3,
    // fixedStartIndex 0, startPartitionId -1.
    @Test func kafkasRackUnawareFixture() {
        let expected = [
            [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1], [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1],
            [4, 1, 2],
        ]
        let assignment = KafkaAssignment.rackUnaware(
            brokers: [0, 1, 2, 3, 4], partitions: 10, replicationFactor: 3, fixedStartIndex: 0, startPartitionId: -1)
        #expect(assignment == expected)
    }

    /// One case of Fixtures/kafka/adminutils-assignments.txt.
    struct GeneratedCase: CustomStringConvertible {
        var brokers: [(id: Int, rack: String?)]
        var partitions, replicationFactor, fixedStartIndex, startPartitionId: Int
        var expected: [[Int]]
        var line: String
        var description: String { line }

        var computed: [[Int]] {
            if brokers.allSatisfy({ $0.rack == nil }) {
                // AdminUtils takes the list as its callers give it, sorted by id; ours sorts it.
                return KafkaAssignment.rackUnaware(
                    brokers: brokers.map(\.id).reversed(), partitions: partitions,
                    replicationFactor: replicationFactor, fixedStartIndex: fixedStartIndex,
                    startPartitionId: startPartitionId)
            }
            return KafkaAssignment.rackAware(
                brokers: brokers.reversed().map { (id: $0.id, rack: $0.rack ?? "") }, partitions: partitions,
                replicationFactor: replicationFactor, fixedStartIndex: fixedStartIndex,
                startPartitionId: startPartitionId)
        }
    }

    static func generatedCases() throws -> [GeneratedCase] {
        let text = try String(
            contentsOf: fixtures.appendingPathComponent("adminutils-assignments.txt"), encoding: .utf8)
        var cases: [GeneratedCase] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("case ") {
                let fields = line.dropFirst(5).split(separator: " ")
                let brokers = fields[0].split(separator: ",").map { entry -> (id: Int, rack: String?) in
                    let parts = entry.split(separator: ":", maxSplits: 1)
                    return (id: Int(parts[0])!, rack: parts.count > 1 ? String(parts[1]) : nil)
                }
                let numbers = fields[1...].map { Int($0)! }
                cases.append(
                    GeneratedCase(
                        brokers: brokers, partitions: numbers[0], replicationFactor: numbers[1],
                        fixedStartIndex: numbers[2], startPartitionId: numbers[3], expected: [], line: String(line)))
            } else {
                let parts = line.split(separator: ":")
                #expect(
                    Int(parts[0]) == cases[cases.count - 1].startPartitionId.clamped(0)
                        + cases[cases.count - 1].expected.count)
                cases[cases.count - 1].expected.append(parts[1].split(separator: " ").map { Int($0)! })
            }
        }
        return cases
    }

    @Test func equalsKafkasAdminUtilsOnEveryGeneratedCase() throws {
        let cases = try Self.generatedCases()
        #expect(cases.count >= 20)
        for fixture in cases {
            #expect(fixture.expected.count == fixture.partitions, "\(fixture)")
            #expect(fixture.computed == fixture.expected, "\(fixture)")
        }
    }

    /// RackAwareTest.checkReplicaDistribution (same file, same commit): distinct brokers per partition, one replica
    /// per rack, leaders and replicas spread evenly; here for every start index, where Kafka's tests draw one.
    static func checkDistribution(
        _ map: [Int: String], partitions: Int, replicationFactor: Int, startPartitionId: Int = 0,
        rackAware: Bool = true, leaders: Bool = true, replicas: Bool = true
    ) {
        for start in 0..<(2 * map.count) {
            let assignment = KafkaAssignment.rackAware(
                brokers: racked(map), partitions: partitions, replicationFactor: replicationFactor,
                fixedStartIndex: start, startPartitionId: startPartitionId)
            #expect(assignment.count == partitions)
            #expect(assignment.allSatisfy { Set($0).count == $0.count && $0.count == replicationFactor })
            if rackAware {
                #expect(assignment.allSatisfy { Set($0.map { map[$0]! }).count == replicationFactor }, "start \(start)")
            }
            var leaderCount: [Int: Int] = [:]
            var replicaCount: [Int: Int] = [:]
            for list in assignment {
                leaderCount[list[0], default: 0] += 1
                for broker in list { replicaCount[broker, default: 0] += 1 }
            }
            if leaders {
                #expect(map.keys.allSatisfy { leaderCount[$0] == partitions / map.count }, "start \(start)")
            }
            if replicas {
                #expect(
                    map.keys.allSatisfy { replicaCount[$0] == partitions * replicationFactor / map.count },
                    "start \(start)")
            }
        }
    }

    @Test func kafkasDistributionChecksHoldForEveryStartIndex() {
        let six = [0: "rack1", 1: "rack2", 2: "rack2", 3: "rack3", 4: "rack3", 5: "rack1"]
        // testAssignmentWithRackAware(WithRandomStartIndex), testAssignmentWith2ReplicasRackAware(With6Partitions).
        Self.checkDistribution(six, partitions: 6, replicationFactor: 3)
        Self.checkDistribution(six, partitions: 12, replicationFactor: 2)
        Self.checkDistribution(six, partitions: 6, replicationFactor: 2)
        // testAssignmentWithRackAwareWithUnevenReplicas, testAssignmentWithRackAwareWithUnevenRacks.
        Self.checkDistribution(six, partitions: 13, replicationFactor: 3, leaders: false, replicas: false)
        Self.checkDistribution(
            [0: "rack1", 1: "rack1", 2: "rack2", 3: "rack3", 4: "rack3", 5: "rack1"], partitions: 12,
            replicationFactor: 3, replicas: false)
        // testRackAwareExpansion, testAssignmentWith2ReplicasRackAwareWith6PartitionsAnd3Brokers.
        Self.checkDistribution(
            [6: "rack1", 7: "rack2", 8: "rack2", 9: "rack3", 10: "rack3", 11: "rack1"], partitions: 12,
            replicationFactor: 2, startPartitionId: 12)
        Self.checkDistribution([0: "rack1", 1: "rack2", 4: "rack3"], partitions: 3, replicationFactor: 2)
        // testLargeNumberPartitionsAssignment.
        Self.checkDistribution(
            [
                0: "rack1", 1: "rack2", 2: "rack2", 3: "rack3", 4: "rack3", 5: "rack1", 6: "rack1", 7: "rack2",
                8: "rack2", 9: "rack3", 10: "rack1", 11: "rack3",
            ], partitions: 96, replicationFactor: 3)
        // testSkipBrokerWithReplicaAlreadyAssigned.
        Self.checkDistribution(
            [0: "a", 1: "b", 2: "c", 3: "a", 4: "a"], partitions: 6, replicationFactor: 4, startPartitionId: -1,
            rackAware: false, leaders: false, replicas: false)
    }

    @Test func moreAndFewerReplicasThanRacksAndOneRack() {
        // testMoreReplicasThanRacks, testLessReplicasThanRacks, testSingleRack (same file, same commit).
        let uneven = [0: "rack1", 1: "rack2", 2: "rack2", 3: "rack3", 4: "rack3", 5: "rack2"]
        let single = Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, "rack1") })
        for start in 0..<12 {
            let more = KafkaAssignment.rackAware(
                brokers: Self.racked(uneven), partitions: 6, replicationFactor: 5, fixedStartIndex: start)
            #expect(more.allSatisfy { $0.count == 5 && Set($0.map { uneven[$0]! }).count == 3 })
            let fewer = KafkaAssignment.rackAware(
                brokers: Self.racked(uneven), partitions: 6, replicationFactor: 2, fixedStartIndex: start)
            #expect(fewer.allSatisfy { $0.count == 2 && Set($0.map { uneven[$0]! }).count == 2 })
            let one = KafkaAssignment.rackAware(
                brokers: Self.racked(single), partitions: 6, replicationFactor: 3, fixedStartIndex: start)
            #expect(one.allSatisfy { $0.count == 3 && Set($0).count == 3 })
            #expect(Set(one.map(\.[0])) == Set(0..<6), "every broker leads one partition")
        }
    }

    /// The generated case for a shipped scenario's shape (adminutils-cases.txt lists them).
    static func generated(_ brokers: String) throws -> [[Int]] {
        let cases = try generatedCases()
        let found = cases.first { $0.line == "case \(brokers) 12 3 0 0" }
        try #require(found != nil, "no generated case for \(brokers)")
        return found!.expected
    }

    /// Every topic of a shipped scenario, as broker ids per partition.
    static func shippedLayout(_ name: String) throws -> [[[Int]]] {
        let scenario = try ScenarioFile.load(path: scenariosFolder.appendingPathComponent("\(name).json").path)
        let kafka = try #require(scenario.kafka)
        let layout = kafka.layout(zones: scenario.zones)
        return layout.topics.map { $0.replicas.map { $0.map { kafka.brokers[$0].id } } }
    }

    @Test func shippedScenariosPlaceReplicasAsKafkaDoes() throws {
        // Kafka's own fixture, relabelled: its racks rack1 {0, 5}, rack2 {3, 4}, rack3 {1, 2} are our zones a {1, 2},
        // b {3, 4}, c {5, 6}, each rack's brokers in id order. AdminUtils depends only on the racks' order and the
        // brokers' order within a rack, so the first 7 partitions must be the fixture's.
        let relabel = [0: 1, 5: 2, 3: 3, 4: 4, 1: 5, 2: 6]
        let kafkaFixture = Self.kafkaExpected.map { $0.map { relabel[$0]! } }
        let sixRackAware = try Self.generated("1:a,2:a,3:b,4:b,5:c,6:c")
        #expect(Array(sixRackAware.prefix(7)) == kafkaFixture)
        let kraft = try Self.shippedLayout("kafka-six-brokers-three-zones-kraft")
        #expect(kraft.count == 3)
        #expect(kraft.allSatisfy { $0 == sixRackAware })

        let unaware = try Self.shippedLayout("kafka-six-brokers-three-zones-rack-unaware")
        let sixUnaware = try Self.generated("1,2,3,4,5,6")
        #expect(unaware.allSatisfy { $0 == sixUnaware })
        // Brokers numbered zone by zone: rack-unaware placement puts two replicas in one zone for most partitions.
        let zoneOf = [1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "c"]
        let doubled = sixUnaware.filter { Set($0.map { zoneOf[$0]! }).count < 3 }.count
        #expect(doubled == 9, "docs/kafka.md says 9 of 12")
        #expect(sixRackAware.allSatisfy { Set($0.map { zoneOf[$0]! }).count == 3 })

        let zookeeper = try Self.shippedLayout("kafka-four-brokers-two-zones-zookeeper")
        #expect(zookeeper.allSatisfy { $0 == (try? Self.generated("1:a,2:a,3:b,4:b")) })
        let combined = try Self.shippedLayout("kafka-kraft-combined-three-nodes")
        #expect(combined.allSatisfy { $0 == (try? Self.generated("1:a,2:b,3:c")) })
    }
}

extension Int {
    fileprivate func clamped(_ low: Int) -> Int { Swift.max(low, self) }
}
