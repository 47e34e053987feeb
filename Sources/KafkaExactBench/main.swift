// The driver behind benchmarks/kafka-exact: times `KafkaExact.figures` on clusters of growing size (brokers over
// 3 zones that can fail, 3 topics of 12 partitions, RF 3, min.insync.replicas 2, rack-aware) and prints one line
// per case:
//
//   brokers=6 zones=3 partitions=36 seconds=0.000412 unwritable=3.1e-05 offline=1.2e-08 unwritable_episodes_per_year=1.9
//
//   KafkaExactBench [BROKERS...]      (default: 6 9 12 15 18 21 24)

import QuorumSim
import ToolkitSupport

func exp(_ mttf: Double, _ mttr: Double) -> FaultProcess {
    FaultProcess(timeToFailure: .exponential(mean: mttf), timeToRepair: .exponential(mean: mttr))
}

func scenario(brokers: Int) -> Scenario {
    let zones = ["a", "b", "c"].map { Zone(name: $0, outage: exp(8766, 4)) }
    let topics = ["orders", "payments", "events"].map {
        KafkaTopic(name: $0, partitions: 12, replicationFactor: 3, minInsyncReplicas: 2)
    }
    let cluster = KafkaCluster(
        brokers: (0..<brokers).map { KafkaBroker(id: $0 + 1, zone: $0 % 3) }, topics: topics, metadata: .kraft)
    return Scenario(
        name: "kafka-\(brokers)", zones: zones, servers: (1...3).map { Server(id: $0, zone: $0 - 1) },
        kafka: cluster)
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for brokers in sizes.isEmpty ? [6, 9, 12, 15, 18, 21, 24] : sizes {
    let s = scenario(brokers: brokers)
    let clock = ContinuousClock()
    // The best of a few runs for the small cases, one run for the large ones.
    var best = Double.infinity
    var figures: KafkaFigures?
    for _ in 0..<(brokers <= 12 ? 5 : 1) {
        let start = clock.now
        figures = KafkaExact.figures(of: s)
        best = min(best, (clock.now - start).seconds)
    }
    guard let f = figures?.cluster else {
        print("brokers=\(brokers) no exact figures: \(KafkaExact.applicability(of: s).reason ?? "")")
        continue
    }
    print(
        "brokers=\(brokers) zones=3 partitions=\(f.partitions) seconds=\(best) unwritable=\(f.unwritable) "
            + "offline=\(f.offline) unwritable_episodes_per_year=\(f.unwritableEpisodesPerYear ?? .nan)")
}
