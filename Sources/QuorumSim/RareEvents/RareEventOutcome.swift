/// What `quorumsim run --rare` adds to a scenario's report: the importance-sampling estimate,
/// or why there is none.
public enum RareEventOutcome: Sendable, Equatable {
    case estimated(RareEventEstimate)
    /// The estimator does not apply (or failed); the reason is a sentence for the operator.
    case unavailable(reason: String)

    /// Estimates the time without a quorum of `scenario` (its `election` is ignored).
    public static func run(_ scenario: Scenario, settings: RareEventSettings, threads: Int) -> RareEventOutcome {
        var quorumOnly = scenario
        quorumOnly.election = nil
        do {
            return .estimated(try ImportanceSampling.estimate(quorumOnly, settings: settings, threads: threads))
        } catch {
            return .unavailable(reason: error.description)
        }
    }

    /// The estimate; `nil` when the estimator did not apply.
    public var estimate: RareEventEstimate? {
        if case .estimated(let estimate) = self { return estimate }
        return nil
    }

    /// Why there is no estimate, one sentence; `nil` when there is one.
    public var reason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}
