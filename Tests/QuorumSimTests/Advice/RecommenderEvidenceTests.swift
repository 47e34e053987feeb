import Testing

@testable import QuorumSim

/// The advice and its evidence through the library alone: `Recommender.recommend` returns both.
struct RecommenderEvidenceTests {
    /// Three zones, 10 min/yr: five voters as 2/2/1, every figure exact. The evidence is the chosen placement and
    /// the best odd count below it, each simulated from its own scenario with the request's settings, and each
    /// simulation agrees with the figure the placement was ranked by.
    @Test func theEvidenceSimulatesThePlacementsTheAdviceNames() throws {
        var request = recommendRequest(zones: 3, target: .downtimeMinutesPerYear(10))
        request.simulation = RunSettings(years: 4000, replications: 8, seed: 7)
        var steps: [(step: Recommender.SimulationStep, names: [String])] = []
        let r = try Recommender.recommend(request, evidence: true) { steps.append(($0, $1.map(\.name))) }
        let chosen = try #require(r.chosen)
        #expect(r.evidence.map(\.placement) == r.evidenceCandidates)
        #expect(r.evidence.last?.placement == chosen)
        #expect(r.evidence.map(\.placement.voters) == [3, 5])
        let names = r.evidence.map { Recommender.scenario(for: $0.placement.counts, request).name }
        #expect(r.evidence.map(\.simulation.name) == names)
        #expect(r.evidence.allSatisfy { $0.simulation.settings == request.simulation })
        // Every figure is exact, so the only simulations are the evidence, announced once beforehand.
        #expect(steps.map(\.step) == [.evidence] && steps.first?.names == names)
        for e in r.evidence {
            let simulated = e.simulation.metrics.downtimeMinutesPerYear
            let ci = try #require(simulated.ci95)
            let slack = 3 * (ci.upperBound - ci.lowerBound)
            #expect(
                abs(simulated.mean - e.placement.downtimeMinutesPerYear) <= slack,
                "\(e.placement.layout): exact \(e.placement.downtimeMinutesPerYear), simulated \(simulated)")
        }
        #expect(r.text().contains("RECOMMENDED: 5 voter(s) as 2/2/1"))
        // Asked without it, the same advice has no evidence and simulates nothing.
        var none: [Recommender.SimulationStep] = []
        let plain = try Recommender.recommend(request) { step, _ in none.append(step) }
        #expect(plain.chosen == chosen && plain.evidence.isEmpty && none.isEmpty)
    }

    /// A placement ranked by its simulation is not simulated again: its evidence is that run.
    @Test func aSimulatedPlacementIsItsOwnEvidence() throws {
        var request = recommendRequest(zones: 1, target: .downtimeMinutesPerYear(1e5))
        request.maxVoters = 3
        request.maintenance = Maintenance(period: 720, duration: .fixed(0.5), order: [], procedure: .safe)
        request.simulation = RunSettings(years: 200, replications: 4, seed: 1)
        var steps: [Recommender.SimulationStep] = []
        let r = try Recommender.recommend(request, evidence: true) { step, _ in steps.append(step) }
        let chosen = try #require(r.chosen)
        #expect(chosen.isSimulated)
        let evidence = try #require(r.evidence.last)
        #expect(evidence.placement == chosen)
        #expect(evidence.simulation.metrics.downtimeMinutesPerYear.mean == chosen.downtimeMinutesPerYear)
        #expect(!steps.contains(.evidence), "the evidence reuses the ranking's runs")
    }
}
