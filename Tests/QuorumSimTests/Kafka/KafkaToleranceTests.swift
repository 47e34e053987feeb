import Testing

@testable import QuorumSim

/// `KafkaTolerance` against a count written here, set by set, with `Set`s instead of masks.
struct KafkaToleranceTests {
    static let zones = [Zone(name: "a"), Zone(name: "b"), Zone(name: "c")]

    /// 6 brokers over 3 zones (ids 1 … 6, zone (id - 1) % 3), three KRaft controllers, one per zone.
    static func scenario(metadata: MetadataQuorum = .kraft, topics: [KafkaTopic]) -> Scenario {
        let brokers = (1...6).map { KafkaBroker(id: $0, zone: ($0 - 1) % 3) }
        let servers =
            metadata == .kraftCombined
            ? [1, 2, 3].map { Server(id: $0, zone: ($0 - 1) % 3) }
            : [10, 11, 12].map { Server(id: $0, zone: $0 - 10) }
        return Scenario(
            name: "kafka", zones: zones, servers: servers,
            kafka: KafkaCluster(brokers: brokers, topics: topics, metadata: metadata))
    }

    static let mixed = scenario(topics: [
        KafkaTopic(name: "orders", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2),
        KafkaTopic(name: "logs", partitions: 6, replicationFactor: 2, assignment: .rackUnaware),
        KafkaTopic(
            name: "pinned", partitions: 2, replicationFactor: 2, minInsyncReplicas: 2,
            assignment: .explicit([[1, 4], [2, 5]])),
    ])

    /// (unwritable, offline) per topic when the brokers with ids `lost` are gone and the quorum keeps working.
    static func count(_ scenario: Scenario, lost: Set<Int>) -> [(unwritable: Int, offline: Int)] {
        let kafka = scenario.kafka!
        let layout = kafka.layout(zones: scenario.zones)
        return layout.topics.map { topic in
            var unwritable = 0
            var offline = 0
            for replicas in topic.replicas {
                let alive = replicas.map { kafka.brokers[$0].id }.filter { !lost.contains($0) }
                if alive.count < topic.minInsyncReplicas { unwritable += 1 }
                if alive.isEmpty { offline += 1 }
            }
            return (unwritable, offline)
        }
    }

    static func subsets(of ids: [Int], size: Int) -> [Set<Int>] {
        guard size > 0 else { return [[]] }
        guard let first = ids.first else { return [] }
        let rest = Array(ids.dropFirst())
        return subsets(of: rest, size: size - 1).map { $0.union([first]) } + subsets(of: rest, size: size)
    }

    @Test func everySetOfBrokersIsCountedAsAByHandCountSays() throws {
        let report = try #require(try KafkaTolerance.report(of: Self.mixed))
        #expect(report.examinedUpTo == 3)  // the largest replication factor
        #expect(report.notExamined == nil)
        var firstUnwritable: Int?
        var firstOffline: Int?
        for k in 1...3 {
            let sets = Self.subsets(of: Array(1...6), size: k)
            let counts = sets.map { Self.count(Self.mixed, lost: $0) }
            let totals = counts.map { ($0.map(\.unwritable).reduce(0, +), $0.map(\.offline).reduce(0, +)) }
            let entry = report.brokerSets[k - 1]
            #expect(entry.k == k)
            #expect(entry.sets == sets.count)
            #expect(entry.setsUnwritable == totals.filter { $0.0 > 0 }.count)
            #expect(entry.setsOffline == totals.filter { $0.1 > 0 }.count)
            #expect(entry.setsLosingMetadataQuorum == 0)  // dedicated controllers
            let worst = totals.map { ($0.1, $0.0) }.max { $0 < $1 }!
            if let first = entry.worst.first {
                #expect((first.offline, first.unwritable) == worst)
                #expect(Set(first.brokers).count == k)
                let byHand = Self.count(Self.mixed, lost: Set(first.brokers))
                #expect(first.unwritable == byHand.map(\.unwritable).reduce(0, +))
                #expect(first.topics.map(\.unwritable) == byHand.map(\.unwritable).filter { $0 > 0 })
            } else {
                #expect(worst.1 == 0)
            }
            #expect(entry.worst.count <= KafkaTolerance.worstSets)
            if firstUnwritable == nil && totals.contains(where: { $0.0 > 0 }) { firstUnwritable = k }
            if firstOffline == nil && totals.contains(where: { $0.1 > 0 }) { firstOffline = k }
        }
        #expect(report.brokersToUnwritable == firstUnwritable)
        #expect(report.brokersToOffline == firstOffline)
        #expect(report.today.unwritable == 0)
    }

    @Test func eachZoneLostIsCountedAsAByHandCountSays() throws {
        let report = try #require(try KafkaTolerance.report(of: Self.mixed))
        #expect(report.zones.map(\.zone) == ["a", "b", "c"])
        for (z, zone) in report.zones.enumerated() {
            let lost = Set((1...6).filter { ($0 - 1) % 3 == z })
            #expect(Set(zone.brokers) == lost)
            let byHand = Self.count(Self.mixed, lost: lost)
            #expect(zone.unwritable == byHand.map(\.unwritable).reduce(0, +))
            #expect(zone.offline == byHand.map(\.offline).reduce(0, +))
            #expect(zone.metadataQuorumSurvives == true)  // one controller of three in the zone
        }
        // The explicit topic `pinned` has both replicas of partition 0 in zone a (brokers 1 and 4).
        let a = try #require(report.zones.first)
        #expect(a.topics.first { $0.topic == "pinned" }?.offline == 1)
    }

    /// Combined mode: losing two of three nodes loses two controllers, so nothing fails over: every partition that
    /// lost an in-sync replica stalls, and those led from a lost node go offline. Dedicated controllers keep
    /// failover, and the same loss leaves nothing offline.
    @Test func combinedModeLosesFailoverWithTwoNodesOfThree() throws {
        let topic = KafkaTopic(name: "orders", partitions: 6, replicationFactor: 3, minInsyncReplicas: 2)
        var combined = Self.scenario(metadata: .kraftCombined, topics: [topic])
        combined.kafka!.brokers.removeLast(3)  // nodes 1, 2, 3
        var dedicated = combined
        dedicated.kafka!.metadata = .kraft
        dedicated.servers = [10, 11, 12].map { Server(id: $0, zone: $0 - 10) }

        let c = try #require(try KafkaTolerance.report(of: combined))
        let d = try #require(try KafkaTolerance.report(of: dedicated))
        #expect(c.brokerSets[0].setsLosingMetadataQuorum == 0)
        #expect(c.brokerSets[0].setsUnwritable == 0)
        #expect(c.brokerSets[1].setsLosingMetadataQuorum == 3)
        #expect(d.brokerSets[1].setsLosingMetadataQuorum == 0)

        let layout = combined.kafka!.layout(zones: combined.zones)
        let leaders = layout.topics[0].replicas.map { combined.kafka!.brokers[$0[0]].id }
        for worst in c.brokerSets[1].worst {
            #expect(worst.metadataQuorumSurvives == false)
            #expect(worst.unwritable == 6)
            #expect(worst.offline == leaders.filter { worst.brokers.contains($0) }.count)
        }
        for worst in d.brokerSets[1].worst {
            #expect(worst.metadataQuorumSurvives == true)
            #expect(worst.unwritable == 6)
            #expect(worst.offline == 0)
        }
    }

    /// ZooKeeper mode with two of three servers in zone a: losing zone a loses the ensemble too.
    @Test func aZoneWithTheEnsemblesMajorityStopsFailover() throws {
        var scenario = Self.scenario(
            metadata: .zookeeper,
            topics: [KafkaTopic(name: "orders", partitions: 6, replicationFactor: 3, minInsyncReplicas: 1)])
        scenario.servers = [Server(id: 10, zone: 0), Server(id: 11, zone: 0), Server(id: 12, zone: 1)]
        let report = try #require(try KafkaTolerance.report(of: scenario))
        #expect(report.zones.map(\.metadataQuorumSurvives) == [false, true, true])
        let layout = scenario.kafka!.layout(zones: scenario.zones)
        let ledFromA = layout.topics[0].replicas.filter { layout.brokerZones[$0[0]] == 0 }.count
        #expect(ledFromA > 0)
        #expect(report.zones[0].offline == ledFromA)
        #expect(report.zones[0].unwritable == 6)  // every partition has a replica in zone a
        #expect(report.zones[1].unwritable == 0)
        #expect(report.brokerSets.allSatisfy { $0.setsLosingMetadataQuorum == 0 })
    }

    @Test func setSizesPastTheLimitAreNotExaminedAndSaySo() throws {
        let brokers = (0..<64).map { KafkaBroker(id: $0, zone: 0) }
        let scenario = Scenario(
            name: "big", zones: [Zone(name: "a")], servers: [Server(id: 100, zone: 0)],
            kafka: KafkaCluster(
                brokers: brokers,
                topics: [KafkaTopic(name: "t", partitions: 4, replicationFactor: 8, assignment: .rackUnaware)],
                metadata: .zookeeper))
        let report = try #require(try KafkaTolerance.report(of: scenario))
        // C(64, 3) = 41,664 sets fit; C(64, 4) = 635,376 do not.
        #expect(report.examinedUpTo == 3)
        #expect(report.brokerSets.last?.sets == 64 * 63 * 62 / 6)
        #expect(report.notExamined?.contains("C(64, 4) = 635376") == true)
        #expect(report.brokersToOffline == nil)
        #expect(report.text(heading: "Kafka").contains("k = 4 and more not examined"))
    }

    @Test func aScenarioWithoutKafkaHasNoKafkaReport() throws {
        let plain = Scenario(name: "zk", zones: Self.zones, servers: [Server(id: 1, zone: 0)])
        #expect(try KafkaTolerance.report(of: plain) == nil)
    }

    /// The ensemble beside the cluster is refused where `ToleranceAnalysis` refuses it, with the same error.
    @Test(arguments: [
        Scenario(
            name: "zones", zones: (0..<65).map { Zone(name: "z\($0)") }, servers: [Server(id: 1, zone: 0)],
            kafka: mixed.kafka),
        Scenario(name: "servers", zones: zones, servers: [Server(id: 1, zone: 3)], kafka: mixed.kafka),
        Scenario(
            name: "many", zones: zones, servers: (1...65).map { Server(id: $0, zone: $0 % 3) }, kafka: mixed.kafka),
    ])
    func theEnsembleIsRefusedAsTheServersToleranceRefusesIt(_ scenario: Scenario) {
        var ensembleError: ExactLimitation?
        do { _ = try ToleranceAnalysis.report(of: scenario) } catch { ensembleError = error }
        var kafkaError: ExactLimitation?
        do { _ = try KafkaTolerance.report(of: scenario) } catch { kafkaError = error }
        #expect(ensembleError != nil)
        #expect(kafkaError == ensembleError)
    }
}
