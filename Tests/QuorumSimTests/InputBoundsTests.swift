import Foundation
import Testing

@testable import QuorumSim

/// Distributions whose mean or variance is absurd, oversized files and runaway workloads are refused with one
/// line naming what to change (issue 10).
struct InputBoundsTests {
    static func document(repair: String) -> String {
        """
        {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a"}, {"id": 3, "zone": "a"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "1000h"}}, "timeToRepair": \(repair)}}
        """
    }

    @Test(arguments: [
        (#"{"lognormal": {"median": "4h", "sigma": 50}}"#, "lognormal sigma 50 is above 3"),
        (#"{"lognormal": {"median": "4h", "sigma": 3.01}}"#, "lognormal sigma 3.01 is above 3"),
        (#"{"weibull": {"shape": 0.001, "scale": "4h"}}"#, "Weibull shape 0.001 is below 0.2"),
        (#"{"exponential": {"mean": "2000000000000h"}}"#, "is above 1000000000000 h"),
    ])
    func absurdDistributionsAreRefusedNamingFieldAndBound(repair: String, message: String) {
        do {
            _ = try ScenarioFile.parse(Data(Self.document(repair: repair).utf8), file: "d.json")
            Issue.record("accepted \(repair)")
        } catch {
            #expect(error.field == "serverFaults.timeToRepair", "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test(arguments: [#"{"lognormal": {"median": "4h", "sigma": 3}}"#, #"{"weibull": {"shape": 0.2, "scale": "4h"}}"#])
    func theBoundsThemselvesAreAccepted(repair: String) throws {
        _ = try ScenarioFile.parse(Data(Self.document(repair: repair).utf8), file: "d.json")
    }

    @Test func scenariosBuiltInCodeAreCheckedToo() {
        let scenario = Scenario(
            name: "x", zones: [Zone(name: "a")], servers: [Server(id: 1, zone: 0)],
            serverFaults: FaultProcess(timeToFailure: .weibull(shape: 0.001, scale: 100), timeToRepair: .fixed(1)))
        #expect(throws: SimulationError.self) { try CompiledModel(scenario) }
        do {
            _ = try CompiledModel(scenario)
        } catch {
            #expect(error.description.hasPrefix("serverFaults.timeToFailure: Weibull shape 0.001 is below 0.2"))
        }
    }

    /// 200 000 servers took 627 MB before being refused; now the size is checked before anything is read.
    @Test func anOversizedFileIsRefusedBeforeItIsParsed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        var text = #"{"zones": [{"name": "a"}], "servers": ["#
        text += (1...200_000).map { #"{"id": \#($0), "zone": "a"}"# }.joined(separator: ",") + "]}"
        try Data(text.utf8).write(to: url)
        do {
            _ = try ScenarioFile.load(path: url.path)
            Issue.record("accepted a \(text.utf8.count)-byte file")
        } catch {
            #expect(error.message.contains("more than the 4194304"), "\(error.message)")
            #expect(!error.description.contains("\n"))
        }
    }

    /// A 1 ms maintenance period over a billion years is about 1e20 events: refused, naming the field.
    @Test func anAbsurdWorkloadIsRefusedBeforeItRuns() {
        let scenario = Scenario(
            name: "x", zones: [Zone(name: "a")], servers: (1...3).map { Server(id: $0, zone: 0) },
            maintenance: Maintenance(period: 1e-3 / 3600, duration: .fixed(1e-4 / 3600), order: [1, 2, 3]),
            run: RunSettings(years: 1e9, replications: 1))
        #expect(WorkloadEstimate(scenario).isTooLarge)
        do {
            _ = try Simulator.run(scenario, threads: 1)
            Issue.record("ran")
        } catch {
            #expect(error.description.contains("maintenance.period"), "\(error)")
            #expect(error.description.contains("--years"), "\(error)")
        }
    }

    /// The estimate follows the rates: 3 servers cycling every 120 h for 10 years, 4 replications.
    @Test func theWorkloadEstimateCountsTwoEventsPerCycle() {
        let scenario = Scenario(
            name: "x", zones: [Zone(name: "a")], servers: (1...3).map { Server(id: $0, zone: 0) },
            serverFaults: FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20)),
            run: RunSettings(years: 10, replications: 4))
        let estimate = WorkloadEstimate(scenario)
        #expect(abs(estimate.events - 3 * 2 / 120 * 10 * hoursPerYear * 4) < 1e-6)
        #expect(estimate.dominantField == "serverFaults")
        #expect(!estimate.isTooLarge)
    }

    /// A Kafka cluster's brokers count like servers (a combined node once), with one more event per return when
    /// replicas catch up; brokers failing every millisecond for a billion years are refused before the run, naming
    /// the broker field, instead of running for ever.
    @Test func theWorkloadEstimateCountsBrokersAndRefusesAnAbsurdCluster() {
        let slow = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20))
        var scenario = Scenario(
            name: "x", zones: [Zone(name: "a")], servers: [Server(id: 100, zone: 0)],
            run: RunSettings(years: 10, replications: 4),
            kafka: KafkaCluster(
                brokers: (1...4).map { KafkaBroker(id: $0, zone: 0) }, brokerFaults: slow,
                topics: [KafkaTopic(name: "t", partitions: 2, replicationFactor: 2)], metadata: .zookeeper))
        let hours = 10 * hoursPerYear * 4
        #expect(abs(WorkloadEstimate(scenario).events - 4 * 2 / 120 * hours) < 1e-6)
        #expect(WorkloadEstimate(scenario).dominantField == "kafka.brokerFaults")
        scenario.kafka?.catchUp = 0.5
        #expect(abs(WorkloadEstimate(scenario).events - 4 * 3 / 120 * hours) < 1e-6)
        // Combined mode: the two brokers that are controllers ride the servers' slots.
        scenario.kafka?.metadata = .kraftCombined
        scenario.servers = [Server(id: 1, zone: 0, faults: slow), Server(id: 2, zone: 0, faults: slow)]
        #expect(abs(WorkloadEstimate(scenario).events - (2 * 2 + 2 * 3) / 120 * hours) < 1e-6)
        scenario.kafka?.metadata = .zookeeper
        scenario.servers = [Server(id: 100, zone: 0)]
        scenario.kafka?.brokers[2].faults = FaultProcess(
            timeToFailure: .fixed(1e-3 / 3600), timeToRepair: .fixed(1e-3 / 3600))
        scenario.run = RunSettings(years: 1e9, replications: 1)
        #expect(WorkloadEstimate(scenario).isTooLarge)
        #expect(WorkloadEstimate(scenario).dominantField == "kafka.brokers[2].faults")
        do {
            _ = try Simulator.run(scenario, threads: 1)
            Issue.record("ran")
        } catch {
            #expect(error.description.contains("kafka.brokers[2].faults"), "\(error)")
        }
    }
}
