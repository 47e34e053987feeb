import Testing

@testable import QuorumSim

/// Which exact figures `quorumsim run` prints beside the simulated ones (`ExactFigures(for:)`).
struct ExactFiguresPolicyTests {
    static func scenario(election: Election?, repair: Distribution = .exponential(mean: 24)) -> Scenario {
        Scenario(
            name: "five", zones: [Zone(name: "a"), Zone(name: "b"), Zone(name: "c")],
            servers: (1...5).map { Server(id: $0, zone: ($0 - 1) % 3) },
            serverFaults: FaultProcess(timeToFailure: .exponential(mean: 4380), timeToRepair: repair),
            election: election)
    }

    /// Elections do not change when a quorum exists: the time without one is the same with and without them, and
    /// only the flag that says whether it is all the downtime changes.
    @Test func electionsLeaveTheTimeWithoutAQuorumAndMarkItPartial() throws {
        let instant = try #require(ExactFigures(for: Self.scenario(election: nil)))
        let timed = try #require(ExactFigures(for: Self.scenario(election: ModelDefaults.electionTiming)))
        #expect(instant.unavailability == timed.unavailability)
        #expect(instant.unavailability == ExactAvailability.unavailability(of: Self.scenario(election: nil)))
        #expect(instant.electionsInstant && !timed.electionsInstant)
        #expect(instant.episodesPerYear != nil && instant.episodesPerYear == timed.episodesPerYear)
    }

    /// The episode rate needs memoryless processes; the time without a quorum does not (insensitivity).
    @Test func aFixedRepairKeepsTheFractionAndDropsTheEpisodeRate() throws {
        let fixed = try #require(ExactFigures(for: Self.scenario(election: nil, repair: .fixed(24))))
        let exponential = try #require(ExactFigures(for: Self.scenario(election: nil)))
        #expect(fixed.episodesPerYear == nil)
        #expect(abs(fixed.unavailability - exponential.unavailability) <= 1e-12 * exponential.unavailability)
    }

    /// Where no exact figure applies (the safe procedure waits for a healthy ensemble), there is none.
    @Test func maintenanceHasNoExactFigure() {
        var scenario = Self.scenario(election: nil)
        scenario.maintenance = Maintenance(period: 720, duration: .fixed(0.5), order: [1, 2, 3, 4, 5], procedure: .safe)
        #expect(ExactAvailability.unavailability(of: scenario) == nil)
        #expect(ExactFigures(for: scenario) == nil)
    }
}
