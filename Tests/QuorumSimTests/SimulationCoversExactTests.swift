import Testing

@testable import QuorumSim

/// The simulation and the exact product-form solution are two independent computations of the same figure:
/// the simulation's 95% confidence interval must cover the exact value. Faults are made frequent (servers up 100 h,
/// down 20 h; zones up 500 h, down 25 h) so that short runs see thousands of outages.
struct SimulationCoversExactTests {
    static let server = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20))
    static let zone = FaultProcess(timeToFailure: .exponential(mean: 500), timeToRepair: .exponential(mean: 25))

    static func scenario(_ layout: [Int], zoneOutages: Bool, seed: UInt64) -> Scenario {
        var servers: [Server] = []
        for (z, count) in layout.enumerated() {
            for _ in 0..<count { servers.append(Server(id: servers.count + 1, zone: z)) }
        }
        return Scenario(
            name: layout.map(String.init).joined(separator: "/"),
            zones: layout.indices.map { Zone(name: "z\($0)", outage: zoneOutages ? zone : nil) },
            servers: servers, serverFaults: server,
            run: RunSettings(years: 150, replications: 16, seed: seed))
    }

    @Test(arguments: [[1], [3], [4], [5]])
    func oneZone(layout: [Int]) throws {
        try covers(Self.scenario(layout, zoneOutages: false, seed: 11))
    }

    @Test(arguments: [[1, 1, 1], [2, 2, 1], [3, 2], [2, 2, 2], [3, 2, 2]])
    func overZones(layout: [Int]) throws {
        try covers(Self.scenario(layout, zoneOutages: true, seed: 12))
    }

    private func covers(_ scenario: Scenario) throws {
        let exact = try #require(ExactAvailability.unavailability(of: scenario))
        let episodes = try #require(ExactFrequency.episodes(of: scenario)).perYear
        let report = try Simulator.run(scenario, threads: 2)
        let availability = try #require(report.metrics.availability.ci95)
        #expect(availability.contains(1 - exact), "\(scenario.name): exact \(1 - exact) outside \(availability)")
        let rate = try #require(report.metrics.episodesPerYear.ci95)
        #expect(rate.contains(episodes), "\(scenario.name): exact \(episodes) episodes/year outside \(rate)")
        // The interval is informative, not so wide that it covers anything.
        #expect(availability.upperBound - availability.lowerBound < max(0.2 * exact, 1e-4))
    }
}
