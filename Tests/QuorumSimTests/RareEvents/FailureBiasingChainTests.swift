import Testing

@testable import QuorumSim

/// The chain's parts, rates and quorum decision, and the likelihood-ratio bookkeeping, checked
/// without any estimate.
struct FailureBiasingChainTests {
    static let scenarios: [Scenario] = [
        RareFixture.scenario([2, 2, 1], partition: RareFixture.cut),
        RareFixture.scenario([3, 2, 2], partition: RareFixture.exp(1000, 50)),
        RareFixture.scenario([2, 2, 2], partition: RareFixture.exp(1000, 50), groupByZone: true),
    ]

    /// Weighting every chain state by its stationary probability (a product of λ/(λ+μ) and
    /// μ/(λ+μ) over the parts) and adding those where `serves` is false must give the exact
    /// solver's figure: this checks which parts the chain has, their rates, and its decision.
    @Test(arguments: scenarios)
    func stationarySumOfNonServingStatesIsTheExactFigure(_ scenario: Scenario) throws {
        let chain = try FailureBiasingChain(scenario: scenario)
        #expect(chain.partCount == scenario.zones.count + scenario.partitions.count + scenario.servers.count)
        let exact = try #require(ExactAvailability.unavailability(of: scenario))
        var sum = 0.0
        for state in UInt64(0)..<(1 << UInt64(chain.partCount)) where !chain.serves(state) {
            var p = 1.0
            for k in 0..<chain.partCount {
                let (lambda, mu) = (chain.failureRate[k], chain.repairRate[k])
                p *= state & (1 << UInt64(k)) != 0 ? lambda / (lambda + mu) : mu / (lambda + mu)
            }
            sum += p
        }
        #expect(abs(sum - exact) <= 1e-12 * exact, "chain \(sum), exact \(exact)")
    }

    /// The fast zone-by-zone decision against the contract's `Reachability.canServe`, state by state.
    @Test(arguments: scenarios)
    func servesAgreesWithReachabilityInEveryState(_ scenario: Scenario) throws {
        let chain = try FailureBiasingChain(scenario: scenario)
        let rule = QuorumRule(servers: scenario.servers)
        let reach = Reachability(servers: scenario.servers, zoneCount: scenario.zones.count)
        var disagreements = 0
        var losses = 0
        for state in UInt64(0)..<(1 << UInt64(chain.partCount)) {
            let (up, cut) = chain.upAndCuts(state)
            let expected = reach.canServe(up: up, cut: cut, rule: rule)
            if chain.serves(state) != expected { disagreements += 1 }
            if !expected { losses += 1 }
        }
        #expect(disagreements == 0)
        #expect(losses > 0)
    }

    /// A likelihood ratio is a density ratio: its mean over biased cycles is 1.
    @Test(arguments: [(0.3, true), (0.5, true), (0.5, false), (0.8, false)])
    func likelihoodRatioHasMeanOne(bias: Double, whileDown: Bool) throws {
        let chain = try FailureBiasingChain(scenario: Self.scenarios[1])
        var generator = Xoshiro256StarStar(seed: 3, stream: 0)
        var tally = CycleTally()
        var biasedPaths = 0
        for _ in 0..<20_000 {
            let c = try chain.cycle(bias: bias, biasWhileDown: whileDown, using: &generator)
            tally.add(c.likelihood)
            if c.likelihood != 1 { biasedPaths += 1 }
        }
        let standardError = (tally.variance / Double(tally.count)).squareRoot()
        #expect(abs(tally.mean - 1) <= 4 * standardError, "mean \(tally.mean) ± \(standardError)")
        #expect(standardError < 0.05)
        #expect(biasedPaths > 10_000)
    }

    /// Biasing every state towards failure makes cycles drift away from all-up; the step limit
    /// turns that into an error instead of a hang.
    @Test func aRunawayBiasIsStoppedWithAnError() {
        var settings = RareFixture.settings(bias: 0.95)
        settings.biasWhileDown = true
        settings.maxStepsPerCycle = 10_000
        #expect(throws: RareEventError.cycleTooLong(steps: 10_000)) {
            try ImportanceSampling.estimate(Self.scenarios[1], settings: settings, threads: 1)
        }
    }

    @Test func unbiasedCyclesKeepALikelihoodOfOne() throws {
        let chain = try FailureBiasingChain(scenario: Self.scenarios[0])
        var generator = Xoshiro256StarStar(seed: 4, stream: 0)
        for _ in 0..<1000 {
            #expect(try chain.cycle(bias: nil, biasWhileDown: false, using: &generator).likelihood == 1)
        }
    }
}
