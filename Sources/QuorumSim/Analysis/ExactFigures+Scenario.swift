extension ExactFigures {
    /// The exact figures of `scenario` where the model allows them (independent alternating processes, see
    /// docs/exact-availability.md), `nil` where it does not: the time without a quorum, whatever the election
    /// settings, since elections do not change when a quorum exists; the episode rate only where every process
    /// is exponential. `quorumsim run` prints them beside the simulated figures.
    public init?(for scenario: Scenario) {
        guard let unavailability = Self.timeWithoutQuorum(of: scenario) else { return nil }
        self.init(
            unavailability: unavailability,
            episodesPerYear: ExactFrequency.episodes(of: Self.electionsLeftOut(scenario))?.perYear,
            electionsInstant: scenario.election == nil)
    }

    /// The exact fraction of time `scenario` has no quorum, elections left out, clamped to 0…1; `nil` where the
    /// model does not allow it. The figure ``init(for:)`` reports, without the episode rate.
    static func timeWithoutQuorum(of scenario: Scenario) -> Double? {
        ExactAvailability.unavailability(of: electionsLeftOut(scenario)).map { Fraction.clamped($0) }
    }

    private static func electionsLeftOut(_ scenario: Scenario) -> Scenario {
        var quorumOnly = scenario
        quorumOnly.election = nil
        return quorumOnly
    }
}
