import Testing

@testable import QuorumSim

/// The simulated Kafka figures against `KafkaExact` where the two models agree: catch-up 0 and a metadata quorum
/// that never fails (one server without faults, in a zone without outages). Brokers fail often (up 100 h, down
/// 20 h; zones up 500 h, down 25 h) so that a short run sees thousands of partition outages.
///
/// The models still differ by the "last in-sync replica" wait: once every replica of a partition is down, the
/// simulation waits for the last one in the ISR, the exact model for any. Figures the wait cannot touch must be
/// covered: a topic of replication factor 1 (the one replica is always the last), and unwritable figures where
/// min.insync.replicas is the replication factor (unwritable while any replica is down either way). Where it
/// bites (offline with two replicas) the exact figure must be a lower bound. benchmarks/kafka-coverage measures
/// coverage over 200 seeds and the size of the wait.
struct KafkaSimulationCoversExactTests {
    static let broker = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20))
    static let zone = FaultProcess(timeToFailure: .exponential(mean: 500), timeToRepair: .exponential(mean: 25))

    static func scenario(seed: UInt64) -> Scenario {
        Scenario(
            name: "kafka-frequent",
            zones: [Zone(name: "a", outage: zone), Zone(name: "b", outage: zone), Zone(name: "c", outage: zone),
                Zone(name: "meta")],
            servers: [Server(id: 100, zone: 3)],
            run: RunSettings(years: 30, replications: 10, seed: seed),
            kafka: KafkaCluster(
                brokers: (0..<4).map { KafkaBroker(id: $0, zone: $0 % 3) }, brokerFaults: broker,
                topics: [
                    KafkaTopic(name: "single", partitions: 3, replicationFactor: 1),
                    KafkaTopic(name: "strict", partitions: 3, replicationFactor: 3, minInsyncReplicas: 3),
                    KafkaTopic(name: "pairs", partitions: 2, replicationFactor: 2, minInsyncReplicas: 1),
                ],
                metadata: .zookeeper))
    }

    @Test func intervalsCoverTheExactFigures() throws {
        let scenario = Self.scenario(seed: 21)
        // Catch-up 0 and a quorum that never fails: the only reason left is the last in-sync replica's wait (the
        // "pairs" topic), which the checks below leave out.
        let reasons = KafkaExact.boundReasons(of: scenario)
        #expect(reasons.count == 1 && reasons.allSatisfy { $0.contains("last in-sync") }, "\(reasons)")
        let exact = try #require(KafkaExact.figures(of: scenario))
        let report = try Simulator.run(scenario, threads: 2)
        #expect(report.kafka?.metadata == .zookeeper)
        let simulated = try #require(report.kafka?.simulated)
        let (single, strict, pairs) = (simulated.topics[0], simulated.topics[1], simulated.topics[2])
        let checks: [(String, Estimate, Double)] = [
            ("single unwritable", single.unwritableMinutesPerYear, exact.topics[0].unwritableMinutesPerYear),
            ("single offline", single.offlineMinutesPerYear, exact.topics[0].offlineMinutesPerYear),
            ("single offline partitions", single.offlinePartitionMinutesPerYear,
                exact.topics[0].offlinePartitionMinutesPerYear),
            ("strict unwritable", strict.unwritableMinutesPerYear, exact.topics[1].unwritableMinutesPerYear),
            ("strict unwritable partitions", strict.unwritablePartitionMinutesPerYear,
                exact.topics[1].unwritablePartitionMinutesPerYear),
        ]
        for (label, estimate, value) in checks {
            let interval = try #require(estimate.ci95)
            #expect(interval.contains(value), "\(label): exact \(value) outside \(interval)")
            // Informative: not so wide that it covers anything.
            #expect(interval.upperBound - interval.lowerBound < 0.2 * value, "\(label): \(interval)")
        }
        // The last in-sync replica's wait only adds offline time.
        let pairsOffline = try #require(pairs.offlineMinutesPerYear.ci95)
        #expect(pairsOffline.lowerBound > exact.topics[2].offlineMinutesPerYear)
    }
}
