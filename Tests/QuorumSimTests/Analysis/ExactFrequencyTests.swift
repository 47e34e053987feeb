import QuorumSim
import Testing

struct ExactFrequencyTests {
    @Test func singleServerFailsOncePerCycle() throws {
        let s = Fixture.scenario(perZone: [1], serverFaults: { _ in Fixture.exp(1000, 8) })
        let e = try #require(ExactFrequency.episodes(of: s))
        #expect(Fixture.relativeError(e.perHour, 1 / 1008.0) < 1e-14)
        #expect(Fixture.relativeError(e.perYear, hoursPerYear / 1008.0) < 1e-14)
        #expect(Fixture.relativeError(e.meanEpisodeHours, 8) < 1e-12)
    }

    /// Birth–death chain on the number of up servers: k → k−1 at kλ, k → k+1 at (n−k)μ.
    /// Solves detailed balance and returns the flow from `majority` up to `majority − 1` up.
    static func birthDeathLossRate(n: Int, mttf: Double, mttr: Double) -> (rate: Double, unavailability: Double) {
        let lambda = 1 / mttf
        let mu = 1 / mttr
        var weight = [Double](repeating: 0, count: n + 1)
        weight[0] = 1
        for k in 1...n { weight[k] = weight[k - 1] * Double(n - k + 1) * mu / (Double(k) * lambda) }
        let total = weight.reduce(0, +)
        let pi = weight.map { $0 / total }
        let majority = n / 2 + 1
        let down = pi[0..<majority].reduce(0, +)
        return (pi[majority] * Double(majority) * lambda, down)
    }

    @Test(arguments: [3, 4, 5, 7])
    func oneZoneMatchesBirthDeathChain(n: Int) throws {
        let (mttf, mttr) = (600.0, 15.0)
        let s = Fixture.scenario(perZone: [n], serverFaults: { _ in Fixture.exp(mttf, mttr) })
        let e = try #require(ExactFrequency.episodes(of: s))
        let chain = Self.birthDeathLossRate(n: n, mttf: mttf, mttr: mttr)
        #expect(Fixture.relativeError(e.perHour, chain.rate) < 1e-11, "n=\(n): \(e.perHour) vs \(chain.rate)")
        #expect(Fixture.relativeError(e.unavailability, chain.unavailability) < 1e-10)
        #expect(Fixture.relativeError(e.meanEpisodeHours, chain.unavailability / chain.rate) < 1e-10)
    }

    @Test func threeServersByHand() throws {
        // π(2 up) · 2λ: two up, either failing loses the majority of 2.
        let (mttf, mttr) = (2000.0, 20.0)
        let s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(mttf, mttr) })
        let p = mttf / (mttf + mttr)
        let q = mttr / (mttf + mttr)
        let expected = 3 * p * p * q * 2 / mttf
        let rate = try #require(ExactFrequency.episodesPerHour(of: s))
        #expect(Fixture.relativeError(rate, expected) < 1e-13)
    }

    /// In the long run every loss is followed by a regain: the flow into serving states
    /// (computed here over repairs and healed cuts) must equal the flow out.
    @Test(arguments: [[2, 2, 1], [3, 2], [1, 1, 1]])
    func lossesBalanceRegains(perZone: [Int]) throws {
        let outages = perZone.indices.map { Fixture.exp(3000 + 500 * Double($0), 4 + Double($0)) }
        let partitions = [Partition(zoneA: 0, zoneB: 1, process: Fixture.exp(700, 2))]
        let s = Fixture.scenario(
            perZone: perZone, zoneOutages: outages, serverFaults: { id in Fixture.exp(500 + 40 * Double(id), 10) },
            partitions: partitions)
        let e = try #require(ExactFrequency.episodes(of: s))

        let serves = Fixture.contract(s)
        let parts: [FaultProcess] = outages + partitions.map(\.process) + s.servers.map { $0.faults! }
        let zoneCount = perZone.count
        func decide(_ state: Int) -> Bool {
            var up: UInt64 = 0
            for (i, server) in s.servers.enumerated()
            where state & (1 << server.zone) == 0 && state & (1 << (zoneCount + 1 + i)) == 0 {
                up |= 1 << UInt64(i)
            }
            var cut = [UInt64](repeating: 0, count: zoneCount)
            if state & (1 << zoneCount) != 0 {
                cut[0] = 1 << 1
                cut[1] = 1 << 0
                return serves(up, cut)
            }
            return serves(up, [])
        }
        var regains = 0.0
        var downTime = 0.0
        for state in 0..<(1 << parts.count) where !decide(state) {
            var pi = 1.0
            for (k, part) in parts.enumerated() {
                let f = part.timeToFailure.mean
                let r = part.timeToRepair.mean
                pi *= state & (1 << k) != 0 ? r / (f + r) : f / (f + r)
            }
            downTime += pi
            for (k, part) in parts.enumerated() where state & (1 << k) != 0 && decide(state & ~(1 << k)) {
                regains += pi / part.timeToRepair.mean
            }
        }
        #expect(Fixture.relativeError(e.perHour, regains) < 1e-11, "\(e.perHour) vs \(regains)")
        #expect(Fixture.relativeError(e.unavailability, downTime) < 1e-11)
    }

    @Test func needsExponentialTimesAndNoMaintenance() throws {
        var s = Fixture.scenario(perZone: [3], serverFaults: { _ in Fixture.exp(1000, 10) })
        #expect(ExactFrequency.applicability(of: s) == .exact)
        s.servers[0].faults = FaultProcess(timeToFailure: .weibull(shape: 2, scale: 1000), timeToRepair: .fixed(10))
        #expect(ExactFrequency.episodes(of: s) == nil)
        let reason = try #require(ExactFrequency.applicability(of: s).reason)
        #expect(reason.contains("server 1") && reason.contains("exponential"))
        // The availability itself is still exact.
        #expect(ExactAvailability.unavailability(of: s) != nil)

        s.servers[0].faults = nil
        s.maintenance = Maintenance(period: 720, duration: .fixed(1), order: [1, 2, 3])
        #expect(ExactFrequency.episodes(of: s) == nil)
        #expect(ExactFrequency.applicability(of: s) == .notExact([.maintenance]))
    }

    @Test func neverFailingEnsembleHasNoEpisodes() throws {
        let e = try #require(ExactFrequency.episodes(of: Fixture.scenario(perZone: [2, 1])))
        #expect(e.perHour == 0 && e.unavailability == 0 && e.meanEpisodeHours == 0)
    }
}
