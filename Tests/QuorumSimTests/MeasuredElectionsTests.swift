import Foundation
import Testing

@testable import QuorumSim

/// Elections measured by `zkprobe watch`: the distribution they imply (a lognormal fitted to the midpoints from 10
/// samples on, else the empirical mixture of uniform intervals), its mean (which the exact election estimate
/// uses), the report's provenance line, and the scenario field `election.measured`.
struct MeasuredElectionsTests {
    /// Ten samples whose midpoints are e⁻¹ s and e s, five each: the logarithms are ±1, so the median is 1 s and
    /// sigma the sample standard deviation of five −1 and five +1, √(10/9).
    @Test func tenSamplesFitALognormalOfTheirMidpoints() throws {
        let low = exp(-1.0)
        let high = exp(1.0)
        let samples = (0..<5).flatMap { _ in [(low - 0.1)...(low + 0.1), (high - 0.5)...(high + 0.5)] }
        let measured = MeasuredElections(samples: samples, drills: 2, from: .writes)
        #expect(measured.isLognormal)
        guard case .lognormal(let median, let sigma) = measured.distribution else {
            Issue.record("expected a lognormal, got \(measured.distribution)")
            return
        }
        #expect(abs(median * 3600 - 1) < 1e-12, "median \(median * 3600) s")
        #expect(abs(sigma - (10.0 / 9).squareRoot()) < 1e-12, "sigma \(sigma)")
        #expect(abs(measured.quantileSeconds(0.5) - 1) < 1e-9)
        // Φ⁻¹(0.9) = 1.2815515655446004.
        #expect(abs(measured.quantileSeconds(0.9) - exp(1.281_551_565_544_600_4 * sigma)) < 1e-9)
        #expect(measured.election.detection == 0, "the measured time includes the detection")
    }

    /// Below ten samples: one interval picked uniformly, then a uniform time within it. Every sample lies in an
    /// interval, each interval is picked about equally often, and the sample mean is the distribution's mean,
    /// the mean of the midpoints: (1 + 4 + 10) / 3 = 5 s.
    @Test func fewSamplesAreTheEmpiricalMixtureOfTheirIntervals() {
        let intervals: [ClosedRange<Double>] = [0.5...1.5, 2...6, 10...10]
        let measured = MeasuredElections(samples: intervals, drills: 1, from: .leader)
        #expect(!measured.isLognormal)
        let distribution = measured.distribution
        #expect(abs(distribution.mean * 3600 - 5) < 1e-12)
        // E[X²] = ((0.25 + 0.75 + 2.25) / 3 + (4 + 12 + 36) / 3 + 100) / 3 = 39.8518…; variance = E[X²] − 25.
        let square: Double = (3.25 / 3 + 52.0 / 3 + 100) / 3
        #expect(abs(distribution.variance * 3600 * 3600 - (square - 25)) < 1e-9)
        var generator = Xoshiro256StarStar(seed: 7)
        let count = 300_000
        var picks = [0, 0, 0]
        var sum = 0.0
        for _ in 0..<count {
            let seconds = distribution.sample(using: &generator) * 3600
            guard let index = intervals.firstIndex(where: { $0.contains(seconds) }) else {
                Issue.record("\(seconds) s is in no interval")
                return
            }
            picks[index] += 1
            sum += seconds
        }
        for pick in picks {
            // Binomial(count, 1/3): 3.29 standard errors.
            #expect(abs(Double(pick) / Double(count) - 1.0 / 3) < 3.29 * (2.0 / 9 / Double(count)).squareRoot())
        }
        let standardError = (distribution.variance * 3600 * 3600 / Double(count)).squareRoot()
        #expect(abs(sum / Double(count) - 5) < 3.29 * standardError, "mean \(sum / Double(count))")
        // The empirical quantiles: half the mass lies below 2 + (1/2 − 1/3) × 3 × 4 = 4 s.
        #expect(abs(measured.quantileSeconds(0.5) - 4) < 1e-9)
    }

    /// The simulation's election minutes per year against the first-order exact estimate, which multiplies the
    /// election rate by detection + `duration.mean`: a wrong mean (of the lower bounds, say, or of the fit's median)
    /// falls outside the interval.
    @Test(
        arguments: [
            [0.5...1.5, 2...6, 10...10],
            (0..<12).map { Double($0)...(Double($0) * 1.5 + 1) },
        ] as [[ClosedRange<Double>]])
    func simulatedElectionDowntimeCoversTheExactEstimate(_ samples: [ClosedRange<Double>]) throws {
        let measured = MeasuredElections(samples: samples, drills: 3, from: .writes)
        let scenario = Scenario(
            name: "measured", zones: [Zone(name: "a")], servers: (1...3).map { Server(id: $0, zone: 0) },
            serverFaults: FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20)),
            election: measured.election, run: RunSettings(years: 100, replications: 16, seed: 5))
        let estimate = try #require(ExactAvailability.electionDowntimeEstimate(of: scenario)) * hoursPerYear * 60
        let report = try Simulator.run(scenario, threads: 2)
        let interval = try #require(report.metrics.electionMinutesPerYear.ci95)
        #expect(interval.contains(estimate), "exact \(estimate) min/year outside \(interval)")
        #expect(interval.upperBound - interval.lowerBound < 0.05 * estimate, "informative: \(interval)")
        #expect(report.election == measured.election)
    }

    @Test func theProvenanceSaysWhereTheFigureCameFrom() {
        let measured = MeasuredElections(samples: [0.5...1.5, 2...6, 10...10], drills: 1, from: .leader)
        #expect(
            measured.election.provenance == "measured, n=3 from 1 drill, median 4 s (p10–p90 800 ms–10 s), empirical")
        #expect(
            ModelDefaults.electionTiming.provenance == "assumed: syncLimit × tickTime 10 s + election 200 ms = 10.2 s")
        let varying = Election(detection: 1.0 / 3600, duration: .exponential(mean: 0.5 / 3600))
        #expect(varying.provenance == "assumed: syncLimit × tickTime 1 s + election mean 500 ms = 1.5 s")
        // KRaft controllers notice a lost leader by their own setting, not ZooKeeper's.
        for metadata in [MetadataQuorum.kraft, .kraftCombined] {
            #expect(
                varying.provenance(metadata: metadata)
                    == "assumed: controller.quorum.fetch.timeout.ms 1 s + election mean 500 ms = 1.5 s")
        }
        #expect(varying.provenance(metadata: .zookeeper) == varying.provenance)
        #expect(Election.secondsText(0.9996) == "1 s")
        #expect(Election.secondsText(0.0123) == "12.3 ms")
        #expect(Election.secondsText(12.345) == "12.3 s")
    }

    static func file(_ election: String) -> Data {
        Data(
            """
            {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "election": \(election)}
            """.utf8)
    }

    @Test func theScenarioFieldReadsMeasuredElections() throws {
        let scenario = try ScenarioFile.parse(
            Self.file(#"{"measured": {"samples": [[0.5, 1.5], [2, 6]], "drills": 2, "from": "mixed"}}"#), file: "m.json"
        )
        let election = try #require(scenario.election)
        #expect(election.measured == MeasuredElections(samples: [0.5...1.5, 2...6], drills: 2, from: .mixed))
        #expect(election.detection == 0)
        let hours: [ClosedRange<Double>] = [(0.5 / 3600)...(1.5 / 3600), (2.0 / 3600)...(6.0 / 3600)]
        #expect(election.duration == .intervals(hours))
    }

    @Test(arguments: [
        (#"{"samples": [], "drills": 1, "from": "writes"}"#, "election.measured.samples: no samples"),
        (
            #"{"samples": [[2, 1]], "drills": 1, "from": "writes"}"#,
            "election.measured.samples[0]: min 2 is above max 1"
        ),
        (
            #"{"samples": [[-1, 1]], "drills": 1, "from": "writes"}"#,
            "election.measured.samples[0][0]: a time cannot be negative"
        ),
        (
            #"{"samples": [[0, 0]], "drills": 1, "from": "writes"}"#,
            "election.measured.samples[0][1]: an election takes more than 0 s"
        ),
        (#"{"samples": [[1, 1e999]], "drills": 1, "from": "writes"}"#, "number out of range"),
        (
            #"{"samples": [[1, 2, 3]], "drills": 1, "from": "writes"}"#,
            "election.measured.samples[0]: expected [min, max]"
        ),
        (#"{"samples": [[1, 2]], "drills": 0, "from": "writes"}"#, "election.measured.drills: at least 1 drill"),
        (#"{"samples": [[1, 2]], "drills": 1, "from": "guess"}"#, "election.measured.from: unknown source \"guess\""),
        (#"{"samples": [[1, 2]], "drills": 1}"#, "election.measured.from: missing"),
    ])
    func aBadMeasuredFieldIsOneLineNamingTheKey(_ measured: String, _ message: String) {
        #expect(throws: ScenarioFileError.self) {
            try ScenarioFile.parse(Self.file(#"{"measured": \#(measured)}"#), file: "m.json")
        }
        do {
            _ = try ScenarioFile.parse(Self.file(#"{"measured": \#(measured)}"#), file: "m.json")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func tooManySamplesAndDetectionBesideThemAreRefused() {
        let many = Array(repeating: "[1, 2]", count: MeasuredElections.maxSamples + 1).joined(separator: ",")
        do {
            _ = try ScenarioFile.parse(
                Self.file(#"{"measured": {"samples": [\#(many)], "drills": 1, "from": "writes"}}"#), file: "m.json")
            Issue.record("accepted 100,001 samples")
        } catch {
            #expect(error.description.contains("election.measured.samples: 100001 samples; at most 100000"), "\(error)")
        }
        do {
            _ = try ScenarioFile.parse(
                Self.file(#"{"detection": "10s", "measured": {"samples": [[1, 2]], "drills": 1, "from": "writes"}}"#),
                file: "m.json")
            Issue.record("accepted detection beside measured")
        } catch {
            #expect(
                error.description.contains("election.detection: measured elections include the detection"), "\(error)")
        }
    }

    /// Intervals belong to an election's duration only: elsewhere the simulation's two-parameter samplers could
    /// not draw them.
    @Test func intervalsOutsideAnElectionAreRefused() {
        let scenario = Scenario(
            name: "x", zones: [Zone(name: "a")], servers: [Server(id: 1, zone: 0)],
            serverFaults: FaultProcess(timeToFailure: .intervals([1...2]), timeToRepair: .fixed(1)))
        #expect(throws: SimulationError.self) { try Simulator.run(scenario, threads: 1) }
    }
}
