import Foundation
import Testing

@testable import QuorumSim

/// Whole simulations against answers computed here in closed form. Outages are made
/// frequent (MTTF 100 h, MTTR 20 h) so that short runs give tight intervals.
struct SimulationTests {
    static let mttf = 100.0
    static let mttr = 20.0
    static let faults = FaultProcess(timeToFailure: .exponential(mean: mttf), timeToRepair: .exponential(mean: mttr))
    static let election = Election(detection: 10.0 / 3600, duration: .fixed(0.2 / 3600))

    static func scenario(
        zones: [String] = ["a"], layout: [Int], faults: FaultProcess? = faults, zoneOutage: FaultProcess? = nil,
        partitions: [Partition] = [], maintenance: Maintenance? = nil, election: Election? = nil, years: Double = 500,
        replications: Int = 12, seed: UInt64 = 1
    ) -> Scenario {
        let servers = layout.enumerated().map { Server(id: $0.offset + 1, zone: $0.element) }
        return Scenario(
            name: "test", zones: zones.map { Zone(name: $0, outage: zoneOutage) }, servers: servers,
            serverFaults: faults, partitions: partitions, maintenance: maintenance, election: election,
            run: RunSettings(years: years, replications: replications, seed: seed))
    }

    /// P(at least `need` of `n` independent servers up), each up with probability p.
    static func binomialAtLeast(_ need: Int, of n: Int, p: Double) -> Double {
        var total = 0.0
        for k in need...n {
            var choose = 1.0
            for i in 0..<k { choose = choose * Double(n - i) / Double(i + 1) }
            total += choose * pow(p, Double(k)) * pow(1 - p, Double(n - k))
        }
        return total
    }

    func expectCovers(_ estimate: Estimate?, _ truth: Double, _ what: String) {
        guard let interval = estimate?.ci95 else {
            Issue.record("\(what): no interval")
            return
        }
        #expect(interval.contains(truth), "\(what): \(interval) does not cover \(truth)")
    }

    // MARK: Determinism

    @Test func sameSeedSameReportDifferentSeedDifferentReport() throws {
        let base = Self.scenario(layout: [0, 0, 0], election: Self.election, years: 50, replications: 4)
        var other = base
        other.run.seed = 2
        let a = try Simulator.run(base, threads: 2)
        let b = try Simulator.run(base, threads: 2)
        let c = try Simulator.run(other, threads: 2)
        #expect(a.metrics == b.metrics)
        #expect(a.metrics != c.metrics)
        #expect(a.metrics.availability.mean != c.metrics.availability.mean)
    }

    @Test func oneThreadAndTwoThreadsGiveTheSameReport() throws {
        let scenario = Self.scenario(
            zones: ["a", "b", "c"], layout: [0, 0, 1, 1, 2],
            zoneOutage: FaultProcess(
                timeToFailure: .exponential(mean: 400), timeToRepair: .weibull(shape: 2, scale: 5)),
            election: Self.election, years: 40, replications: 7)
        let one = try Simulator.run(scenario, threads: 1)
        let two = try Simulator.run(scenario, threads: 2)
        let five = try Simulator.run(scenario, threads: 5)
        #expect(one.metrics == two.metrics)
        #expect(one.metrics == five.metrics)
        #expect(two.threads == 2)
    }

    // MARK: Closed forms

    @Test func singleServerMatchesTheAlternatingRenewalFormulas() throws {
        let report = try Simulator.run(Self.scenario(layout: [0], years: 400), threads: 2)
        let m = report.metrics
        expectCovers(m.availability, Self.mttf / (Self.mttf + Self.mttr), "availability")
        expectCovers(m.episodesPerYear, hoursPerYear / (Self.mttf + Self.mttr), "episodes per year")
        expectCovers(m.meanEpisodeMinutes, Self.mttr * 60, "mean episode")
        // Exponential repairs: p99 = MTTR × ln 100 (pooled, so no interval; within 5 %).
        let p99 = try #require(m.p99EpisodeMinutes)
        #expect(abs(p99 / (Self.mttr * log(100) * 60) - 1) < 0.05)
        // Without elections every regain is an instant election.
        #expect(abs(m.electionsPerYear.mean - m.episodesPerYear.mean) < 0.01)
        // About 73 outages a year: every year has one.
        #expect(m.yearWithOutageProbability?.mean == 1)
        #expect(m.simulatedYears == 400 * 12)
        #expect(m.events > 0)
    }

    @Test func threeServersInOneZoneMatchTheBinomialSum() throws {
        let report = try Simulator.run(Self.scenario(layout: [0, 0, 0]), threads: 2)
        let p = Self.mttf / (Self.mttf + Self.mttr)
        let availability = pow(p, 3) + 3 * p * p * (1 - p)
        expectCovers(report.metrics.availability, availability, "availability")
        expectCovers(
            report.metrics.downtimeMinutesPerYear, (1 - availability) * hoursPerYear * 60, "downtime minutes per year")
        // Quorum is lost when one of the two up servers fails: rate 3p²(1−p) × 2/MTTF.
        expectCovers(report.metrics.episodesPerYear, 3 * p * p * (1 - p) * 2 / Self.mttf * hoursPerYear, "episodes")
    }

    /// Steady-state availability depends only on the means (insensitivity), so Weibull
    /// failures and lognormal repairs give the same binomial answer.
    @Test func nonExponentialDistributionsGiveTheSameSteadyState() throws {
        let faults = FaultProcess(
            timeToFailure: .weibull(shape: 1.5, scale: 100 / tgamma(1 + 1 / 1.5)),
            timeToRepair: .lognormal(median: 20 / exp(0.6 * 0.6 / 2), sigma: 0.6))
        let report = try Simulator.run(Self.scenario(layout: [0, 0, 0, 0, 0], faults: faults), threads: 2)
        let p = Self.mttf / (Self.mttf + Self.mttr)
        expectCovers(report.metrics.availability, Self.binomialAtLeast(3, of: 5, p: p), "availability")
    }

    /// One server per zone: a server is up when it and its zone are, independently.
    @Test func zoneOutagesCombineWithServerFaults() throws {
        let outage = FaultProcess(timeToFailure: .exponential(mean: 200), timeToRepair: .exponential(mean: 10))
        let report = try Simulator.run(
            Self.scenario(zones: ["a", "b", "c"], layout: [0, 1, 2], zoneOutage: outage), threads: 2)
        let p = Self.mttf / (Self.mttf + Self.mttr) * 200 / 210
        expectCovers(report.metrics.availability, Self.binomialAtLeast(2, of: 3, p: p), "availability")
    }

    /// Two servers in each of two zones that fail only by zone: quorum (3 of 4) needs both.
    @Test func zonesTakeAllTheirServersDown() throws {
        let outage = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20))
        let report = try Simulator.run(
            Self.scenario(zones: ["a", "b"], layout: [0, 0, 1, 1], faults: nil, zoneOutage: outage), threads: 2)
        let q = 100.0 / 120
        expectCovers(report.metrics.availability, q * q, "availability")
    }

    // MARK: Maintenance

    static func maintenance(period: Double = 100, duration: Double = 5, order: [Int]) -> Maintenance {
        Maintenance(period: period, duration: .fixed(duration), start: 0, order: order)
    }

    @Test func threeServersUnderMaintenanceAloneNeverLoseQuorum() throws {
        let report = try Simulator.run(
            Self.scenario(layout: [0, 0, 0], faults: nil, maintenance: Self.maintenance(order: [1, 2, 3]), years: 20),
            threads: 2)
        #expect(report.metrics.availability.mean == 1)
        #expect(report.metrics.episodesPerYear.mean == 0)
        // Three steps and the end of each 100-hour cycle.
        #expect(report.metrics.events >= UInt64(12 * 20 * hoursPerYear / 100 * 3))
    }

    @Test func twoServersLoseQuorumForExactlyTheMaintenanceFraction() throws {
        // 100 years are exactly 8766 cycles of 100 hours; each takes both servers down 5 h.
        let report = try Simulator.run(
            Self.scenario(
                layout: [0, 0], faults: nil, maintenance: Self.maintenance(order: [1, 2]), years: 100,
                replications: 2),
            threads: 2)
        #expect(abs(report.metrics.availability.mean - 0.9) < 1e-9)
        // One step follows the other with no gap, so each cycle is one 10-hour episode.
        #expect(abs(report.metrics.episodesPerYear.mean - hoursPerYear / 100) < 1e-9)
        #expect(abs(try #require(report.metrics.meanEpisodeMinutes).mean - 600) < 1e-6)
    }

    @Test func maintenanceThatOverrunsItsPeriodWaitsForTheNextBoundary() throws {
        // Two 30-hour steps in a 50-hour period: cycles start every 100 hours, and one
        // server of two is down 60 of every 100 hours.
        let report = try Simulator.run(
            Self.scenario(
                layout: [0, 0], faults: nil, maintenance: Self.maintenance(period: 50, duration: 30, order: [1, 2]),
                years: 100, replications: 1),
            threads: 1)
        #expect(abs(report.metrics.availability.mean - 0.4) < 1e-9)
    }

    // MARK: Elections

    @Test func maintenanceOfTheLeaderCostsOneElectionEach() throws {
        let report = try Simulator.run(
            Self.scenario(
                layout: [0, 0, 0], faults: nil, maintenance: Self.maintenance(order: [1, 2, 3]),
                election: Self.election,
                years: 10, replications: 2),
            threads: 2)
        let m = report.metrics
        #expect(m.episodesPerYear.mean == 0)
        #expect(m.electionsPerYear.mean > 0)
        // The leader is the highest id: each cycle takes down two leaders in turn.
        #expect(abs(m.electionsPerYear.mean - 2 * hoursPerYear / 100) < 0.2)
        let perElection = (10 + 0.2) / 60
        #expect(abs(m.downtimeMinutesPerYear.mean - m.electionsPerYear.mean * perElection) < 1e-6)
    }

    /// Five servers with quick repairs practically never lose quorum; elections follow
    /// leader failures, at rate 1/MTTF while serving.
    @Test func leaderFailuresCostDetectionPlusElection() throws {
        let faults = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 0.01))
        let report = try Simulator.run(
            Self.scenario(layout: [0, 0, 0, 0, 0], faults: faults, election: Self.election, years: 200), threads: 2)
        let m = report.metrics
        #expect(m.episodesPerYear.mean == 0)
        expectCovers(m.electionsPerYear, hoursPerYear / 100, "elections per year")
        let perElection = (10 + 0.2) / 60
        expectCovers(m.downtimeMinutesPerYear, hoursPerYear / 100 * perElection, "downtime")
        #expect(abs(m.electionMinutesPerYear.mean - m.downtimeMinutesPerYear.mean) < 1e-9)
    }

    @Test func regainingQuorumCostsAnElection() throws {
        // Single server: every repair is followed by a 2-hour election (detection 1 h +
        // 1 h), which a failure (rate 1/MTTF) abandons; then repair and elect again. With
        // q = e^(−2/MTTF) the chance an election finishes, the time from failure to
        // serving is U = (MTTR + E[min(X, 2)]) / q, E[min(X, 2)] = MTTF (1 − q).
        let report = try Simulator.run(
            Self.scenario(layout: [0], election: Election(detection: 1, duration: .fixed(1)), years: 400), threads: 2)
        let q = exp(-2 / Self.mttf)
        let unavailable = (Self.mttr + Self.mttf * (1 - q)) / q
        expectCovers(report.metrics.availability, Self.mttf / (Self.mttf + unavailable), "availability")
        // The episode includes the election that ends it.
        expectCovers(report.metrics.meanEpisodeMinutes, unavailable * 60, "mean episode")
    }

    // MARK: Partitions

    static func cut(_ a: Int, _ b: Int) -> Partition {
        Partition(zoneA: a, zoneB: b, process: faults)
    }

    @Test func aCutBetweenTwoOfThreeZonesStillServes() throws {
        let scenario = Self.scenario(
            zones: ["a", "b", "c"], layout: [0, 1, 2], faults: nil, partitions: [Self.cut(0, 1)])
        let evaluator = ServingEvaluator(scenario: scenario)
        #expect(evaluator.canServe(up: 0b111, cutState: 1))
        #expect(!evaluator.canServe(up: 0b011, cutState: 1))  // a and b up but cut apart
        let report = try Simulator.run(scenario, threads: 2)
        #expect(report.metrics.availability.mean == 1)
    }

    @Test func aCutBetweenThreeAndTwoLeavesTheThreeSideServing() throws {
        let scenario = Self.scenario(
            zones: ["a", "b"], layout: [0, 0, 0, 1, 1], faults: nil, partitions: [Self.cut(0, 1)],
            election: Self.election)
        let evaluator = ServingEvaluator(scenario: scenario)
        #expect(evaluator.servingZones(up: 0b11111, cutState: 1) == 0b01)
        let report = try Simulator.run(scenario, threads: 2)
        #expect(report.metrics.episodesPerYear.mean == 0)
        // A replication that starts uncut elects id 5, on the 2-side: the first cut moves it, once. One that
        // starts in a cut (stationary start, probability 20/120) elects on the 3-side and never moves.
        let perReplication = report.metrics.electionsPerYear.mean * 500
        let moved = perReplication * 12
        #expect(abs(moved - moved.rounded()) < 1e-9 && moved.rounded() >= 6 && moved.rounded() <= 12, "\(moved)")
    }

    @Test func aCutBetweenTwoAndTwoLosesQuorumWhileItLasts() throws {
        let scenario = Self.scenario(
            zones: ["a", "b"], layout: [0, 0, 1, 1], faults: nil, partitions: [Self.cut(0, 1)])
        let report = try Simulator.run(scenario, threads: 2)
        expectCovers(report.metrics.availability, Self.mttf / (Self.mttf + Self.mttr), "availability")
    }

    @Test func servingEvaluatorAgreesWithReachability() {
        let layouts: [(zones: Int, layout: [Int], groups: [Int?], partitions: [(Int, Int)])] = [
            (3, [0, 0, 1, 1, 2], [nil, nil, nil, nil, nil], [(0, 1), (1, 2)]),
            (2, [0, 0, 0, 1, 1], [nil, nil, nil, nil, nil], [(0, 1)]),
            (3, [0, 0, 0, 1, 1, 1, 2, 2, 2], [1, 1, 1, 2, 2, 2, 3, 3, 3], [(0, 2)]),
            (3, [0, 0, 1, 1, 2, 2], [1, 1, 2, 2, 3, 3], []),
        ]
        for entry in layouts {
            let servers = entry.layout.enumerated().map {
                Server(
                    id: $0.offset + 1, zone: $0.element, role: $0.offset == 1 ? .observer : .participant,
                    group: $0.offset == 1 ? nil : entry.groups[$0.offset])
            }
            let scenario = Scenario(
                name: "x", zones: (0..<entry.zones).map { Zone(name: "z\($0)") }, servers: servers,
                partitions: entry.partitions.map { Partition(zoneA: $0.0, zoneB: $0.1, process: Self.faults) })
            let evaluator = ServingEvaluator(scenario: scenario)
            let rule = QuorumRule(servers: servers)
            let reachability = Reachability(servers: servers, zoneCount: entry.zones)
            for cutState in 0..<(UInt64(1) << UInt64(entry.partitions.count)) {
                let cuts = cutState == 0 ? [] : evaluator.cuts(for: cutState)
                for up in 0..<(UInt64(1) << UInt64(servers.count)) {
                    #expect(
                        evaluator.canServe(up: up, cutState: cutState)
                            == reachability.canServe(up: up, cut: cuts, rule: rule))
                }
            }
        }
    }

    @Test func invalidScenariosBuiltInCodeAreRejected() {
        let bad = Scenario(name: "x", zones: [Zone(name: "a")], servers: [Server(id: 1, zone: 3)])
        #expect(throws: SimulationError.unknownZone(server: 0, zone: 3)) { try Simulator.run(bad) }
        let observers = Scenario(
            name: "x", zones: [Zone(name: "a")], servers: [Server(id: 1, zone: 0, role: .observer)])
        #expect(throws: SimulationError.noVoters) { try Simulator.run(observers) }
    }
}
