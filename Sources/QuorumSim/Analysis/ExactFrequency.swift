/// How often a quorum is lost, exactly, when every fault time is exponential.
///
/// With exponential times the independent parts form a continuous-time Markov chain whose
/// stationary law is the product form of `ExactAvailability`. The rate of quorum-loss
/// episodes is the probability flow from serving to non-serving states:
/// Σ over serving states s of π(s) · Σ over single-part flips f with no quorum after f of
/// rate(f). (Only failures and cuts can lose a quorum, but every flip is checked.)
/// Elections are ignored here: these are the episodes of the fault processes themselves.
public enum ExactFrequency {
    /// Exact episode figures.
    public struct Episodes: Sendable, Equatable {
        /// Quorum-loss episodes per hour.
        public var perHour: Double
        /// Quorum-loss episodes per year (`perHour × hoursPerYear`).
        public var perYear: Double
        /// Long-run fraction of time without a quorum (from `ExactAvailability`).
        public var unavailability: Double
        /// Mean episode length in hours: unavailability / frequency (0 when there are none).
        public var meanEpisodeHours: Double

        /// Episode figures from the rate per hour and the fraction of time without a quorum; the
        /// yearly rate and the mean length (hours, 0 without episodes) are derived.
        public init(perHour: Double, unavailability: Double) {
            self.perHour = perHour
            self.perYear = perHour * hoursPerYear
            self.unavailability = unavailability
            self.meanEpisodeHours = perHour > 0 ? unavailability / perHour : 0
        }
    }

    /// Whether `episodes(of:)` is exact for `scenario`, and if not, why.
    public static func applicability(of scenario: Scenario) -> ExactApplicability {
        let (model, problems) = ProductForm.make(scenario)
        guard let model else { return .notExact(problems) }
        let found = ComponentChain.problems(scenario: scenario, model: model)
        return found.isEmpty ? .exact : .notExact(found)
    }

    /// Episode frequency, unavailability and mean episode length; `nil` when not exact.
    public static func episodes(of scenario: Scenario) -> Episodes? {
        let (model, _) = ProductForm.make(scenario)
        guard let model, ComponentChain.problems(scenario: scenario, model: model).isEmpty else { return nil }
        let chain = ComponentChain(model: model)
        return Episodes(perHour: lossRate(chain), unavailability: model.unavailability())
    }

    /// Quorum-loss episodes per hour; `nil` when not exact.
    public static func episodesPerHour(of scenario: Scenario) -> Double? {
        episodes(of: scenario)?.perHour
    }

    /// Σ_{s serving} π(s) Σ_{flip f: not serving after} rate(f).
    static func lossRate(_ chain: ComponentChain) -> Double {
        let serving = chain.servingByState()
        var total = CompensatedSum()
        for s in 0..<chain.stateCount where serving[s] {
            let p = chain.probability(s)
            if p == 0 { continue }
            var out = 0.0
            for k in 0..<chain.parts.count where !serving[s ^ (1 << k)] {
                out += chain.flipRate(s, part: k)
            }
            if out > 0 { total.add(p * out) }
        }
        return total.value
    }
}
