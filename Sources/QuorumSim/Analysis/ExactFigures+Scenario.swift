extension ExactFigures {
    /// The exact figures of `scenario` where the model allows them (independent alternating processes, see
    /// docs/exact-availability.md), `nil` where it does not: the time without a quorum, whatever the election
    /// settings, since elections do not change when a quorum exists; the episode rate only where every process
    /// is exponential. `quorumsim run` prints them beside the simulated figures.
    public init?(for scenario: Scenario) {
        var quorumOnly = scenario
        quorumOnly.election = nil
        guard let unavailability = ExactAvailability.unavailability(of: quorumOnly) else { return nil }
        self.init(
            unavailability: unavailability, episodesPerYear: ExactFrequency.episodes(of: quorumOnly)?.perYear,
            electionsInstant: scenario.election == nil)
    }
}
