import Foundation
import Testing

@testable import QuorumSim

/// The two rolling-restart procedures (`MaintenanceProcedure`): the naive one restarts in id order whatever is
/// down, the safe one waits for a healthy ensemble and restarts the leader last.
struct SafeMaintenanceTests {
    static let election = Election(detection: 10.0 / 3600, duration: .fixed(0.2 / 3600))
    static let period = 168.0
    static let start = 24.0
    static let twentyMinutes = 1.0 / 3

    static func scenario(
        _ procedure: MaintenanceProcedure, faults: FaultProcess?, years: Double, replications: Int = 2,
        seed: UInt64 = 1
    ) -> Scenario {
        let maintenance = Maintenance(
            period: period, duration: .fixed(twentyMinutes), start: start, order: [1, 2, 3, 4, 5],
            procedure: procedure)
        return Scenario(
            name: procedure.rawValue, zones: [Zone(name: "a")],
            servers: (1...5).map { Server(id: $0, zone: 0) }, serverFaults: faults, maintenance: maintenance,
            election: election, run: RunSettings(years: years, replications: replications, seed: seed))
    }

    /// Cycles that start (and, with 100 minutes of restarts, end) within `years`.
    static func cycles(years: Double) -> Int {
        Int(((years * hoursPerYear - start) / period).rounded(.down)) + 1
    }

    /// Without faults the count is exact: the naive order (1…5) restarts the leader, 5, last in the first
    /// cycle, and after that the new leader 4 mid-sequence and then 5, which leads again: two elections per
    /// cycle. The safe procedure restarts whichever server leads last: one election per cycle.
    @Test(arguments: [(MaintenanceProcedure.naive, 2), (.safe, 1)])
    func electionsPerCycleWithoutFaults(procedure: MaintenanceProcedure, perCycle: Int) throws {
        let years = 2.0
        let model = try CompiledModel(Self.scenario(procedure, faults: nil, years: years))
        let result = Simulator.replicate(model, years: years, using: Xoshiro256StarStar(seed: 7))
        let cycles = Self.cycles(years: years)
        let expected = procedure == .naive ? 2 * cycles - 1 : cycles
        #expect(perCycle == (procedure == .naive ? 2 : 1))
        #expect(result.elections == expected)
        #expect(result.maintenanceRestarts == 5 * cycles)
        #expect(result.restartsWithVoterDown == 0)
        #expect(result.maintenanceCyclesAbandoned == 0)
        #expect(result.noQuorumHours == 0)
        let perElection = Self.election.detection + 0.2 / 3600
        #expect(abs(result.unavailableHours - Double(expected) * perElection) < 1e-9)
    }

    /// With frequent faults the naive procedure begins restarts while another voter is down; the safe one
    /// never does, and abandons the cycles in which the ensemble stays unhealthy past `healthWait`.
    @Test func safeProcedureNeverTakesASecondVoterDown() throws {
        let faults = FaultProcess(timeToFailure: .exponential(mean: 200), timeToRepair: .exponential(mean: 4))
        let naive = try Simulator.run(Self.scenario(.naive, faults: faults, years: 20, replications: 4), threads: 2)
        let safe = try Simulator.run(Self.scenario(.safe, faults: faults, years: 20, replications: 4), threads: 2)
        let naiveMaintenance = try #require(naive.metrics.maintenance)
        let safeMaintenance = try #require(safe.metrics.maintenance)
        #expect(naiveMaintenance.restartsWithVoterDownPerYear.mean > 1)
        #expect(safeMaintenance.restartsWithVoterDownPerYear.mean == 0)
        #expect(safeMaintenance.cyclesAbandonedPerYear.mean > 0)
        #expect(naiveMaintenance.cyclesAbandonedPerYear.mean == 0)
        #expect(safe.metrics.quorumLossMinutesPerYear.mean < naive.metrics.quorumLossMinutesPerYear.mean)
    }

    /// On a healthy ensemble (rare faults), the elections maintenance adds per cycle, over the exact rate of
    /// elections the faults cause alone (`ExactAvailability.electionsPerHour`), are about 2 naive and 1 safe.
    @Test(arguments: [(MaintenanceProcedure.naive, 2.0), (.safe, 1.0)])
    func electionsPerCycleOnAHealthyEnsemble(procedure: MaintenanceProcedure, perCycle: Double) throws {
        let faults = FaultProcess(timeToFailure: .exponential(mean: 4380), timeToRepair: .exponential(mean: 8))
        let scenario = Self.scenario(procedure, faults: faults, years: 200, replications: 8)
        var withoutMaintenance = scenario
        withoutMaintenance.maintenance = nil
        let (model, _) = ProductForm.make(withoutMaintenance)
        let faultElections = ExactAvailability.electionsPerHour(ComponentChain(model: try #require(model)))
        let report = try Simulator.run(scenario, threads: 2)
        let cyclesPerYear = hoursPerYear / Self.period
        let added = (report.metrics.electionsPerYear.mean - faultElections * hoursPerYear) / cyclesPerYear
        #expect(abs(added - perCycle) < 0.05, "\(procedure): \(added) elections per cycle")
    }

    /// The exact analysis refuses the safe procedure: its restarts depend on the faults.
    @Test func exactAnalysisDoesNotClaimTheSafeProcedure() {
        let faults = FaultProcess(timeToFailure: .exponential(mean: 4380), timeToRepair: .exponential(mean: 8))
        var naive = Self.scenario(.naive, faults: faults, years: 1)
        naive.election = nil
        var safe = naive
        safe.maintenance?.procedure = .safe
        #expect(ExactAvailability.unavailability(of: naive) != nil)
        #expect(ExactAvailability.unavailability(of: safe) == nil)
    }
}

/// Walks one history event by event and watches each restart begin, independently of the engine's own counters.
struct SafeMaintenanceWalkTests {
    struct Observed {
        var restarts = 0
        /// Restarts begun while another voter was down.
        var withVoterDown = 0
        /// Restarts of the serving leader begun while a server of `order` still waited for its restart.
        var leaderBeforeOthers = 0
    }

    static func walk(_ procedure: MaintenanceProcedure, years: Double) throws -> Observed {
        let faults = FaultProcess(timeToFailure: .exponential(mean: 150), timeToRepair: .exponential(mean: 2))
        let scenario = SafeMaintenanceTests.scenario(procedure, faults: faults, years: years)
        let model = try CompiledModel(scenario)
        var replication = Replication(model: model, generator: Xoshiro256StarStar(seed: 11))
        var observed = Observed()
        var restartedThisCycle: UInt64 = 0
        let horizon = years * hoursPerYear
        while replication.queue.firstTime < horizon {
            let before = replication.maintenanceDown
            let leaderBefore = replication.leader
            let cycleBefore = replication.maintenanceStep
            replication.runEvents(through: replication.queue.firstTime.nextUp)
            if replication.maintenanceStep < 0 || cycleBefore < 0 { restartedThisCycle = 0 }
            let now = replication.maintenanceDown
            guard now != 0, now != before else { continue }
            observed.restarts += 1
            if model.voters & ~replication.up & ~now != 0 { observed.withVoterDown += 1 }
            let index = now.trailingZeroBitCount
            let pending = model.maintenanceOrder.filter { restartedThisCycle & (1 << UInt64($0)) == 0 && $0 != index }
            if index == leaderBefore && !pending.isEmpty { observed.leaderBeforeOthers += 1 }
            restartedThisCycle |= now
        }
        return observed
    }

    @Test func safeRestartsStartOnlyWithEveryOtherVoterUpAndTheLeaderLast() throws {
        let safe = try Self.walk(.safe, years: 5)
        #expect(safe.restarts > 500)
        #expect(safe.withVoterDown == 0)
        #expect(safe.leaderBeforeOthers == 0)
        // The same walk sees the naive procedure do both.
        let naive = try Self.walk(.naive, years: 5)
        #expect(naive.withVoterDown > 0)
        #expect(naive.leaderBeforeOthers > 0)
    }
}
