extension Recommender {
    /// What the simulations `recommend` is about to run are for.
    public enum SimulationStep: Sendable, Equatable {
        /// Placements without an exact figure, simulated to rank them.
        case placements
        /// The evidence: plain simulations of the chosen placement and the best odd counts below it.
        case evidence
    }

    /// Each of `recommendation.evidenceCandidates` beside a plain simulation of its scenario. A placement ranked by
    /// its simulation reuses that run from `simulations` (same scenario, settings and seed), so it is not run twice.
    /// - Throws: `AdviceError` of kind `.simulationFailed` with the simulator's message.
    static func simulateEvidence(
        for recommendation: Recommendation, reusing simulations: [[Int]: SimulationReport],
        willSimulate: (SimulationStep, [Scenario]) -> Void
    ) throws(AdviceError) -> [RecommendationEvidence] {
        let request = recommendation.request
        let candidates = recommendation.evidenceCandidates
        let toSimulate = candidates.filter { simulations[$0.counts] == nil }.map { scenario(for: $0.counts, request) }
        if !toSimulate.isEmpty { willSimulate(.evidence, toSimulate) }
        var evidence: [RecommendationEvidence] = []
        for placement in candidates {
            var report = simulations[placement.counts]
            if report == nil {
                do { report = try Simulator.run(scenario(for: placement.counts, request), threads: request.threads) } catch {
                    throw AdviceError(error.description, kind: .simulationFailed)
                }
            }
            if let report { evidence.append(RecommendationEvidence(placement: placement, simulation: report)) }
        }
        return evidence
    }
}
