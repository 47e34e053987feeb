import Foundation
import Testing

@testable import QuorumSim

/// Rolling restarts on the schedule's exact clock: without faults every cycle due in the run happens, whether or not
/// the duration is exact in binary and whether or not a round exactly fills its period (issue 16: `"period": "1h"`,
/// `"duration": "20m"` over three servers lost a third of its cycles to rounding).
struct MaintenanceScheduleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var period: String
        var duration: String
        var servers: Int
        var start = "0s"
        var years = 1
        var testDescription: String { "\(servers) × \(duration) every \(period) from \(start)" }
    }

    static let cases = [
        Case(period: "1h", duration: "20m", servers: 3, years: 2),  // exactly fills its period
        Case(period: "1h", duration: "12m", servers: 5),  // fills; 0.2 h
        Case(period: "18m", duration: "6m", servers: 3),  // fills; 0.3 h and 0.1 h
        Case(period: "3h", duration: "36m", servers: 5),  // fills; 0.6 h
        Case(period: "1h", duration: "13m", servers: 4),  // 52 of 60 minutes
        Case(period: "1h", duration: "20m", servers: 3, start: "20m"),  // the last restart would begin at the horizon
    ]

    static func nanoseconds(_ text: String) throws -> Int {
        Int((try DurationText.hours(text, allowZero: true) * 3_600_000_000_000).rounded())
    }

    static func scenario(_ c: Case) throws -> Scenario {
        let maintenance = Maintenance(
            period: try DurationText.hours(c.period), duration: .fixed(try DurationText.hours(c.duration)),
            start: try DurationText.hours(c.start, allowZero: true), order: Array(1...c.servers))
        return Scenario(
            name: "schedule", zones: [Zone(name: "a")], servers: (1...c.servers).map { Server(id: $0, zone: 0) },
            maintenance: maintenance, election: Election(detection: 10.0 / 3600, duration: .fixed(0.2 / 3600)),
            run: RunSettings(years: Double(c.years), replications: 1))
    }

    /// Restarts due in the run, counted from the definition in whole nanoseconds: restart i of cycle k begins at
    /// start + k × period + i × duration, and only those before the horizon run.
    static func restartsDue(_ c: Case) throws -> (restarts: Int, cycles: Int, lastCycleWhole: Bool) {
        let period = try nanoseconds(c.period)
        let duration = try nanoseconds(c.duration)
        let start = try nanoseconds(c.start)
        let horizon = c.years * 8766 * 3_600_000_000_000
        let cycles = (horizon - start + period - 1) / period
        let lastStart = start + (cycles - 1) * period
        let inLast = (0..<c.servers).filter { lastStart + $0 * duration < horizon }.count
        return ((cycles - 1) * c.servers + inLast, cycles, inLast == c.servers)
    }

    @Test(arguments: cases)
    func everyDueRestartHappens(_ c: Case) throws {
        let model = try CompiledModel(try Self.scenario(c))
        let result = Simulator.replicate(model, years: Double(c.years), using: Xoshiro256StarStar(seed: 1))
        let due = try Self.restartsDue(c)
        #expect(result.maintenanceRestarts == due.restarts)
        #expect(result.noQuorumHours == 0)
        if due.lastCycleWhole {
            // In id order the leader, the highest id up, is restarted in every cycle and its successor after it from
            // the second cycle on (`SafeMaintenanceTests`): two elections a cycle but the first.
            #expect(result.elections == 2 * due.cycles - 1)
        }
    }

    /// The exact figure counts the same time in maintenance, on the same clock. Servers are up 100 h, down 20 h
    /// (up with probability p = 5/6); a majority of two needs both, of three two of three.
    @Test(arguments: [
        ("40m", "20m", 2, 1.0),  // one of two always down
        ("1h", "20m", 2, 1.0 / 3 * (1 - 25.0 / 36) + 2.0 / 3),  // 20 idle minutes an hour
        ("18m", "6m", 3, 1 - 25.0 / 36),  // fills its period; 3 × 0.1 h summed in hours is over 0.3 h
    ])
    func exactFigureCountsTheWholeRound(period: String, duration: String, servers: Int, unavailable: Double) throws {
        let s = Scenario(
            name: "exact", zones: [Zone(name: "a")], servers: (1...servers).map { Server(id: $0, zone: 0) },
            serverFaults: FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20)),
            maintenance: Maintenance(
                period: try DurationText.hours(period), duration: .fixed(try DurationText.hours(duration)),
                order: Array(1...servers)))
        let exact = try #require(ExactAvailability.unavailability(of: s))
        #expect(abs(exact - unavailable) < 1e-12)
    }

    /// `recommend --maintenance-period 1h --maintenance-duration 20m`: three voters fill the period exactly, so the
    /// ranked figure is exact (product form with maintenance conditioning, plus elections). The simulation recommend
    /// prints beside it as evidence must agree: it covers the exact time without a quorum, which is most of the
    /// figure, and its downtime is the ranked figure within the interval and the election estimate's first-order error.
    @Test func recommendFigureAgreesWithItsSimulatedEvidence() throws {
        let election = Election(detection: 10.0 / 3600, duration: .fixed(0.2 / 3600))
        var request = recommendRequest(zones: 3, target: .downtimeMinutesPerYear(60), election: election)
        request.maintenance = Maintenance(
            period: try DurationText.hours("1h"), duration: .fixed(try DurationText.hours("20m")), order: [])
        request.maxVoters = 3
        let three = try #require(try Recommender.recommend(request).bestBySize.first { $0.voters == 3 })
        #expect(!three.isSimulated)
        var scenario = Recommender.scenario(for: three.counts, request)
        scenario.run = RunSettings(years: 5, replications: 8, seed: 1)
        let report = try Simulator.run(scenario, threads: 2)
        let minutes = hoursPerYear * 60
        let quorumLoss = try #require(report.metrics.quorumLossMinutesPerYear.ci95)
        #expect(
            quorumLoss.contains(three.figure.quorumLoss * minutes),
            "\(quorumLoss) vs \(three.figure.quorumLoss * minutes)")
        let downtime = report.metrics.downtimeMinutesPerYear
        let halfWidth = try #require(downtime.ci95).upperBound - downtime.mean
        #expect(
            abs(downtime.mean - three.downtimeMinutesPerYear) < halfWidth + 0.01 * three.downtimeMinutesPerYear,
            "simulated \(downtime.mean) ± \(halfWidth) vs ranked \(three.downtimeMinutesPerYear)")
    }
}
