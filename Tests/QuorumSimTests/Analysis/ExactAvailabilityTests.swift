import QuorumSim
import Testing

struct ExactAvailabilityTests {
    /// Σ_{k<majority} C(n,k) p^k q^(n−k), with C from Pascal's triangle and powers as explicit loops.
    static func binomialUnavailability(n: Int, mttf: Double, mttr: Double) -> Double {
        let p = mttf / (mttf + mttr)
        let q = mttr / (mttf + mttr)
        var pascal = [[Double]](repeating: [], count: n + 1)
        for row in 0...n {
            pascal[row] = (0...row).map { k in k == 0 || k == row ? 1 : pascal[row - 1][k - 1] + pascal[row - 1][k] }
        }
        let majority = n / 2 + 1
        var sum = 0.0
        for k in 0..<majority {
            var term = pascal[n][k]
            for _ in 0..<k { term *= p }
            for _ in 0..<(n - k) { term *= q }
            sum += term
        }
        return sum
    }

    @Test(arguments: [1, 3, 4, 5, 40])
    func oneZoneMatchesBinomial(n: Int) throws {
        let (mttf, mttr) = (2000.0, 8.0)
        let s = Fixture.scenario(perZone: [n], serverFaults: { _ in Fixture.exp(mttf, mttr) })
        let u = try #require(ExactAvailability.unavailability(of: s))
        let expected = Self.binomialUnavailability(n: n, mttf: mttf, mttr: mttr)
        #expect(Fixture.relativeError(u, expected) < 1e-12, "n=\(n): \(u) vs \(expected)")
        let a = try #require(ExactAvailability.availability(of: s))
        #expect(abs(a - (1 - expected)) < 1e-15)
    }

    @Test func distributionShapeDoesNotMatter() throws {
        // Alternating renewal: only the means count.
        let exponential = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(1000, 10) })
        let shaped = Fixture.scenario(
            perZone: [3],
            serverFaults: { _ in
                FaultProcess(
                    timeToFailure: .weibull(shape: 1.5, scale: 1000 / 0.902_745_292_950_933_6),
                    timeToRepair: .lognormal(median: 10 / 1.133_148_453_066_826_3, sigma: 0.5))
            })
        let a = try #require(ExactAvailability.unavailability(of: exponential))
        let b = try #require(ExactAvailability.unavailability(of: shaped))
        #expect(Fixture.relativeError(a, b) < 1e-9)
    }

    static let placements: [[Int]] = [[1, 1, 1], [2, 2, 1], [3, 2], [2, 2, 2], [3, 2, 2]]

    @Test(arguments: placements)
    func zonesMatchBruteForce(perZone: [Int]) throws {
        // Different parameters per zone and per server, so a mix-up of indices shows.
        let outages = perZone.indices.map { Fixture.exp(5000 + 1000 * Double($0), 6 + 3 * Double($0)) }
        let s = Fixture.scenario(
            perZone: perZone, zoneOutages: outages,
            serverFaults: { id in Fixture.exp(900 + 100 * Double(id), 12 + Double(id)) })
        let u = try #require(ExactAvailability.unavailability(of: s))
        let expected = Fixture.bruteForceUnavailability(s, serves: Fixture.majority(s))
        #expect(Fixture.relativeError(u, expected) < 1e-12, "\(perZone): \(u) vs \(expected)")
    }

    @Test func threeTwoOverTwoZonesIsTheLargerZonesOutage() throws {
        // Servers never fail: losing the zone with 3 loses quorum, losing the zone with 2 does not.
        let s = Fixture.scenario(perZone: [3, 2], zoneOutages: [Fixture.exp(8000, 5), Fixture.exp(3000, 40)])
        let u = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(u, 5.0 / 8005.0) < 1e-14)
    }

    @Test func twoTwoOneLosesQuorumOnlyWithTwoZones() throws {
        let outages = [Fixture.exp(4000, 4), Fixture.exp(6000, 9), Fixture.exp(2000, 30)]
        let s = Fixture.scenario(perZone: [2, 2, 1], zoneOutages: outages)
        let d = outages.map { $0.timeToRepair.mean / ($0.timeToFailure.mean + $0.timeToRepair.mean) }
        let a = outages.map { $0.timeToFailure.mean / ($0.timeToFailure.mean + $0.timeToRepair.mean) }
        let expected = d[0] * d[1] * a[2] + d[0] * a[1] * d[2] + a[0] * d[1] * d[2] + d[0] * d[1] * d[2]
        let u = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(u, expected) < 1e-13)
    }

    @Test func oneOneOneClosedForm() throws {
        let outages = [Fixture.exp(4000, 4), Fixture.exp(6000, 9), Fixture.exp(2000, 30)]
        let s = Fixture.scenario(
            perZone: [1, 1, 1], zoneOutages: outages, serverFaults: { id in Fixture.exp(1000 * Double(id), 10) })
        // Server i is up when its zone and its own process are up; two of three needed.
        var e: [Double] = []
        var f: [Double] = []
        for i in 0..<3 {
            let zf = outages[i].timeToFailure.mean
            let zr = outages[i].timeToRepair.mean
            let sf = 1000 * Double(i + 1)
            let sr = 10.0
            e.append(zf / (zf + zr) * sf / (sf + sr))
            f.append(zr / (zf + zr) + zf / (zf + zr) * sr / (sf + sr))
        }
        let expected = f[0] * f[1] * f[2] + e[0] * f[1] * f[2] + f[0] * e[1] * f[2] + f[0] * f[1] * e[2]
        let u = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(u, expected) < 1e-13)
    }

    @Test func rareEventsKeepRelativePrecision() throws {
        // 7 voters as 3/2/2, zones out 1 h every 10 years, servers 1 h every 2 years.
        let s = Fixture.scenario(
            perZone: [3, 2, 2],
            zoneOutages: [Fixture.exp(87_660, 1), Fixture.exp(87_660, 1.5), Fixture.exp(87_660, 2)],
            serverFaults: { id in Fixture.exp(17_532, 1 + 0.1 * Double(id)) })
        let u = try #require(ExactAvailability.unavailability(of: s))
        #expect(u > 1e-11 && u < 1e-8, "\(u)")
        let expected = Fixture.bruteForceUnavailability(s, serves: Fixture.majority(s))
        #expect(Fixture.relativeError(u, expected) < 1e-9, "\(u) vs \(expected)")
        // 1 − A cannot carry these digits; the unavailability must not come from it.
        let viaAvailability = 1 - (1 - expected)
        #expect(Fixture.relativeError(viaAvailability, expected) > Fixture.relativeError(u, expected))
    }

    @Test func observersDoNotCount() throws {
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(500, 20) })
        let without = try #require(ExactAvailability.unavailability(of: s))
        s.servers.append(Server(id: 9, zone: 0, role: .observer, faults: Fixture.exp(10, 10)))
        s.servers.append(Server(id: 10, zone: 0, role: .observer, faults: Fixture.exp(10, 10)))
        let with = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(with, without) < 1e-15)
        #expect(Fixture.relativeError(with, Self.binomialUnavailability(n: 3, mttf: 500, mttr: 20)) < 1e-12)
    }

    @Test func serversWithoutFaultsFailOnlyWithTheirZone() throws {
        var s = Fixture.scenario(
            perZone: [2, 2, 1], zoneOutages: [Fixture.exp(3000, 10), nil, Fixture.exp(5000, 20)],
            serverFaults: { id in id == 3 ? nil : Fixture.exp(700, 30) })
        s.serverFaults = nil
        let u = try #require(ExactAvailability.unavailability(of: s))
        let expected = Fixture.bruteForceUnavailability(s, serves: Fixture.majority(s))
        #expect(Fixture.relativeError(u, expected) < 1e-12)
    }

    @Test func hierarchicalMatchesBruteForce() throws {
        // 9 servers, 3 groups of 3; group g holds one server from each zone.
        var s = Fixture.scenario(
            perZone: [3, 3, 3], zoneOutages: [Fixture.exp(4000, 12), Fixture.exp(5000, 6), Fixture.exp(6000, 24)],
            serverFaults: { id in Fixture.exp(300 + 50 * Double(id), 10 + Double(id)) })
        for i in s.servers.indices { s.servers[i].group = i % 3 }
        let groupOf = s.servers.map { $0.group! }
        let serves: (UInt64, [UInt64]) -> Bool = { up, _ in
            var counts = [0, 0, 0]
            for i in 0..<9 where up & (1 << UInt64(i)) != 0 { counts[groupOf[i]] += 1 }
            return counts.filter { $0 >= 2 }.count >= 2
        }
        let u = try #require(ExactAvailability.unavailability(of: s))
        let expected = Fixture.bruteForceUnavailability(s, serves: serves)
        #expect(Fixture.relativeError(u, expected) < 1e-12, "\(u) vs \(expected)")
    }

    @Test func partitionsOnOneOneOne() throws {
        let c = [0.01, 0.002, 0.03]  // cut probabilities of links 0–1, 1–2, 0–2
        let links = [(0, 1), (1, 2), (0, 2)]
        let partitions = links.enumerated().map { k, pair in
            Partition(zoneA: pair.0, zoneB: pair.1, process: Fixture.exp(100 * (1 - c[k]), 100 * c[k]))
        }
        let q = [0.004, 0.02, 0.01]
        let s = Fixture.scenario(
            perZone: [1, 1, 1], serverFaults: { id in Fixture.exp(50 * (1 - q[id - 1]), 50 * q[id - 1]) },
            partitions: partitions)
        // Fewer than two up: down. Two up: down when their link is cut. Three up: down when every link is cut.
        let p = q.map { 1 - $0 }
        var expected = q[0] * q[1] * q[2] + p[0] * q[1] * q[2] + q[0] * p[1] * q[2] + q[0] * q[1] * p[2]
        expected += p[0] * p[1] * q[2] * c[0] + q[0] * p[1] * p[2] * c[1] + p[0] * q[1] * p[2] * c[2]
        expected += p[0] * p[1] * p[2] * c[0] * c[1] * c[2]
        let u = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(u, expected) < 1e-12, "\(u) vs \(expected)")
    }

    @Test(arguments: [[2, 2, 1], [3, 2, 2]])
    func partitionsWithLargerZonesMatchBruteForce(perZone: [Int]) throws {
        let partitions = [
            Partition(zoneA: 0, zoneB: 1, process: Fixture.exp(300, 7)),
            Partition(zoneA: 1, zoneB: 2, process: Fixture.exp(500, 20)),
        ]
        let s = Fixture.scenario(
            perZone: perZone, zoneOutages: [Fixture.exp(2000, 10), Fixture.exp(3000, 5), nil],
            serverFaults: { id in Fixture.exp(400 + 30 * Double(id), 9) }, partitions: partitions)
        let u = try #require(ExactAvailability.unavailability(of: s))
        let expected = Fixture.bruteForceUnavailability(s, serves: Fixture.contract(s))
        #expect(Fixture.relativeError(u, expected) < 1e-12, "\(u) vs \(expected)")
    }

    @Test func hierarchicalWithPartitionsMatchesBruteForce() throws {
        var s = Fixture.scenario(
            perZone: [3, 3], zoneOutages: [Fixture.exp(2000, 10), nil],
            serverFaults: { id in Fixture.exp(400 + 30 * Double(id), 9) },
            partitions: [Partition(zoneA: 0, zoneB: 1, process: Fixture.exp(200, 3))])
        for i in s.servers.indices { s.servers[i].group = i < 4 ? 1 : 2 }
        s.servers[0].weight = 3
        let u = try #require(ExactAvailability.unavailability(of: s))
        let expected = Fixture.bruteForceUnavailability(s, serves: Fixture.contract(s))
        #expect(Fixture.relativeError(u, expected) < 1e-12, "\(u) vs \(expected)")
    }

    // MARK: - Maintenance

    @Test func fixedMaintenanceIsATimeAverage() throws {
        let (mttf, mttr) = (1500.0, 12.0)
        let (d, period) = (2.0, 720.0)
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(mttf, mttr) })
        s.maintenance = Maintenance(period: period, duration: .fixed(d), order: [1, 2, 3])
        let u = try #require(ExactAvailability.unavailability(of: s))
        let p = mttf / (mttf + mttr)
        let q = mttr / (mttf + mttr)
        let nobodyDown = q * q * q + 3 * p * q * q  // fewer than 2 of 3 up
        let oneHeld = q * q + 2 * p * q  // fewer than 2 of the other 2 up
        let expected = (1 - 3 * d / period) * nobodyDown + 3 * (d / period) * oneHeld
        #expect(Fixture.relativeError(u, expected) < 1e-12, "\(u) vs \(expected)")
    }

    @Test func maintenanceOfSomeServersMatchesBruteForce() throws {
        var s = Fixture.scenario(
            perZone: [2, 2, 1], zoneOutages: [Fixture.exp(4000, 8), Fixture.exp(4000, 8), Fixture.exp(4000, 8)],
            serverFaults: { id in Fixture.exp(800 + 10 * Double(id), 20) })
        s.maintenance = Maintenance(period: 100, duration: .fixed(5), start: 3, order: [5, 2, 5])
        let u = try #require(ExactAvailability.unavailability(of: s))
        let serves = Fixture.majority(s)
        let idle = Fixture.bruteForceUnavailability(s, serves: serves)
        let held5 = Fixture.bruteForceUnavailability(s, forcedDown: 4, serves: serves)
        let held2 = Fixture.bruteForceUnavailability(s, forcedDown: 1, serves: serves)
        let expected = 0.85 * idle + 0.10 * held5 + 0.05 * held2
        #expect(Fixture.relativeError(u, expected) < 1e-12)
    }

    @Test func randomMaintenanceIsNotExact() {
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(1000, 10) })
        s.maintenance = Maintenance(period: 720, duration: .exponential(mean: 2), order: [1, 2, 3])
        #expect(ExactAvailability.unavailability(of: s) == nil)
        #expect(ExactAvailability.applicability(of: s) == .notExact([.maintenanceDurationNotFixed]))
        s.maintenance = Maintenance(period: 5, duration: .fixed(2), order: [1, 2, 3])
        #expect(ExactAvailability.unavailability(of: s) == nil)
        #expect(ExactAvailability.applicability(of: s).reason?.contains("period") == true)
    }

    // MARK: - Applicability

    @Test func electionsAreNotExact() throws {
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(1000, 10) })
        #expect(ExactAvailability.applicability(of: s) == .exact)
        s.election = Election(detection: 10.0 / 3600, duration: .fixed(0.2 / 3600))
        #expect(ExactAvailability.unavailability(of: s) == nil)
        #expect(ExactAvailability.availability(of: s) == nil)
        #expect(ExactAvailability.applicability(of: s) == .notExact([.elections]))
        #expect(ExactAvailability.applicability(of: s).reason?.contains("election") == true)
    }

    @Test func periodicProcessesInStepAreRefused() {
        let periodic = FaultProcess(timeToFailure: .fixed(100), timeToRepair: .fixed(1))
        var s = Fixture.scenario(perZone: [3], serverFaults: { id in id == 1 ? periodic : Fixture.exp(100, 1) })
        #expect(ExactAvailability.applicability(of: s) == .exact)
        s.servers[1].faults = periodic
        #expect(ExactAvailability.unavailability(of: s) == nil)
        guard case .notExact(let reasons) = ExactAvailability.applicability(of: s) else {
            Issue.record("two periodic processes accepted")
            return
        }
        #expect(reasons.count == 2)
    }

    @Test func tooManyStatesIsRefusedWithAReason() throws {
        var s = Fixture.scenario(perZone: [30], serverFaults: { _ in Fixture.exp(1000, 10) })
        // Plain majority is O(n²): still exact.
        #expect(ExactAvailability.unavailability(of: s) != nil)
        for i in s.servers.indices { s.servers[i].group = i % 3 }
        #expect(ExactAvailability.unavailability(of: s) == nil)
        let reason = try #require(ExactAvailability.applicability(of: s).reason)
        #expect(reason.contains("states"))
    }

    @Test func invalidProcessesAndHugeEnsemblesAreRefused() {
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(1000, 10) })
        s.servers[2].faults = Fixture.exp(0, 10)
        #expect(ExactAvailability.unavailability(of: s) == nil)
        #expect(ExactAvailability.applicability(of: s) == .notExact([.invalidProcess(component: "server 3 faults")]))
        let huge = Fixture.scenario(perZone: [40, 25])
        #expect(ExactAvailability.applicability(of: huge) == .notExact([.tooManyServers(count: 65)]))
        #expect(ExactFrequency.episodes(of: huge) == nil)
    }

    @Test func noFaultsMeansAlwaysAvailable() throws {
        let s = Fixture.scenario(perZone: [2, 2, 1])
        #expect(try #require(ExactAvailability.unavailability(of: s)) == 0)
        #expect(try #require(ExactAvailability.availability(of: s)) == 1)
    }
}
