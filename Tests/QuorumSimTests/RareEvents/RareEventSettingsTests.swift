import Testing

@testable import QuorumSim

/// Reproducibility, budgets and refusals.
struct RareEventSettingsTests {
    static let scenario = RareFixture.scenario([3, 2, 2], partition: RareFixture.cut)

    @Test func theSameSeedGivesTheSameFiguresForAnyThreadCount() throws {
        let settings = RareFixture.settings(target: 0.001, maxCycles: 40_000)
        let one = try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 1)
        let two = try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 2)
        let again = try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 2)
        #expect(one.hasSameFigures(as: two))
        #expect(two.hasSameFigures(as: again))
        #expect(two.threads == 2 && one.threads == 1)
        var other = settings
        other.seed = 2
        let different = try ImportanceSampling.estimate(Self.scenario, settings: other, threads: 2)
        #expect(different.unavailability.mean != one.unavailability.mean)
    }

    @Test func theCycleBudgetBoundsTheRun() throws {
        var settings = RareFixture.settings(target: 0.001, maxCycles: 10_000)
        settings.cyclesPerBatch = 1000
        settings.batchesPerRound = 4
        let estimate = try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 2)
        #expect(estimate.stop == .cycleBudget)
        #expect(estimate.cycles == 10_000)
        #expect(estimate.plainCycles == 10 * settings.plainCyclesPerBatch)
        #expect(estimate.relativeHalfWidth > 0.001)
    }

    @Test func theTimeBudgetStopsAnUnreachableTarget() throws {
        var settings = RareFixture.settings(target: 1e-6, maxCycles: Int.max / 2)
        settings.maxSeconds = 0.5
        let estimate = try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 2)
        #expect(estimate.stop == .timeBudget)
        #expect(estimate.cycles >= settings.cyclesPerBatch)
        #expect(estimate.wallSeconds < 5)
    }

    @Test func nothingThatFailsIsExactlyAvailable() throws {
        let scenario = RareFixture.scenario([3], server: nil, zone: nil)
        let estimate = try ImportanceSampling.estimate(scenario, settings: RareFixture.settings(), threads: 2)
        #expect(estimate.stop == .deterministic)
        #expect(estimate.unavailability.mean == 0 && estimate.unavailability.ci95 == 0...0)
    }

    @Test func electionsAreIgnored() throws {
        var scenario = Self.scenario
        scenario.election = Election(detection: 10.0 / 3600, duration: .lognormal(median: 0.2 / 3600, sigma: 0.5))
        let settings = RareFixture.settings(maxCycles: 20_000)
        let with = try ImportanceSampling.estimate(scenario, settings: settings, threads: 2)
        let without = try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 2)
        #expect(with.hasSameFigures(as: without))
    }

    @Test func refusesWhatTheChainCannotDescribe() {
        var lognormal = Self.scenario
        lognormal.servers[2].faults = FaultProcess(
            timeToFailure: .exponential(mean: 4380), timeToRepair: .lognormal(median: 8, sigma: 0.8))
        #expect(throws: RareEventError.notExponential(component: "server 3 faults")) {
            try ImportanceSampling.check(lognormal)
        }
        var maintenance = Self.scenario
        maintenance.maintenance = Maintenance(period: 720, duration: .fixed(1), order: [1, 2, 3])
        #expect(throws: RareEventError.maintenance) { try ImportanceSampling.check(maintenance) }
        let message = RareEventError.notExponential(component: "server 3 faults").description
        #expect(message.hasPrefix("server 3 faults is not exponential"))
    }

    @Test(arguments: [
        RareEventSettings(failureBias: 1), RareEventSettings(failureBias: 0), RareEventSettings(failureBias: .nan),
        RareEventSettings(targetRelativeHalfWidth: 0), RareEventSettings(maxCycles: 0),
        RareEventSettings(maxSeconds: -1), RareEventSettings(cyclesPerBatch: 1),
    ])
    func refusesSettingsOutOfRange(_ settings: RareEventSettings) {
        #expect(throws: RareEventError.self) {
            try ImportanceSampling.estimate(Self.scenario, settings: settings, threads: 1)
        }
    }
}
