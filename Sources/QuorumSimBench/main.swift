// The driver behind benchmarks/kafka-throughput and benchmarks/kafka-coverage: builds its scenarios in code (so
// that it needs neither the scenario reader's `kafka` section nor the run command's Kafka report) and prints
// figures.
//
//   QuorumSimBench throughput [YEARS] [REPLICATIONS]   events/s on one thread, with and without the Kafka cluster
//   QuorumSimBench coverage [RUNS]                      interval coverage of KafkaExact's figures over RUNS seeds,
//                                                       then the last in-sync replica's wait at the defaults' rates
//   QuorumSimBench bias                                 that last part alone

import Glibc
import QuorumSim
import ToolkitSupport

func fail(_ message: String) -> Never {
    let line = "QuorumSimBench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(3)
}

func hours(_ seconds: Double) -> Double { seconds / 3600 }

/// 6 brokers over 3 zones (2 each), 3 topics × 12 partitions, RF 3, min.insync.replicas 2, rack-aware, 3 KRaft
/// controllers (one per zone), the defaults' fault rates, a 10-minute catch-up and ZooKeeper-like elections (10 s
/// detection, a lognormal election): the shape of the shipped kafka-six-brokers-three-zones-kraft.json, not a copy
/// of it (that file puts brokers 1-2 in zone a and so on, takes 2 s to detect, 1 s to elect and 30 min to catch
/// up; its figures are `quorumsim run`'s).
func sixBrokers(years: Double, replications: Int) -> Scenario {
    Scenario(
        name: "kafka-six-brokers-three-zones-kraft",
        zones: ["a", "b", "c"].map { Zone(name: $0, outage: ModelDefaults.zoneOutage) },
        servers: (0..<3).map { Server(id: 101 + $0, zone: $0) },
        serverFaults: ModelDefaults.serverFaults,
        election: Election(detection: hours(10), duration: .lognormal(median: hours(0.2), sigma: 0.5)),
        run: RunSettings(years: years, replications: replications, seed: 1),
        kafka: KafkaCluster(
            brokers: (0..<6).map { KafkaBroker(id: 1 + $0, zone: $0 % 3) }, catchUp: 10.0 / 60,
            topics: ["orders", "payments", "events"].map {
                KafkaTopic(name: $0, partitions: 12, replicationFactor: 3, minInsyncReplicas: 2)
            },
            metadata: .kraft))
}

func throughput(years: Double, replications: Int) {
    let withKafka = sixBrokers(years: years, replications: replications)
    var without = withKafka
    without.kafka = nil
    without.name += " (without kafka)"
    // Wall-clock figures suffer from other processes on a shared machine; the CPU time of this process does not.
    print("scenario                                          events   wall s  M events/s   cpu s  M events/cpu-s")
    for scenario in [without, withKafka] {
        do {
            let cpuStart = cpuSeconds()
            let report = try Simulator.run(scenario, threads: 1)
            let cpu = cpuSeconds() - cpuStart
            let events = Double(report.metrics.events)
            let line = "\(scenario.name.padding(46)) \(String(report.metrics.events).leftPadding(11)) "
                + "\(fixed(report.wallSeconds, 2).leftPadding(8)) \(fixed(report.eventsPerSecond / 1e6, 1).leftPadding(11))"
                + " \(fixed(cpu, 2).leftPadding(7)) \(fixed(events / cpu / 1e6, 1).leftPadding(15))"
            print(line)
        } catch {
            fail("\(error)")
        }
    }
}

/// Brokers up 100 h and down 20 h, zones up 500 h down 25 h, catch-up 0, and one metadata server that never fails
/// in a zone without outages: where the simulation and `KafkaExact` model the same thing but for the last in-sync
/// replica's wait (as KafkaSimulationCoversExactTests, over a longer horizon).
func frequent(seed: UInt64) -> Scenario {
    let broker = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20))
    let zone = FaultProcess(timeToFailure: .exponential(mean: 500), timeToRepair: .exponential(mean: 25))
    return Scenario(
        name: "kafka-frequent",
        zones: [Zone(name: "a", outage: zone), Zone(name: "b", outage: zone), Zone(name: "c", outage: zone),
            Zone(name: "meta")],
        servers: [Server(id: 100, zone: 3)],
        run: RunSettings(years: 100, replications: 16, seed: seed),
        kafka: KafkaCluster(
            brokers: (0..<4).map { KafkaBroker(id: $0, zone: $0 % 3) }, brokerFaults: broker,
            topics: [
                KafkaTopic(name: "single", partitions: 3, replicationFactor: 1),
                KafkaTopic(name: "strict", partitions: 3, replicationFactor: 3, minInsyncReplicas: 3),
                KafkaTopic(name: "pairs", partitions: 2, replicationFactor: 2, minInsyncReplicas: 1),
                KafkaTopic(name: "orders", partitions: 4, replicationFactor: 3, minInsyncReplicas: 2),
            ],
            metadata: .zookeeper))
}

func coverage(runs: Int) {
    guard let exact = KafkaExact.figures(of: frequent(seed: 1)) else { fail("no exact figures") }
    let figures: [(String, (KafkaTopicMetrics) -> Estimate, (KafkaTopicFigures) -> Double)] = [
        ("unwritable min/yr", { $0.unwritableMinutesPerYear }, { $0.unwritableMinutesPerYear }),
        ("offline min/yr", { $0.offlineMinutesPerYear }, { $0.offlineMinutesPerYear }),
        ("unwritable partition-min/yr", { $0.unwritablePartitionMinutesPerYear }, { $0.unwritablePartitionMinutesPerYear }),
        ("offline partition-min/yr", { $0.offlinePartitionMinutesPerYear }, { $0.offlinePartitionMinutesPerYear }),
    ]
    let scopes = exact.topics + [exact.cluster]
    var hits = [[Int]](repeating: [Int](repeating: 0, count: figures.count), count: scopes.count)
    var sums = [[Double]](repeating: [Double](repeating: 0, count: figures.count), count: scopes.count)
    for seed in 1...runs {
        let report: SimulationReport
        do { report = try Simulator.run(frequent(seed: UInt64(seed)), threads: 1) } catch { fail("\(error)") }
        guard let simulated = report.kafka?.simulated else { fail("no simulated Kafka figures") }
        for (s, sim) in (simulated.topics + [simulated.cluster]).enumerated() {
            for (f, figure) in figures.enumerated() {
                let estimate = figure.1(sim)
                let truth = figure.2(scopes[s])
                sums[s][f] += estimate.mean
                if let interval = estimate.ci95, interval.contains(truth) { hits[s][f] += 1 }
            }
        }
    }
    print("coverage of KafkaExact by the simulation's 95% intervals over \(runs) seeds (16 replications x 100 years)")
    print("scope    figure                          coverage       exact   sim mean   sim - exact")
    for (s, scope) in scopes.enumerated() {
        for (f, figure) in figures.enumerated() {
            let truth = figure.2(scope)
            let mean = sums[s][f] / Double(runs)
            let bias = truth > 0 ? 100 * (mean - truth) / truth : 0
            print(
                "\(scope.name.padding(8)) \(figure.0.padding(30)) \(fixed(100 * Double(hits[s][f]) / Double(runs), 1).leftPadding(7))%"
                    + " \(fixed(truth, 1).leftPadding(11)) \(fixed(mean, 1).leftPadding(10)) \(fixed(bias, 2).leftPadding(11))%")
        }
    }
}

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The last in-sync replica's wait at the defaults' rates: `sixBrokers` with catch-up 0 and a metadata server that
/// never fails, simulated long, against `KafkaExact`.
func realisticBias(years: Double, replications: Int) {
    var scenario = sixBrokers(years: years, replications: replications)
    scenario.zones.append(Zone(name: "meta"))
    scenario.servers = [Server(id: 100, zone: 3)]
    scenario.serverFaults = nil
    scenario.election = nil
    scenario.kafka?.catchUp = 0
    guard let exact = KafkaExact.figures(of: scenario) else { fail("no exact figures") }
    guard KafkaExact.boundReasons(of: scenario).isEmpty else { fail("the exact figures are only bounds here") }
    let report: SimulationReport
    do { report = try Simulator.run(scenario, threads: 2) } catch { fail("\(error)") }
    guard let sim = report.kafka?.simulated?.cluster else { fail("no simulated Kafka figures") }
    print("")
    print("the defaults' rates (\(scenario.name), catch-up 0, metadata never lost), cluster, "
        + "\(replications) x \(Int(years)) years")
    let rows: [(String, Estimate, Double)] = [
        ("unwritable min/yr", sim.unwritableMinutesPerYear, exact.cluster.unwritableMinutesPerYear),
        ("offline min/yr", sim.offlineMinutesPerYear, exact.cluster.offlineMinutesPerYear),
        ("unwritable partition-min/yr", sim.unwritablePartitionMinutesPerYear, exact.cluster.unwritablePartitionMinutesPerYear),
        ("offline partition-min/yr", sim.offlinePartitionMinutesPerYear, exact.cluster.offlinePartitionMinutesPerYear),
    ]
    for (label, estimate, truth) in rows {
        let interval = estimate.ci95.map { "[\(fixed($0.lowerBound, 4)), \(fixed($0.upperBound, 4))]" } ?? "-"
        print("\(label.padding(30)) exact \(fixed(truth, 4).leftPadding(10))  sim \(fixed(estimate.mean, 4).leftPadding(10)) \(interval)")
    }
}

func fixed(_ value: Double, _ digits: Int) -> String { NumberText.fixed(value, digits) }

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "throughput":
    let years = arguments.count > 1 ? Double(arguments[1]) : 200_000
    let replications = arguments.count > 2 ? Int(arguments[2]) : 4
    guard let years, years > 0, let replications, replications > 0 else { fail("throughput [YEARS] [REPLICATIONS]") }
    throughput(years: years, replications: replications)
case "bias":
    realisticBias(years: 400_000, replications: 8)
case "coverage":
    let runs = arguments.count > 1 ? Int(arguments[1]) : 200
    guard let runs, runs > 0 else { fail("coverage [RUNS]") }
    coverage(runs: runs)
    realisticBias(years: 400_000, replications: 8)
default:
    fail("usage: QuorumSimBench throughput [YEARS] [REPLICATIONS] | coverage [RUNS]")
}
