import QuorumSim
import Testing

/// `KafkaExact` against `KafkaChainReference` (the whole Markov chain solved by elimination) and against
/// figures by hand.
struct KafkaExactTests {
    static func exp(_ mttf: Double, _ mttr: Double) -> FaultProcess {
        FaultProcess(timeToFailure: .exponential(mean: mttf), timeToRepair: .exponential(mean: mttr))
    }

    /// A scenario of `zones` (outage per zone, nil: never fails) with one server, and `cluster`.
    static func scenario(zones: [FaultProcess?], cluster: KafkaCluster) -> Scenario {
        Scenario(
            name: "kafka", zones: zones.enumerated().map { Zone(name: ["a", "b", "c", "d"][$0], outage: $1) },
            servers: [Server(id: 1, zone: 0)], kafka: cluster)
    }

    static func relative(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
    }

    /// The clusters compared with the reference: assignments, zone counts, min.ISR 1 and 2, mixed broker faults,
    /// a zone that never fails; at most 9 parts so that the reference stays cheap.
    static let cases: [(String, Scenario)] = {
        let mixed = [exp(300, 12), exp(500, 30), exp(800, 8), exp(250, 20), exp(1000, 50), exp(400, 4)]
        func brokers(_ zones: [Int], faults: Bool = true) -> [KafkaBroker] {
            zones.enumerated().map { KafkaBroker(id: $0 + 1, zone: $1, faults: faults ? mixed[$0] : nil) }
        }
        let rf3 = [
            KafkaTopic(name: "orders", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2),
            KafkaTopic(name: "logs", partitions: 5, replicationFactor: 2, minInsyncReplicas: 1),
        ]
        return [
            (
                "rack-aware 6 over 3 zones, one never fails",
                scenario(
                    zones: [exp(2000, 6), exp(3000, 9), nil],
                    cluster: KafkaCluster(brokers: brokers([0, 1, 2, 0, 1, 2]), topics: rf3, metadata: .kraft))
            ),
            (
                "rack-unaware 6 over 2 zones",
                scenario(
                    zones: [exp(2000, 6), exp(1500, 12)],
                    cluster: KafkaCluster(
                        brokers: brokers([0, 0, 0, 1, 1, 1]),
                        topics: [
                            KafkaTopic(
                                name: "orders", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2,
                                assignment: .rackUnaware),
                            KafkaTopic(name: "single", partitions: 3, replicationFactor: 1, assignment: .rackUnaware),
                        ], metadata: .zookeeper))
            ),
            (
                "explicit 4 over 2 zones, shared broker faults",
                scenario(
                    zones: [exp(900, 10), exp(1200, 5)],
                    cluster: KafkaCluster(
                        brokers: brokers([0, 1, 0, 1], faults: false), brokerFaults: exp(200, 15),
                        topics: [
                            KafkaTopic(
                                name: "pairs", partitions: 4, replicationFactor: 2, minInsyncReplicas: 2,
                                assignment: .explicit([[1, 2], [2, 3], [3, 4], [1, 2]])),
                            KafkaTopic(
                                name: "triples", partitions: 2, replicationFactor: 3, minInsyncReplicas: 2,
                                assignment: .explicit([[1, 2, 3], [2, 3, 4]])),
                        ], metadata: .kraftCombined))
            ),
            (
                "rack-aware 5 over 3 zones, uneven",
                scenario(
                    zones: [exp(2500, 7), nil, exp(1800, 11)],
                    cluster: KafkaCluster(
                        brokers: brokers([0, 1, 2, 0, 1]),
                        topics: [
                            KafkaTopic(name: "t", partitions: 10, replicationFactor: 3, minInsyncReplicas: 3),
                            KafkaTopic(name: "u", partitions: 7, replicationFactor: 2, minInsyncReplicas: 2),
                        ], metadata: .kraft))
            ),
        ]
    }()

    @Test(arguments: cases.indices)
    func agreesWithTheWholeMarkovChain(_ index: Int) throws {
        let (name, scenario) = Self.cases[index]
        let exact = try #require(KafkaExact.figures(of: scenario), "\(name)")
        let reference = KafkaChainReference(scenario).figures()
        let mine = exact.topics + [exact.cluster]
        #expect(mine.count == reference.count)
        for (e, r) in zip(mine, reference) {
            let pairs: [(String, Double?, Double)] = [
                ("unwritable", e.unwritable, r.unwritable), ("offline", e.offline, r.offline),
                ("unwritable partitions", e.unwritablePartitions, r.unwritablePartitions),
                ("offline partitions", e.offlinePartitions, r.offlinePartitions),
                ("unwritable episodes", e.unwritableEpisodesPerYear, r.unwritableEpisodesPerYear),
                ("offline episodes", e.offlineEpisodesPerYear, r.offlineEpisodesPerYear),
            ]
            for (what, mine, theirs) in pairs {
                let value = try #require(mine, "\(name) \(e.name) \(what)")
                #expect(theirs > 0, "\(name) \(e.name) \(what): a case where the figure is 0 proves little")
                #expect(Self.relative(value, theirs) <= 1e-9, "\(name) \(e.name) \(what): \(value) vs \(theirs)")
            }
        }
    }

    @Test func oneBrokerOneReplicaIsDownItsDownFraction() throws {
        let (mttf, mttr) = (1000.0, 8.0)
        let cluster = KafkaCluster(
            brokers: [KafkaBroker(id: 0, zone: 0)], brokerFaults: Self.exp(mttf, mttr),
            topics: [KafkaTopic(name: "t", partitions: 3, replicationFactor: 1)], metadata: .zookeeper)
        let f = try #require(KafkaExact.figures(of: Self.scenario(zones: [nil], cluster: cluster))).cluster
        let q = mttr / (mttf + mttr)
        #expect(Self.relative(f.unwritable, q) < 1e-15)
        #expect(Self.relative(f.offline, q) < 1e-15)
        #expect(Self.relative(f.unwritablePartitions, 3 * q) < 1e-15)
        // One episode per failure: the broker is up 1000/1008 of the time and fails at 1/1000 per hour.
        let perYear = try #require(f.unwritableEpisodesPerYear)
        #expect(Self.relative(perYear, hoursPerYear / (mttf + mttr)) < 1e-14)
    }

    @Test func twoReplicasMinISRTwoNeedBothBrokers() throws {
        let (mttf, mttr) = (500.0, 20.0)
        let cluster = KafkaCluster(
            brokers: [KafkaBroker(id: 1, zone: 0), KafkaBroker(id: 2, zone: 1)], brokerFaults: Self.exp(mttf, mttr),
            topics: [KafkaTopic(name: "t", partitions: 1, replicationFactor: 2, minInsyncReplicas: 2)],
            metadata: .kraft)
        let f = try #require(KafkaExact.figures(of: Self.scenario(zones: [nil, nil], cluster: cluster))).cluster
        let q = mttr / (mttf + mttr)
        let p = mttf / (mttf + mttr)
        #expect(Self.relative(f.unwritable, 1 - p * p) < 1e-14)  // 1 − (1 − q)²
        #expect(Self.relative(f.offline, q * q) < 1e-14)
        // Unwritable episodes start when both are up and either fails; offline ones when one is down and the
        // other fails.
        #expect(Self.relative(try #require(f.unwritableEpisodesPerYear), p * p * 2 / mttf * hoursPerYear) < 1e-14)
        #expect(Self.relative(try #require(f.offlineEpisodesPerYear), 2 * p * q / mttf * hoursPerYear) < 1e-14)
    }

    @Test func aZoneOutageTakesItsBrokersDown() throws {
        // Both replicas in zone a: offline exactly when the zone is down or both brokers are.
        let zone = Self.exp(5000, 10)
        let cluster = KafkaCluster(
            brokers: [KafkaBroker(id: 1, zone: 0), KafkaBroker(id: 2, zone: 0), KafkaBroker(id: 3, zone: 1)],
            brokerFaults: Self.exp(700, 7),
            topics: [KafkaTopic(name: "t", partitions: 1, replicationFactor: 2, assignment: .explicit([[1, 2]]))],
            metadata: .kraft)
        let f = try #require(KafkaExact.figures(of: Self.scenario(zones: [zone, nil], cluster: cluster))).cluster
        let z = 10.0 / 5010
        let q = 7.0 / 707
        #expect(Self.relative(f.offline, z + (1 - z) * q * q) < 1e-14)
    }

    @Test func rareFiguresKeepTheirPrecision() throws {
        // Five replicas that must all be down: q⁵ ≈ 1e-20, far below what 1 − A could show.
        let (mttf, mttr) = (1e5, 1.0)
        let cluster = KafkaCluster(
            brokers: (0..<5).map { KafkaBroker(id: $0, zone: 0) }, brokerFaults: Self.exp(mttf, mttr),
            topics: [KafkaTopic(name: "t", partitions: 1, replicationFactor: 5)], metadata: .kraft)
        let f = try #require(KafkaExact.figures(of: Self.scenario(zones: [nil], cluster: cluster))).cluster
        let q = mttr / (mttf + mttr)
        #expect(Self.relative(f.offline, q * q * q * q * q) < 1e-13)
    }

    @Test func episodeRatesNeedExponentialTimes() throws {
        var cluster = KafkaCluster(
            brokers: [KafkaBroker(id: 1, zone: 0), KafkaBroker(id: 2, zone: 1)], brokerFaults: Self.exp(500, 20),
            topics: [KafkaTopic(name: "t", partitions: 2, replicationFactor: 2)], metadata: .kraft)
        cluster.brokers[1].faults = FaultProcess(
            timeToFailure: .weibull(shape: 1.5, scale: 500), timeToRepair: .exponential(mean: 20))
        let scenario = Self.scenario(zones: [nil, nil], cluster: cluster)
        let f = try #require(KafkaExact.figures(of: scenario)).cluster
        #expect(f.unwritableEpisodesPerYear == nil)
        #expect(f.offlineEpisodesPerYear == nil)
        // The time fractions need only the means.
        let q1 = 20.0 / 520
        let mean2 = FaultProcess(timeToFailure: .weibull(shape: 1.5, scale: 500), timeToRepair: .exponential(mean: 20))
            .timeToFailure.mean
        let q2 = 20 / (mean2 + 20)
        #expect(Self.relative(f.offline, q1 * q2) < 1e-14)
    }

    @Test func tooManyBrokersIsSaid() {
        let n = KafkaExact.maxBrokers + 1
        let cluster = KafkaCluster(
            brokers: (0..<n).map { KafkaBroker(id: $0, zone: 0) },
            topics: [KafkaTopic(name: "t", partitions: 1, replicationFactor: 1)], metadata: .kraft)
        let scenario = Self.scenario(zones: [nil], cluster: cluster)
        #expect(KafkaExact.figures(of: scenario) == nil)
        #expect(KafkaExact.applicability(of: scenario) == .notExact([.tooManyBrokers(count: n, limit: n - 1)]))
    }

    @Test func boundReasonsNameWhatTheExactModelLeavesOut() {
        let base = KafkaCluster(
            brokers: [KafkaBroker(id: 1, zone: 0)], brokerFaults: Self.exp(500, 20),
            topics: [KafkaTopic(name: "t", partitions: 1, replicationFactor: 1)], metadata: .zookeeper)
        // A server that never fails and one replica: the exact figures are the simulation's.
        #expect(KafkaExact.boundReasons(of: Self.scenario(zones: [nil], cluster: base)).isEmpty)
        var slow = base
        slow.catchUp = 0.5
        #expect(KafkaExact.boundReasons(of: Self.scenario(zones: [nil], cluster: slow)).count == 1)
        var lossy = Self.scenario(zones: [nil], cluster: base)
        lossy.serverFaults = Self.exp(1000, 10)
        #expect(KafkaExact.boundReasons(of: lossy).first?.contains("ZooKeeper ensemble") == true)
        var replicated = base
        replicated.brokers.append(KafkaBroker(id: 2, zone: 0))
        replicated.topics[0].replicationFactor = 2
        #expect(KafkaExact.boundReasons(of: Self.scenario(zones: [nil], cluster: replicated)).count == 1)
        // Combined mode: the controller fails with its broker.
        var combined = base
        combined.metadata = .kraftCombined
        combined.brokers = [KafkaBroker(id: 1, zone: 0)]
        #expect(KafkaExact.boundReasons(of: Self.scenario(zones: [nil], cluster: combined)).count == 1)
    }
}
